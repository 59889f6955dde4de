/**
 * JumpCloud as an identity provider: GET /api/systemusers (API v1) with the `x-api-key` header
 * (and `x-org-id` for multi-tenant admins), paged with limit/skip until `totalCount` is reached;
 * 429 waits for Retry-After or backs off. Plain fetch: JumpCloud publishes no maintained
 * JavaScript SDK. A read-only administrator's API key is enough. The key is never logged.
 */
import { fetchJson, HttpError, NetworkError } from '../http/fetch-json';
import { IdpReadError } from '../identity/composite-idp';
import type { IdentityProvider, IdpUser } from '../identity/idp';
import { fromJumpCloudUser, type JumpCloudUser } from '../identity/idp-users';
import { cachedUsers } from './cache';

export interface JumpCloudOptions {
  apiKey: string;
  orgId?: string;
  baseUrl?: string;
  pageSize?: number;
  sleep?: (ms: number) => Promise<void>;
}

const FIELDS = 'username email alternateEmail state suspended activated account_locked password_expired created';

export class JumpCloudIdp implements IdentityProvider {
  readonly kind = 'jumpcloud';
  readonly where: string;
  readonly permission = 'a JumpCloud administrator API key (Read Only role is enough)';

  constructor(private readonly o: JumpCloudOptions) {
    this.where = (o.baseUrl ?? 'https://console.jumpcloud.com').replace(/\/$/, '');
  }

  listUsers(opts: { signal?: AbortSignal } = {}): Promise<IdpUser[]> {
    return cachedUsers(`jumpcloud|${this.where}|${this.o.orgId ?? ''}`, () => this.load(opts.signal));
  }

  private async load(signal?: AbortSignal): Promise<IdpUser[]> {
    const limit = this.o.pageSize ?? 100;
    const users: IdpUser[] = [];
    let skip = 0;
    for (let page = 0; page < 100_000; page++) {
      const url = new URL(`${this.where}/api/systemusers`);
      url.searchParams.set('limit', String(limit));
      url.searchParams.set('skip', String(skip));
      url.searchParams.set('fields', FIELDS);
      let body: { totalCount?: number; results?: JumpCloudUser[] };
      try {
        body = (
          await fetchJson<typeof body>({
            service: 'JumpCloud',
            url: url.toString(),
            headers: { 'x-api-key': this.o.apiKey, ...(this.o.orgId ? { 'x-org-id': this.o.orgId } : {}) },
            signal,
            sleep: this.o.sleep,
          })
        ).body;
      } catch (err) {
        throw describeJumpCloudError(err, this.where);
      }
      const results = body.results ?? [];
      for (const u of results) {
        const x = fromJumpCloudUser(u);
        if (x) users.push(x);
      }
      skip += results.length;
      if (!results.length || (typeof body.totalCount === 'number' && skip >= body.totalCount)) return users;
    }
    throw new IdpReadError('JumpCloud kept returning pages (100,000); stopped.');
  }
}

export function describeJumpCloudError(err: unknown, where: string): Error {
  if (err instanceof NetworkError) return new IdpReadError(`${err.message}. Check JUMPCLOUD_API_URL.`);
  if (!(err instanceof HttpError)) return err as Error;
  if (err.status === 401)
    return new IdpReadError(
      `JumpCloud (${where}) rejected the API key (401): set JUMPCLOUD_API_KEY to a current key (Admin Portal → your name → My API Key), and JUMPCLOUD_ORG_ID for a multi-tenant portal.`,
    );
  if (err.status === 403)
    return new IdpReadError(
      `JumpCloud (${where}) refused to list users (403${err.detail ? `: ${err.detail}` : ''}): the key's administrator needs at least the Read Only role in that organization (JUMPCLOUD_ORG_ID).`,
    );
  if (err.status === 429)
    return new IdpReadError(`JumpCloud (${where}) kept rate-limiting the user listing (429): retry later.`);
  return new IdpReadError(`JumpCloud (${where}) user listing failed (HTTP ${err.status}): ${err.detail.slice(0, 200)}`);
}
