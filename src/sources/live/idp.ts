/**
 * The live identity providers from configuration, each on when its variables are set: Okta
 * (OKTA_ORG_URL + OKTA_API_TOKEN), Microsoft Entra ID (ENTRA_*), Google Workspace (GOOGLE_WORKSPACE_*),
 * JumpCloud (JUMPCLOUD_API_KEY), OneLogin (ONELOGIN_*). Several are combined in the order of
 * TRAILHOUND_IDP_PRIORITY (default okta, entra, google, jumpcloud, onelogin): the first that has a
 * person owns them. None configured: undefined (the IdP rules say "not checked").
 */
import type { Config } from '../../config';
import { combineIdps, orderIdps } from '../../identity/composite-idp';
import type { IdentityProvider } from '../../identity/idp';
import { EntraIdp } from '../../idp/entra';
import { GoogleWorkspaceIdp } from '../../idp/google-workspace';
import { JumpCloudIdp } from '../../idp/jumpcloud';
import { OneLoginIdp } from '../../idp/onelogin';
import { liveIdp as liveOkta } from './okta';

export function liveIdps(config: Config): IdentityProvider[] {
  const out: IdentityProvider[] = [];
  const okta = liveOkta(config);
  if (okta) out.push(okta);
  if (config.ENTRA_TENANT_ID && config.ENTRA_CLIENT_ID && config.ENTRA_CLIENT_SECRET)
    out.push(
      new EntraIdp({
        tenantId: config.ENTRA_TENANT_ID,
        clientId: config.ENTRA_CLIENT_ID,
        clientSecret: config.ENTRA_CLIENT_SECRET,
      }),
    );
  if (config.GOOGLE_WORKSPACE_CREDENTIALS && config.GOOGLE_WORKSPACE_ADMIN_EMAIL)
    out.push(
      new GoogleWorkspaceIdp({
        credentials: config.GOOGLE_WORKSPACE_CREDENTIALS,
        adminEmail: config.GOOGLE_WORKSPACE_ADMIN_EMAIL,
        customer: config.GOOGLE_WORKSPACE_CUSTOMER,
      }),
    );
  if (config.JUMPCLOUD_API_KEY)
    out.push(
      new JumpCloudIdp({
        apiKey: config.JUMPCLOUD_API_KEY,
        orgId: config.JUMPCLOUD_ORG_ID,
        baseUrl: config.JUMPCLOUD_API_URL,
      }),
    );
  if (config.ONELOGIN_CLIENT_ID && config.ONELOGIN_CLIENT_SECRET && config.ONELOGIN_SUBDOMAIN)
    out.push(
      new OneLoginIdp({
        subdomain: config.ONELOGIN_SUBDOMAIN,
        clientId: config.ONELOGIN_CLIENT_ID,
        clientSecret: config.ONELOGIN_CLIENT_SECRET,
      }),
    );
  return orderIdps(out, config.TRAILHOUND_IDP_PRIORITY);
}

export function liveIdp(config: Config): IdentityProvider | undefined {
  return combineIdps(liveIdps(config));
}
