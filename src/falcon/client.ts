/**
 * CrowdStrike Falcon API client (plain fetch; CrowdStrike ships no maintained JavaScript SDK):
 *  - OAuth2 client credentials: POST /oauth2/token (form client_id, client_secret) → a bearer
 *    token valid `expires_in` seconds (30 minutes); cached and refreshed a minute before expiry,
 *    and once more if the API answers 401 (revoked or rotated);
 *  - 429: waits until `X-RateLimit-RetryAfter` (epoch seconds), as CrowdStrike documents;
 *  - read-only calls: alerts (GET /alerts/queries/alerts/v2, POST /alerts/entities/alerts/v2) and
 *    hosts (GET /devices/queries/devices/v1, GET /devices/entities/devices/v2).
 * Scopes needed: Alerts: Read, Hosts: Read. The secret is never logged or put in an error.
 */
import { fetchJson, HttpError, NetworkError, type RetryPolicy } from '../http/fetch-json';
import { ToolError } from '../errors';
import type { FalconAlert, FalconEnvelope, FalconHost } from '../crowdstrike/types';

export interface FalconOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Sent as `member_cid` for Flight Control (MSSP) child tenants. */
  memberCid?: string;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  timeoutMs?: number;
}

/** A Falcon failure the analyst can act on (a ToolError: surfaces print it without a stack). */
export class FalconError extends ToolError {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FalconError';
  }
}

/** CrowdStrike's 429: `X-RateLimit-RetryAfter` is the epoch second at which to retry. */
export function falconRetryAfterMs(res: Response, now: number): number | undefined {
  const v = res.headers.get('x-ratelimit-retryafter');
  if (!v || !/^\d+$/.test(v.trim())) return undefined;
  return Math.max(0, Number(v) * 1000 - now);
}

/** FQL string literal: single-quoted; only characters ids and host names use are allowed. */
export function fqlValue(v: string): string {
  if (!/^[\w.:@\\-]{1,256}$/.test(v))
    throw new FalconError(
      `"${v.slice(0, 60)}" is not a valid alert id or host name (letters, digits, . : @ _ - only).`,
    );
  return `'${v}'`;
}

const RETRY: RetryPolicy = { maxRetries: 3, retryAfterMs: falconRetryAfterMs, maxWaitMs: 60_000 };

export class FalconClient {
  readonly where: string;
  private token?: { value: string; expiresAt: number };
  calls = 0;

  constructor(private readonly o: FalconOptions) {
    this.where = new URL(o.baseUrl).origin;
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  private async accessToken(signal?: AbortSignal): Promise<string> {
    if (this.token && this.token.expiresAt > this.now()) return this.token.value;
    const form = new URLSearchParams({ client_id: this.o.clientId, client_secret: this.o.clientSecret });
    if (this.o.memberCid) form.set('member_cid', this.o.memberCid);
    try {
      this.calls++;
      const res = await fetchJson<{ access_token?: string; expires_in?: number; token_type?: string }>({
        service: 'CrowdStrike OAuth2',
        url: `${this.where}/oauth2/token`,
        method: 'POST',
        body: form,
        signal,
        retry: RETRY,
        sleep: this.o.sleep,
        now: this.o.now,
        timeoutMs: this.o.timeoutMs,
      });
      const value = res.body.access_token;
      if (!value) throw new FalconError(`CrowdStrike (${this.where}) returned no access_token from /oauth2/token.`);
      // Refresh a minute early so a long question never sends an expired token.
      const ttl = Math.max(60, res.body.expires_in ?? 1799) - 60;
      this.token = { value, expiresAt: this.now() + ttl * 1000 };
      return value;
    } catch (err) {
      throw describeFalconError(err, this.where, 'token');
    }
  }

  /** One authenticated JSON call; a 401 refreshes the token once. */
  private async call<T>(
    path: string,
    init: { method?: string; query?: Record<string, string | string[]>; body?: unknown; signal?: AbortSignal },
  ): Promise<FalconEnvelope<T>> {
    const url = new URL(path, this.where);
    for (const [k, v] of Object.entries(init.query ?? {}))
      for (const x of Array.isArray(v) ? v : [v]) url.searchParams.append(k, x);
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken(init.signal);
      try {
        this.calls++;
        const res = await fetchJson<FalconEnvelope<T>>({
          service: 'CrowdStrike',
          url: url.toString(),
          method: init.method,
          headers: { authorization: `Bearer ${token}` },
          body: init.body,
          signal: init.signal,
          retry: RETRY,
          sleep: this.o.sleep,
          now: this.o.now,
          timeoutMs: this.o.timeoutMs,
        });
        return res.body;
      } catch (err) {
        if (err instanceof HttpError && err.status === 401 && attempt === 0) {
          this.token = undefined;
          continue;
        }
        throw describeFalconError(err, this.where, path);
      }
    }
  }

  /** Alert composite ids matching an FQL filter (GET /alerts/queries/alerts/v2). */
  async queryAlerts(filter: string, opts: { limit?: number; signal?: AbortSignal } = {}): Promise<string[]> {
    const env = await this.call<string>('/alerts/queries/alerts/v2', {
      query: { filter, limit: String(opts.limit ?? 100), sort: 'timestamp.desc' },
      signal: opts.signal,
    });
    return (env.resources ?? []).filter((x): x is string => typeof x === 'string');
  }

  /** Full alerts by composite id (POST /alerts/entities/alerts/v2, at most 1,000 ids a call). */
  async getAlerts(compositeIds: string[], opts: { signal?: AbortSignal } = {}): Promise<FalconAlert[]> {
    const out: FalconAlert[] = [];
    for (let i = 0; i < compositeIds.length; i += 1000) {
      const env = await this.call<FalconAlert>('/alerts/entities/alerts/v2', {
        method: 'POST',
        body: { composite_ids: compositeIds.slice(i, i + 1000) },
        signal: opts.signal,
      });
      out.push(...(env.resources ?? []));
    }
    return out;
  }

  /** Host ids matching an FQL filter (GET /devices/queries/devices/v1). */
  async queryDevices(filter: string, opts: { limit?: number; signal?: AbortSignal } = {}): Promise<string[]> {
    const env = await this.call<string>('/devices/queries/devices/v1', {
      query: { filter, limit: String(opts.limit ?? 100) },
      signal: opts.signal,
    });
    return (env.resources ?? []).filter((x): x is string => typeof x === 'string');
  }

  /** Host details (GET /devices/entities/devices/v2?ids=…, 100 ids a call). */
  async getDevices(ids: string[], opts: { signal?: AbortSignal } = {}): Promise<FalconHost[]> {
    const out: FalconHost[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const env = await this.call<FalconHost>('/devices/entities/devices/v2', {
        query: { ids: ids.slice(i, i + 100) },
        signal: opts.signal,
      });
      out.push(...(env.resources ?? []));
    }
    return out;
  }
}

/** Any failure → a FalconError whose text says what to do (names the variable; no secret). */
export function describeFalconError(err: unknown, where: string, what: string): Error {
  if (err instanceof FalconError) return err;
  if (err instanceof NetworkError)
    return new FalconError(
      `CrowdStrike could not be reached at ${where} (${err.message}). Check FALCON_BASE_URL (US-1, US-2, EU-1 or US-GOV-1) and the network path.`,
    );
  if (!(err instanceof HttpError)) return err as Error;
  const s = err.status;
  if (what === 'token' && (s === 400 || s === 401 || s === 403))
    return new FalconError(
      `CrowdStrike (${where}) rejected the API client credentials (HTTP ${s}${err.detail ? `: ${err.detail}` : ''}): check FALCON_CLIENT_ID and FALCON_CLIENT_SECRET (Falcon console → Support and resources → API clients and keys), and that FALCON_BASE_URL is your tenant's cloud.`,
      s,
    );
  if (s === 401)
    return new FalconError(
      `CrowdStrike (${where}) rejected the token (401) even after refreshing it: check FALCON_CLIENT_ID and FALCON_CLIENT_SECRET.`,
      s,
    );
  if (s === 403)
    return new FalconError(
      `CrowdStrike (${where}) refused ${what} (403${err.detail ? `: ${err.detail}` : ''}): give the API client the read-only scopes Alerts: Read and Hosts: Read, and check FALCON_BASE_URL is your tenant's cloud.`,
      s,
    );
  if (s === 429)
    return new FalconError(
      `CrowdStrike (${where}) kept rate-limiting ${what} (429) after the waits it asked for: retry in a minute.`,
      s,
    );
  return new FalconError(`CrowdStrike (${where}) ${what} failed: HTTP ${s}${err.detail ? ` — ${err.detail}` : ''}.`, s);
}
