/** The live IdP from configuration: Okta when OKTA_ORG_URL and OKTA_API_TOKEN are set, else none. */
import type { Config } from '../../config';
import type { IdentityProvider } from '../../identity/idp';
import { OktaIdp } from '../../okta/okta-idp';

export function liveIdp(config: Pick<Config, 'OKTA_ORG_URL' | 'OKTA_API_TOKEN'>): IdentityProvider | undefined {
  if (!config.OKTA_ORG_URL || !config.OKTA_API_TOKEN) return undefined;
  return new OktaIdp({ orgUrl: config.OKTA_ORG_URL, token: config.OKTA_API_TOKEN });
}
