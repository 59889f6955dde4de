/** Whose credentials read each account's AWS Organizations policies (SCPs/RCPs). */
import type { AwsAccount } from '../aws/accounts';
import type { Config } from '../config';

/**
 * Whose credentials read each account's SCPs/RCPs: TRAILHOUND_ORGANIZATIONS_ACCOUNT (a configured
 * account in the management account or a delegated administrator) or, unset, the account itself.
 * A name that is not configured is said in every answer instead of silently reading nothing.
 */
export function organizationsReader(
  accounts: AwsAccount[],
  config: Pick<Config, 'TRAILHOUND_ORGANIZATIONS_ACCOUNT'>,
): (a: AwsAccount) => { via?: AwsAccount; preface?: string } {
  const name = config.TRAILHOUND_ORGANIZATIONS_ACCOUNT;
  if (!name) return () => ({});
  const via = accounts.find((x) => x.name === name || x.accountId === name);
  if (!via)
    return () => ({
      preface: `TRAILHOUND_ORGANIZATIONS_ACCOUNT names "${name}", which is not a configured account: each account's own read role was used to read its organization policies.`,
    });
  return () => ({ via });
}
