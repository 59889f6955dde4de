/**
 * OneLogin as an identity provider (API 2, plain fetch; the OneLogin Node SDK is unmaintained):
 *  - POST https://{subdomain}.onelogin.com/auth/oauth2/v2/token, Basic client_id:client_secret,
 *    {"grant_type":"client_credentials"} → access token;
 *  - GET /api/2/users?limit=…, following the After-Cursor response header with `cursor`;
 *  - 429: waits X-RateLimit-Reset seconds (or Retry-After).
 * The API credential needs the "Read users" scope. The secret is never logged.
 */
import { fetchJson, HttpError, NetworkError, retryAfterHeader } from '../http/fetch-json';
import { IdpReadError } from '../identity/composite-idp';
import type { IdentityProvider, IdpUser } from '../identity/idp';
import { fromOneLoginUser, type OneLoginUser } from '../identity/idp-users';
import { cachedUsers } from './cache';

export interface OneLoginOptions {
  subdomain: string;
  clientId: string;
  clientSecret: string;
  /** Override the API origin (tests); default https://{subdomain}.onelogin.com. */
  baseUrl?: string;
  pageSize?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** OneLogin: `X-RateLimit-Reset` is the number of seconds until the window resets. */
export function oneLoginRetryAfterMs(res: Response, now: number): number | undefined {
  const v = res.headers.get('x-ratelimit-reset');
  if (v && /^\d+$/.test(v.trim())) return Number(v) * 1000;
  return retryAfterHeader(res, now);
}

export class OneLoginIdp implements IdentityProvider {
  readonly kind = 'onelogin';
  readonly where: string;
  readonly permission = 'OneLogin API credential with the "Read users" scope';

  constructor(private readonly o: OneLoginOptions) {
    this.where = (o.baseUrl ?? `https://${o.subdomain}.onelogin.com`).replace(/\/$/, '');
  }

  listUsers(opts: { signal?: AbortSignal } = {}): Promise<IdpUser[]> {
    return cachedUsers(`onelogin|${this.where}|${this.o.clientId}`, () => this.load(opts.signal));
  }

  private async load(signal?: AbortSignal): Promise<IdpUser[]> {
    const retry = { retryAfterMs: oneLoginRetryAfterMs, maxWaitMs: 120_000 };
    let token: string;
    try {
      const res = await fetchJson<{ access_token?: string }>({
        service: 'OneLogin token endpoint',
        url: `${this.where}/auth/oauth2/v2/token`,
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${this.o.clientId}:${this.o.clientSecret}`).toString('base64')}`,
        },
        body: { grant_type: 'client_credentials' },
        signal,
        retry,
        sleep: this.o.sleep,
      });
      if (!res.body.access_token) throw new IdpReadError('OneLogin returned no access_token.');
      token = res.body.access_token;
    } catch (err) {
      throw describeOneLoginError(err, this.where, 'token');
    }
    const users: IdpUser[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100_000; page++) {
      const url = new URL(`${this.where}/api/2/users`);
      url.searchParams.set('limit', String(this.o.pageSize ?? 1000));
      if (cursor) url.searchParams.set('cursor', cursor);
      try {
        const res = await fetchJson<OneLoginUser[]>({
          service: 'OneLogin',
          url: url.toString(),
          headers: { authorization: `Bearer ${token}` },
          signal,
          retry,
          sleep: this.o.sleep,
        });
        if (!Array.isArray(res.body)) throw new IdpReadError('OneLogin /api/2/users did not return a JSON array.');
        for (const u of res.body) {
          const x = fromOneLoginUser(u);
          if (x) users.push(x);
        }
        cursor = res.headers.get('after-cursor') || undefined;
        if (!cursor || !res.body.length) return users;
      } catch (err) {
        throw describeOneLoginError(err, this.where, 'users');
      }
    }
    throw new IdpReadError('OneLogin kept returning After-Cursor (100,000 pages); stopped.');
  }
}

export function describeOneLoginError(err: unknown, where: string, step: 'token' | 'users'): Error {
  if (err instanceof IdpReadError) return err;
  if (err instanceof NetworkError) return new IdpReadError(`${err.message}. Check ONELOGIN_SUBDOMAIN.`);
  if (!(err instanceof HttpError)) return err as Error;
  if (step === 'token' && (err.status === 400 || err.status === 401))
    return new IdpReadError(
      `OneLogin (${where}) rejected the API credential (${err.status}${err.detail ? `: ${err.detail}` : ''}): check ONELOGIN_CLIENT_ID, ONELOGIN_CLIENT_SECRET and ONELOGIN_SUBDOMAIN (Administration → Developers → API Credentials).`,
    );
  if (err.status === 401 || err.status === 403)
    return new IdpReadError(
      `OneLogin (${where}) refused to list users (${err.status}): the API credential needs the "Read users" scope (ONELOGIN_CLIENT_ID).`,
    );
  if (err.status === 429)
    return new IdpReadError(
      `OneLogin (${where}) kept rate-limiting the user listing (429): retry after X-RateLimit-Reset.`,
    );
  return new IdpReadError(`OneLogin (${where}) ${step} failed (HTTP ${err.status}): ${err.detail.slice(0, 200)}`);
}
