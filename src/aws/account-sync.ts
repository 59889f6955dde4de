/**
 * What `accounts discover` changes in the registry (pure): compares the accounts AWS Organizations
 * lists with the registered ones and returns a plan — accounts to add (active, with the StackSet
 * role), to update (role changed, or active again), to mark suspended (suspended or closed in the
 * organization; their history is kept) and the ones left unchanged. Nothing is ever deleted.
 */
import { ACCOUNT_ID, ACCOUNT_NAME, type AwsAccount } from './accounts';

/** An account as organizations:ListAccounts / ListAccountsForParent returns it (the fields used). */
export interface OrgAccount {
  id: string;
  name: string;
  /** `State` (PENDING_ACTIVATION | ACTIVE | SUSPENDED | PENDING_CLOSURE | CLOSED), else the older `Status`. */
  state: string;
}

export type SyncChange =
  | { kind: 'added'; account: AwsAccount }
  | { kind: 'updated'; account: AwsAccount; before: AwsAccount; why: string }
  | { kind: 'suspended'; account: AwsAccount; state: string }
  | { kind: 'unchanged'; account: AwsAccount; why?: string }
  | { kind: 'skipped'; id: string; name: string; why: string };

export interface SyncPlan {
  changes: SyncChange[];
  counts: Record<SyncChange['kind'], number>;
  /** Registered accounts the organization did not list (only when the whole organization was listed). */
  notInOrganization: AwsAccount[];
}

/** States in which the account cannot be read: registered accounts are marked suspended. */
const INACTIVE = new Set(['SUSPENDED', 'PENDING_CLOSURE', 'CLOSED']);

/** A registry name from an organization account name: lower-case slug; `acct-<id>` when nothing is left. */
export function slugName(orgName: string, id: string): string {
  const slug = orgName
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 50)
    .replace(/[-_]+$/, '');
  return ACCOUNT_NAME.test(slug) ? slug : `acct-${id}`;
}

export function roleArnFor(id: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${id}:role/${roleName}`;
}

export function planAccountSync(input: {
  registered: AwsAccount[];
  organization: OrgAccount[];
  roleName: string;
  regions: string[];
  partition?: string;
  /** True when the whole organization was listed (not one OU): registered accounts it lacks are reported. */
  wholeOrganization: boolean;
}): SyncPlan {
  const byId = new Map(input.registered.map((a) => [a.accountId, a]));
  const taken = new Set(input.registered.map((a) => a.name));
  const changes: SyncChange[] = [];
  const seen = new Set<string>();
  const sorted = [...input.organization].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  for (const o of sorted) {
    if (!ACCOUNT_ID.test(o.id)) {
      changes.push({ kind: 'skipped', id: o.id, name: o.name, why: 'not a 12-digit account id' });
      continue;
    }
    if (seen.has(o.id)) continue;
    seen.add(o.id);
    const existing = byId.get(o.id);
    const inactive = INACTIVE.has(o.state);
    const role = roleArnFor(o.id, input.roleName, input.partition);
    if (!existing) {
      if (inactive || o.state !== 'ACTIVE') {
        changes.push({ kind: 'skipped', id: o.id, name: o.name, why: `${o.state} in the organization: not added` });
        continue;
      }
      let name = slugName(o.name, o.id);
      if (taken.has(name)) name = `${name.slice(0, 49)}-${o.id}`;
      taken.add(name);
      changes.push({
        kind: 'added',
        account: {
          name,
          accountId: o.id,
          roleArn: role,
          regions: input.regions,
          remediationRoleArn: null,
          status: 'active',
        },
      });
      continue;
    }
    if (inactive) {
      if (existing.status === 'suspended') changes.push({ kind: 'unchanged', account: existing, why: o.state });
      else changes.push({ kind: 'suspended', account: { ...existing, status: 'suspended' }, state: o.state });
      continue;
    }
    if (o.state !== 'ACTIVE') {
      changes.push({ kind: 'unchanged', account: existing, why: `${o.state} in the organization` });
      continue;
    }
    const why: string[] = [];
    const next: AwsAccount = { ...existing, status: 'active' };
    if (existing.status === 'suspended') why.push('active again in the organization');
    if (existing.roleArn === null) {
      // Ambient credentials (typically the management account, where a service-managed StackSet
      // deploys no role): kept as configured.
    } else if (existing.roleArn !== role && existing.remediationRoleArn !== role) {
      why.push(`role ${existing.roleArn} → ${role}`);
      next.roleArn = role;
    }
    if (why.length) changes.push({ kind: 'updated', account: next, before: existing, why: why.join('; ') });
    else
      changes.push({
        kind: 'unchanged',
        account: existing,
        ...(existing.roleArn === null ? { why: 'ambient credentials kept' } : {}),
      });
  }
  const notInOrganization = input.wholeOrganization ? input.registered.filter((a) => !seen.has(a.accountId)) : [];
  const counts = { added: 0, updated: 0, suspended: 0, unchanged: 0, skipped: 0 };
  for (const c of changes) counts[c.kind]++;
  return { changes, counts, notInOrganization };
}
