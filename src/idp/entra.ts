/**
 * Microsoft Entra ID as an identity provider, through Microsoft Graph with plain fetch (the
 * Graph JavaScript SDK adds a large dependency for two calls):
 *  - client credentials: POST https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token with
 *    scope https://graph.microsoft.com/.default;
 *  - GET /v1.0/users?$select=id,userPrincipalName,mail,otherMails,proxyAddresses,accountEnabled&$top=999,
 *    following @odata.nextLink until it is absent;
 *  - 429/503 wait for Retry-After (Graph throttling).
 * Needs the application permission User.Read.All with admin consent. The secret is never logged.
 */
import { fetchJson, HttpError, NetworkError } from '../http/fetch-json';
import { IdpReadError } from '../identity/composite-idp';
import type { IdentityProvider, IdpUser } from '../identity/idp';
import { type EntraUser, fromEntraUser } from '../identity/idp-users';
import { cachedUsers } from './cache';

export interface EntraOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  loginUrl?: string;
  graphUrl?: string;
  pageSize?: number;
  sleep?: (ms: number) => Promise<void>;
}

const SELECT = 'id,userPrincipalName,mail,otherMails,proxyAddresses,accountEnabled';

export class EntraIdp implements IdentityProvider {
  readonly kind = 'entra';
  readonly where: string;
  readonly permission = 'Microsoft Graph application permission User.Read.All (admin consent)';
  private readonly login: string;
  private readonly graph: string;

  constructor(private readonly o: EntraOptions) {
    this.login = (o.loginUrl ?? 'https://login.microsoftonline.com').replace(/\/$/, '');
    this.graph = (o.graphUrl ?? 'https://graph.microsoft.com').replace(/\/$/, '');
    this.where = `${this.graph} (tenant ${o.tenantId})`;
  }

  listUsers(opts: { signal?: AbortSignal } = {}): Promise<IdpUser[]> {
    return cachedUsers(`entra|${this.o.tenantId}|${this.o.clientId}`, () => this.load(opts.signal));
  }

  private async load(signal?: AbortSignal): Promise<IdpUser[]> {
    let token: string;
    try {
      const res = await fetchJson<{ access_token?: string }>({
        service: 'Microsoft Entra ID token endpoint',
        url: `${this.login}/${encodeURIComponent(this.o.tenantId)}/oauth2/v2.0/token`,
        method: 'POST',
        body: new URLSearchParams({
          client_id: this.o.clientId,
          client_secret: this.o.clientSecret,
          scope: 'https://graph.microsoft.com/.default',
          grant_type: 'client_credentials',
        }),
        signal,
        sleep: this.o.sleep,
      });
      if (!res.body.access_token) throw new IdpReadError('Entra ID returned no access_token.');
      token = res.body.access_token;
    } catch (err) {
      throw describeEntraError(err, 'token');
    }
    const users: IdpUser[] = [];
    let url: string | undefined = `${this.graph}/v1.0/users?$select=${SELECT}&$top=${this.o.pageSize ?? 999}`;
    let pages = 0;
    while (url) {
      if (++pages > 10_000) throw new IdpReadError('Microsoft Graph kept returning @odata.nextLink (10,000 pages).');
      // nextLink is followed only on the same Graph host: it is data from the response.
      if (new URL(url).origin !== new URL(this.graph).origin)
        throw new IdpReadError(
          `Microsoft Graph returned a nextLink to another host (${new URL(url).origin}); stopped.`,
        );
      try {
        const res: { body: { value?: EntraUser[]; '@odata.nextLink'?: string } } = await fetchJson({
          service: 'Microsoft Graph',
          url,
          headers: { authorization: `Bearer ${token}` },
          signal,
          sleep: this.o.sleep,
        });
        for (const u of res.body.value ?? []) {
          const x = fromEntraUser(u);
          if (x) users.push(x);
        }
        url = res.body['@odata.nextLink'];
      } catch (err) {
        throw describeEntraError(err, 'users');
      }
    }
    return users;
  }
}

export function describeEntraError(err: unknown, step: 'token' | 'users'): Error {
  if (err instanceof IdpReadError) return err;
  if (err instanceof NetworkError) return new IdpReadError(`${err.message}.`);
  if (!(err instanceof HttpError)) return err as Error;
  const d = err.detail;
  if (step === 'token') {
    if (/AADSTS(7000215|7000222)/.test(d) || /invalid_client/.test(d))
      return new IdpReadError(
        `Entra ID rejected the client secret (${err.status}): create a new secret (App registrations → your app → Certificates & secrets) and set ENTRA_CLIENT_SECRET. ${d.slice(0, 160)}`,
      );
    if (/AADSTS700016/.test(d) || /unauthorized_client/.test(d))
      return new IdpReadError(
        `Entra ID does not know the application (${err.status}): check ENTRA_CLIENT_ID (Application (client) ID) and ENTRA_TENANT_ID. ${d.slice(0, 160)}`,
      );
    if (/AADSTS90002|AADSTS900023/.test(d) || err.status === 400)
      return new IdpReadError(
        `Entra ID could not use the tenant (${err.status}): check ENTRA_TENANT_ID (Directory (tenant) ID). ${d.slice(0, 160)}`,
      );
    return new IdpReadError(`Entra ID token request failed (HTTP ${err.status}): ${d.slice(0, 200)}`);
  }
  if (err.status === 401 || err.status === 403)
    return new IdpReadError(
      `Microsoft Graph refused to list users (${err.status}${d ? `: ${d.slice(0, 120)}` : ''}): grant the application permission User.Read.All and admin consent (App registrations → API permissions).`,
    );
  if (err.status === 429)
    return new IdpReadError('Microsoft Graph kept throttling the user listing (429) after Retry-After: retry later.');
  return new IdpReadError(`Microsoft Graph user listing failed (HTTP ${err.status}): ${d.slice(0, 200)}`);
}
