/**
 * `accounts discover`: lists the organization's accounts (src/aws/org-accounts), plans the registry
 * changes (src/aws/account-sync, pure) and applies them unless it is a dry run. Adds and updates
 * only; suspended or closed accounts are marked, never deleted (their history stays).
 */
import type { AwsAccount } from '../aws/accounts';
import { planAccountSync, type SyncPlan } from '../aws/account-sync';
import { AMBIENT, listOrganizationAccounts } from '../aws/org-accounts';
import type { Db } from '../db/client';
import { listAccounts, upsertAccount } from '../db/queries/accounts';
import { installationExternalId } from '../db/queries/settings';

export interface DiscoverOptions {
  roleName: string;
  regions: string[];
  /** ou-… or r-…: only the accounts directly under it. */
  ou?: string;
  /** A configured account whose read role reads Organizations (a delegated administrator); default ambient. */
  via?: AwsAccount;
  dryRun?: boolean;
}

export interface DiscoverResult extends SyncPlan {
  dryRun: boolean;
  /** Accounts the organization listed. */
  listed: number;
  scope: string;
}

export async function discoverAccounts(db: Db, o: DiscoverOptions): Promise<DiscoverResult> {
  const externalId = await installationExternalId(db);
  const registered = await listAccounts(db);
  const organization = await listOrganizationAccounts({ via: o.via ?? AMBIENT, externalId, parentId: o.ou });
  const plan = planAccountSync({
    registered,
    organization,
    roleName: o.roleName,
    regions: o.regions,
    wholeOrganization: !o.ou,
  });
  if (!o.dryRun)
    for (const c of plan.changes)
      if (c.kind === 'added' || c.kind === 'updated' || c.kind === 'suspended') await upsertAccount(db, c.account);
  return {
    dryRun: !!o.dryRun,
    listed: organization.length,
    scope: o.ou ? `accounts directly under ${o.ou}` : 'the whole organization',
    ...plan,
  };
}
