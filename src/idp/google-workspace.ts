/**
 * Google Workspace as an identity provider: the Admin SDK Directory API `users.list` with a
 * service account and domain-wide delegation, over plain fetch (googleapis is a very large
 * dependency for one call; the OAuth 2.0 service-account flow is a signed JWT):
 *  - POST the RS256 JWT (iss = service account, sub = the admin to impersonate, scope
 *    admin.directory.user.readonly, aud = token_uri) with grant_type jwt-bearer → access token;
 *  - GET https://admin.googleapis.com/admin/directory/v1/users?customer=my_customer&maxResults=500,
 *    following nextPageToken; 429/5xx wait for Retry-After or back off.
 * Delegation: Admin console → Security → API controls → Domain-wide delegation → the service
 * account's client id with scope https://www.googleapis.com/auth/admin.directory.user.readonly.
 */
import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fetchJson, HttpError, NetworkError } from '../http/fetch-json';
import { IdpReadError } from '../identity/composite-idp';
import type { IdentityProvider, IdpUser } from '../identity/idp';
import { fromGoogleUser, type GoogleUser } from '../identity/idp-users';
import { cachedUsers } from './cache';

export const DIRECTORY_SCOPE = 'https://www.googleapis.com/auth/admin.directory.user.readonly';

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  token_uri?: string;
  client_id?: string;
}

export interface GoogleWorkspaceOptions {
  /** Path to the service account key file (JSON), or the parsed key. */
  credentials: string | ServiceAccountKey;
  adminEmail: string;
  customer?: string;
  directoryUrl?: string;
  pageSize?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** The signed JWT assertion of the service-account flow (RFC 7523). */
export function serviceAccountAssertion(key: ServiceAccountKey, subject: string, nowSeconds: number): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = b64url(
    JSON.stringify({
      iss: key.client_email,
      sub: subject,
      scope: DIRECTORY_SCOPE,
      aud: key.token_uri ?? 'https://oauth2.googleapis.com/token',
      iat: nowSeconds,
      exp: nowSeconds + 3600,
    }),
  );
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${claims}`);
  return `${header}.${claims}.${signer.sign(key.private_key).toString('base64url')}`;
}

function loadKey(c: string | ServiceAccountKey): ServiceAccountKey {
  if (typeof c !== 'string') return c;
  let raw: string;
  try {
    raw = readFileSync(c, 'utf8');
  } catch (err) {
    throw new IdpReadError(
      `GOOGLE_WORKSPACE_CREDENTIALS: cannot read the service account key file "${c}" (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`,
    );
  }
  let key: Partial<ServiceAccountKey> & { type?: string };
  try {
    key = JSON.parse(raw);
  } catch {
    throw new IdpReadError(`GOOGLE_WORKSPACE_CREDENTIALS: "${c}" is not a JSON service account key.`);
  }
  if (key.type !== 'service_account' || !key.client_email || !key.private_key)
    throw new IdpReadError(
      `GOOGLE_WORKSPACE_CREDENTIALS: "${c}" is not a service account key (needs type "service_account", client_email, private_key; IAM → Service accounts → Keys → Add key → JSON).`,
    );
  return key as ServiceAccountKey;
}

export class GoogleWorkspaceIdp implements IdentityProvider {
  readonly kind = 'google';
  readonly where: string;
  readonly permission =
    `Domain-wide delegation of ${DIRECTORY_SCOPE} to the service account, impersonating a Workspace admin`;
  private readonly directory: string;

  constructor(private readonly o: GoogleWorkspaceOptions) {
    this.directory = (o.directoryUrl ?? 'https://admin.googleapis.com').replace(/\/$/, '');
    this.where = `${this.directory} (customer ${o.customer ?? 'my_customer'}, as ${o.adminEmail})`;
  }

  listUsers(opts: { signal?: AbortSignal } = {}): Promise<IdpUser[]> {
    return cachedUsers(`google|${this.o.adminEmail}|${this.o.customer ?? ''}`, () => this.load(opts.signal));
  }

  private async load(signal?: AbortSignal): Promise<IdpUser[]> {
    const key = loadKey(this.o.credentials);
    const now = Math.floor((this.o.now?.() ?? Date.now()) / 1000);
    let token: string;
    try {
      const res = await fetchJson<{ access_token?: string }>({
        service: 'Google OAuth 2.0',
        url: key.token_uri ?? 'https://oauth2.googleapis.com/token',
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: serviceAccountAssertion(key, this.o.adminEmail, now),
        }),
        signal,
        sleep: this.o.sleep,
      });
      if (!res.body.access_token) throw new IdpReadError('Google returned no access_token.');
      token = res.body.access_token;
    } catch (err) {
      throw describeGoogleError(err, 'token', key.client_id);
    }
    const users: IdpUser[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      if (++pages > 10_000) throw new IdpReadError('Google Directory kept returning nextPageToken (10,000 pages).');
      const url = new URL(`${this.directory}/admin/directory/v1/users`);
      url.searchParams.set('customer', this.o.customer ?? 'my_customer');
      url.searchParams.set('maxResults', String(this.o.pageSize ?? 500));
      url.searchParams.set('projection', 'basic');
      if (pageToken) url.searchParams.set('pageToken', pageToken);
      try {
        const res = await fetchJson<{ users?: GoogleUser[]; nextPageToken?: string }>({
          service: 'Google Directory API',
          url: url.toString(),
          headers: { authorization: `Bearer ${token}` },
          signal,
          sleep: this.o.sleep,
        });
        for (const u of res.body.users ?? []) {
          const x = fromGoogleUser(u);
          if (x) users.push(x);
        }
        pageToken = res.body.nextPageToken || undefined;
      } catch (err) {
        throw describeGoogleError(err, 'users', key.client_id);
      }
    } while (pageToken);
    return users;
  }
}

export function describeGoogleError(err: unknown, step: 'token' | 'users', clientId?: string): Error {
  if (err instanceof IdpReadError) return err;
  if (err instanceof NetworkError) return new IdpReadError(`${err.message}.`);
  if (!(err instanceof HttpError)) return err as Error;
  const d = err.detail;
  if (step === 'token') {
    if (/unauthorized_client/.test(d))
      return new IdpReadError(
        `Google refused to delegate (${d.slice(0, 160)}): in the Admin console → Security → API controls → Domain-wide delegation, add client id ${clientId ?? '(the service account client_id)'} with scope ${DIRECTORY_SCOPE} (GOOGLE_WORKSPACE_CREDENTIALS).`,
      );
    if (/invalid_grant/.test(d))
      return new IdpReadError(
        `Google rejected the assertion (${d.slice(0, 160)}): check GOOGLE_WORKSPACE_ADMIN_EMAIL is an existing Workspace admin, that the key in GOOGLE_WORKSPACE_CREDENTIALS is not deleted, and the clock.`,
      );
    return new IdpReadError(`Google token request failed (HTTP ${err.status}): ${d.slice(0, 200)}`);
  }
  if (err.status === 401 || err.status === 403)
    return new IdpReadError(
      `Google Directory refused users.list (${err.status}${d ? `: ${d.slice(0, 120)}` : ''}): GOOGLE_WORKSPACE_ADMIN_EMAIL must be an admin allowed to read users, and GOOGLE_WORKSPACE_CUSTOMER your customer id (or my_customer).`,
    );
  if (err.status === 429) return new IdpReadError('Google Directory kept rate-limiting users.list (429): retry later.');
  return new IdpReadError(`Google Directory users.list failed (HTTP ${err.status}): ${d.slice(0, 200)}`);
}
