/**
 * Okta as an identity provider, through the official SDK (`@okta/okta-sdk-nodejs`): users listed
 * with the SDK's collection (it follows the `Link: rel="next"` pagination, 200 a page). Okta's plain
 * list omits DEPROVISIONED users, so they are listed separately with a status filter and merged.
 * Results are cached for the process for `cacheMinutes` (default 15): a scan of ten accounts reads
 * Okta once. The API token is never logged or returned.
 */
import { Client, DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';
import { fromOktaUser, type IdentityProvider, type IdpUser } from '../identity/idp';

export interface OktaOptions {
  orgUrl: string;
  token: string;
  cacheMinutes?: number;
  /** Page size (Okta allows up to 200). */
  pageSize?: number;
  now?: () => number;
}

const cache = new Map<string, { at: number; users: IdpUser[] }>();

export function clearOktaCache(): void {
  cache.clear();
}

export class OktaIdp implements IdentityProvider {
  readonly kind = 'okta';
  readonly where: string;
  readonly permission = 'Okta Read-only Administrator (okta.users.read)';
  private client: Client;
  constructor(private readonly o: OktaOptions) {
    this.where = new URL(o.orgUrl).origin;
    // The SDK's own response cache is disabled: this class caches the merged list itself.
    // 429s are retried by the SDK after X-Rate-Limit-Reset (at most twice, within 2 minutes).
    this.client = new Client({
      orgUrl: this.where,
      token: o.token,
      cacheMiddleware: null,
      requestExecutor: new DefaultRequestExecutor({ maxRetries: 2, requestTimeout: 120_000 }),
    });
  }

  async listUsers(): Promise<IdpUser[]> {
    const now = this.o.now?.() ?? Date.now();
    const hit = cache.get(this.where);
    if (hit && now - hit.at < (this.o.cacheMinutes ?? 15) * 60_000) return hit.users;
    const limit = this.o.pageSize ?? 200;
    const byId = new Map<string, IdpUser>();
    const collect = async (params: { limit: number; filter?: string }) => {
      const users = await this.client.userApi.listUsers(params);
      for await (const u of users) {
        const x = u && fromOktaUser(u as never);
        if (x) byId.set(x.id ?? x.login, x);
      }
    };
    try {
      await collect({ limit });
      await collect({ limit, filter: 'status eq "DEPROVISIONED"' });
    } catch (err) {
      throw new OktaReadError(describeOktaError(err, this.where));
    }
    const users = [...byId.values()];
    cache.set(this.where, { at: now, users });
    return users;
  }
}

export class OktaReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OktaReadError';
  }
}

/** An Okta SDK error → what to do (no token in the text). */
export function describeOktaError(err: unknown, where: string): string {
  const e = err as { status?: number; errorCode?: string; errorSummary?: string; message?: string };
  const status = e.status;
  const summary = e.errorSummary ?? e.message ?? String(err);
  if (status === 401)
    return `Okta (${where}) rejected the API token (401 ${e.errorCode ?? ''}): create a new read-only admin token (Security → API → Tokens) and set OKTA_API_TOKEN.`;
  if (status === 403)
    return `Okta (${where}) refused to list users (403 ${e.errorCode ?? ''}): the token's admin needs the Read-only Administrator role (okta.users.read).`;
  if (status === 429) return `Okta (${where}) rate-limited the user listing (429): retry in a minute.`;
  return `Could not list Okta users from ${where}: ${summary.replace(/SSWS\s+\S+/g, 'SSWS ***')}`;
}
