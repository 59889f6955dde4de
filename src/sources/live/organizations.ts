/**
 * The AWS Organizations policies that bound one account, live: service control policies (SCPs) and
 * resource control policies (RCPs) attached to the root, every OU above the account, and the account.
 *
 *   DescribeOrganization          the management account id (any member may call it); not in an
 *                                 organization → no SCP applies, said so
 *   ListRoots                     which policy types are enabled on the root
 *   ListParents (ChildId)         from the account up to the root (one parent each: AWS allows one)
 *   ListPoliciesForTarget         per level, Filter SERVICE_CONTROL_POLICY and (when enabled)
 *                                 RESOURCE_CONTROL_POLICY, every page (NextToken until absent)
 *   DescribePolicy                once per distinct policy (its Content is the policy JSON)
 *
 * Everything but DescribeOrganization can be called only from the organization's management account
 * or a delegated administrator, so `via` is whose credentials read them (the account itself, or the
 * account named by TRAILHOUND_ORGANIZATIONS_ACCOUNT). Nothing here throws: a denial, throttling after
 * retries, or an organization that is not in use becomes a note that starts "SCPs not evaluated:"
 * (or "RCPs not evaluated:") with the reason, and the level that could not be read stays unread (so
 * the evaluator never applies a partial list: a missing SCP would deny what it allows).
 *
 * The result is the evidence file's own shape (organizations/policies.json, read back by
 * normaliseOrganizationPolicies), so `collect` writes exactly what the live analysis applied.
 */
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { partitionOf, type AwsAccount } from '../../aws/accounts';
import { awsClient } from '../../aws/clients';
import { explainAwsError } from '../../aws/errors';
import { OU_ID, ROOT_ID } from '../../aws/org-accounts';
import { normaliseOrganizationPolicies, type OrganizationPolicies } from '../../iam/organizations';

const SCP = 'SERVICE_CONTROL_POLICY';
const RCP = 'RESOURCE_CONTROL_POLICY';
const POLICY_ID = /^p-[0-9a-zA-Z_]{8,128}$/;
/** AWS allows five levels of OUs under the root; anything deeper is a loop or a bad answer. */
const MAX_DEPTH = 8;
const MAX_PAGES = 100;

export interface OrganizationsReadOptions {
  /** The account whose SCPs/RCPs are wanted. */
  accountId: string;
  /** Whose credentials call Organizations (management account or delegated administrator). */
  via: AwsAccount;
  externalId: string;
  signal?: AbortSignal;
  /** Said before the notes (e.g. why `via` was chosen). */
  preface?: string;
}

/** The evidence file's JSON (organizations/policies.json). */
export interface OrganizationPoliciesFile {
  ManagementAccountId?: string;
  Targets: {
    TargetId: string;
    Type: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';
    ServiceControlPolicies?: Record<string, unknown>[];
    ResourceControlPolicies?: Record<string, unknown>[];
  }[];
  Policies: Record<string, { PolicySummary: Record<string, unknown>; Content?: string }>;
  Notes: string[];
  Source: string;
}

/** The region Organizations' global endpoint is addressed through, per partition. */
export function organizationsRegionFor(account: AwsAccount): string {
  const partition = partitionOf(account.roleArn);
  if (partition === 'aws-cn') return 'cn-northwest-1';
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  return 'us-east-1';
}

const SOURCE = 'organizations:ListParents, ListPoliciesForTarget, DescribePolicy';
const codeOf = (err: unknown) => String((err as { name?: string })?.name ?? '').replace(/^.*#/, '');

/** Reads the file; `apiCalls` counts the requests made (before SDK retries). */
export async function readOrganizationPoliciesFile(
  o: OrganizationsReadOptions,
): Promise<{ file: OrganizationPoliciesFile; apiCalls: number }> {
  const client = awsClient(OrganizationsClient, o.via, organizationsRegionFor(o.via), { externalId: o.externalId });
  let apiCalls = 0;
  const send = async <T>(command: unknown): Promise<T> => {
    apiCalls += 1;
    return (await client.send(command as never, { abortSignal: o.signal } as never)) as T;
  };
  const file: OrganizationPoliciesFile = { Targets: [], Policies: {}, Notes: [], Source: SOURCE };
  if (o.preface) file.Notes.push(o.preface);
  const viaText = o.via.accountId === o.accountId ? `the account's own read role` : `the read role of ${o.via.name}`;
  /** Why an Organizations read failed, in one sentence a person can act on. */
  const why = (api: string, err: unknown): string => {
    const code = codeOf(err);
    if (code === 'AWSOrganizationsNotInUseException')
      return `account ${o.via.accountId} is not a member of an AWS Organization (${api}: AWSOrganizationsNotInUseException), so no SCP or RCP applies to it`;
    const e = explainAwsError(err, { api, account: o.via.name, accountId: o.via.accountId, roleArn: o.via.roleArn });
    if (e.kind === 'access-denied')
      return `${api} was denied to ${viaText} (${e.code}). Organization policies can be read only from the management account or a delegated administrator: set TRAILHOUND_ORGANIZATIONS_ACCOUNT to a configured account whose read role is there and is allowed organizations:Describe*/List*`;
    if (e.kind === 'throttled')
      return `AWS Organizations throttled ${api} (${e.code}) after retries; ask again shortly`;
    return e.message.replace(/\.$/, '');
  };
  const fail = (api: string, err: unknown) => {
    file.Notes.push(`SCPs not evaluated: ${why(api, err)}.`);
    return { file, apiCalls };
  };

  // 1. The organization (and its management account, to which SCPs do not apply).
  try {
    const r = await send<{ Organization?: { MasterAccountId?: string } }>(new DescribeOrganizationCommand({}));
    const mgmt = r.Organization?.MasterAccountId;
    if (mgmt && /^\d{12}$/.test(mgmt)) file.ManagementAccountId = mgmt;
  } catch (err) {
    if (codeOf(err) === 'AWSOrganizationsNotInUseException') return fail('organizations:DescribeOrganization', err);
    // Denied here is unusual (any member may call it); the other calls say whether the rest is readable.
    file.Notes.push(
      `The management account is not known (${why('organizations:DescribeOrganization', err)}): SCPs are applied as if this were a member account.`,
    );
  }

  // 2. Which policy types are enabled on the root.
  let enabled: Set<string>;
  try {
    const r = await send<{ Roots?: { Id?: string; PolicyTypes?: { Type?: string; Status?: string }[] }[] }>(
      new ListRootsCommand({}),
    );
    enabled = new Set(
      (r.Roots?.[0]?.PolicyTypes ?? []).filter((p) => p.Status === 'ENABLED').map((p) => String(p.Type)),
    );
  } catch (err) {
    return fail('organizations:ListRoots', err);
  }

  // 3. From the account up to the root.
  const chain: { id: string; type: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT' }[] = [
    { id: o.accountId, type: 'ACCOUNT' },
  ];
  try {
    let child = o.accountId;
    for (let depth = 0; ; depth++) {
      if (depth >= MAX_DEPTH) throw new Error(`no root within ${MAX_DEPTH} levels above ${o.accountId}`);
      const r = await send<{ Parents?: { Id?: string; Type?: string }[] }>(new ListParentsCommand({ ChildId: child }));
      const p = r.Parents?.[0];
      const id = String(p?.Id ?? '');
      if (p?.Type === 'ROOT' && ROOT_ID.test(id)) {
        chain.unshift({ id, type: 'ROOT' });
        break;
      }
      if (p?.Type !== 'ORGANIZATIONAL_UNIT' || !OU_ID.test(id) || chain.some((c) => c.id === id))
        throw new Error(`ListParents for ${child} returned no valid parent (${JSON.stringify(p ?? null)})`);
      chain.unshift({ id, type: 'ORGANIZATIONAL_UNIT' });
      child = id;
    }
  } catch (err) {
    return fail('organizations:ListParents', err);
  }

  // 4. The policies attached at every level, per type.
  const list = async (targetId: string, filter: string) => {
    const out: Record<string, unknown>[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await send<{ Policies?: Record<string, unknown>[]; NextToken?: string }>(
        new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: filter as never, NextToken: token }),
      );
      out.push(...(r.Policies ?? []));
      token = r.NextToken || undefined;
      if (++pages > MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages: NextToken never ended`);
    } while (token && !o.signal?.aborted);
    return out;
  };
  const kinds = [
    { filter: SCP, key: 'ServiceControlPolicies' as const, label: 'SCPs', name: 'service control policies' },
    { filter: RCP, key: 'ResourceControlPolicies' as const, label: 'RCPs', name: 'resource control policies' },
  ];
  for (const k of kinds)
    if (!enabled.has(k.filter))
      file.Notes.push(
        `${k.label} not evaluated: ${k.name} are not enabled in this organization (ListRoots PolicyTypes), so none apply.`,
      );
  file.Targets = chain.map((c) => ({ TargetId: c.id, Type: c.type }));
  for (const k of kinds) {
    if (!enabled.has(k.filter)) continue;
    for (const t of file.Targets) {
      try {
        t[k.key] = await list(t.TargetId, k.filter);
      } catch (err) {
        file.Notes.push(
          `${k.label} not evaluated: ${why('organizations:ListPoliciesForTarget', err)} (${k.filter} on ${t.Type} ${t.TargetId}).`,
        );
        for (const x of file.Targets) delete x[k.key];
        break;
      }
    }
  }

  // 5. Each distinct policy's content, once.
  const ids = new Set<string>();
  for (const t of file.Targets)
    for (const p of [...(t.ServiceControlPolicies ?? []), ...(t.ResourceControlPolicies ?? [])]) {
      const id = String(p.Id ?? '');
      if (POLICY_ID.test(id)) ids.add(id);
    }
  const unreadable = new Set<string>();
  for (const id of ids) {
    try {
      const r = await send<{ Policy?: { PolicySummary?: Record<string, unknown>; Content?: string } }>(
        new DescribePolicyCommand({ PolicyId: id }),
      );
      if (typeof r.Policy?.Content !== 'string') throw new Error('DescribePolicy returned no Content');
      file.Policies[id] = { PolicySummary: r.Policy.PolicySummary ?? { Id: id }, Content: r.Policy.Content };
    } catch (err) {
      unreadable.add(id);
      file.Notes.push(`Policy ${id} could not be read: ${why('organizations:DescribePolicy', err)}.`);
    }
  }
  // A level with an unread (or invalid) policy is not applied at all: a missing SCP would deny what it allows.
  for (const k of kinds) {
    const bad = file.Targets.some((t) =>
      (t[k.key] ?? []).some((p) => unreadable.has(String(p.Id ?? '')) || !POLICY_ID.test(String(p.Id ?? ''))),
    );
    if (!bad) continue;
    file.Notes.push(`${k.label} not evaluated: at least one attached policy could not be read (above).`);
    for (const t of file.Targets) delete t[k.key];
  }
  return { file, apiCalls };
}

/** Reads and normalises (what the live IAM snapshot carries). */
export async function readOrganizationPolicies(
  o: OrganizationsReadOptions,
): Promise<{ organizations: OrganizationPolicies; file: OrganizationPoliciesFile; apiCalls: number }> {
  const { file, apiCalls } = await readOrganizationPoliciesFile(o);
  return { organizations: normaliseOrganizationPolicies(file, SOURCE), file, apiCalls };
}
