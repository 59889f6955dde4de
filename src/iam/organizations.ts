/**
 * AWS Organizations policies that bound an account's IAM (pure types and normalising): service
 * control policies (SCPs) and resource control policies (RCPs) attached to the root, each OU above
 * the account, and the account itself — read with organizations:ListParents,
 * ListPoliciesForTarget and DescribePolicy (management account or delegated administrator only).
 *
 * Evaluation (src/iam/evaluate.ts): at every level (root, each OU, the account) an action must be
 * allowed by at least one SCP attached there and denied by none — so an allow-list SCP is an
 * intersection; RCP Deny statements remove actions like SCP Denies (an RCP never grants). SCPs do
 * not apply to service-linked roles nor to the management account.
 */
import { decodePolicyDocument, type PolicyDocument } from './policy-document';

export type OrgTargetType = 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

export interface OrgPolicy {
  id: string;
  name: string;
  arn: string;
  awsManaged: boolean;
  /** The decoded Content; null when it could not be read or decoded (see notes). */
  document: PolicyDocument | null;
}

export interface OrgTarget {
  id: string;
  type: OrgTargetType;
  /** SCPs attached here; null when they could not be read. */
  scps: OrgPolicy[] | null;
  /** RCPs attached here; null when they could not be read (or RCPs are not enabled). */
  rcps: OrgPolicy[] | null;
}

export interface OrganizationPolicies {
  /** Root first, then OUs from the top down, then the account. */
  targets: OrgTarget[];
  /** The organization's management account (SCPs do not apply to it), when known. */
  managementAccountId: string | null;
  /** Where they came from, e.g. "organizations:ListPoliciesForTarget" or "evidence organizations/policies.json". */
  source: string;
  /** What could not be read, and why. */
  notes: string[];
}

/** The evidence file (also what `collect` writes): organizations/policies.json. */
export const ORGANIZATIONS_EVIDENCE_FILE = 'organizations/policies.json';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * organizations/policies.json → OrganizationPolicies. Shape (AWS API output pieces, PascalCase):
 *   { "ManagementAccountId": "…",                         // DescribeOrganization's Organization.MasterAccountId
 *     "Targets": [ { "TargetId": "r-…", "Type": "ROOT",     // ListParents, root first
 *                    "ServiceControlPolicies": [PolicySummary…],    // ListPoliciesForTarget SERVICE_CONTROL_POLICY
 *                    "ResourceControlPolicies": [PolicySummary…] } ], // … RESOURCE_CONTROL_POLICY (absent: unread)
 *     "Policies": { "p-…": { "PolicySummary": {…}, "Content": "<policy JSON>" } } }  // DescribePolicy's Policy
 */
export function normaliseOrganizationPolicies(v: unknown, source: string): OrganizationPolicies {
  const o = obj(v);
  const notes: string[] = arr(o.Notes).map(str).filter(Boolean);
  const details = obj(o.Policies);
  const policy = (summary: unknown): OrgPolicy => {
    const s = obj(summary);
    const id = str(s.Id);
    const d = obj(details[id]);
    let document: PolicyDocument | null = null;
    const content = d.Content ?? obj(d.Policy).Content;
    if (content === undefined) notes.push(`Policy ${str(s.Name) || id} (${id}) has no content: it was not applied.`);
    else
      try {
        document = decodePolicyDocument(content);
      } catch (err) {
        notes.push(
          `Policy ${str(s.Name) || id} (${id}) could not be decoded (${(err as Error).message}): it was not applied.`,
        );
      }
    return { id, name: str(s.Name), arn: str(s.Arn), awsManaged: s.AwsManaged === true, document };
  };
  const targets: OrgTarget[] = arr(o.Targets).map((t) => {
    const x = obj(t);
    const type = str(x.Type) as OrgTargetType;
    return {
      id: str(x.TargetId),
      type: type === 'ROOT' || type === 'ORGANIZATIONAL_UNIT' ? type : 'ACCOUNT',
      scps: Array.isArray(x.ServiceControlPolicies) ? x.ServiceControlPolicies.map(policy) : null,
      rcps: Array.isArray(x.ResourceControlPolicies) ? x.ResourceControlPolicies.map(policy) : null,
    };
  });
  return { targets, managementAccountId: str(o.ManagementAccountId) || null, source, notes };
}

/**
 * Which of SCPs / RCPs were read for every level (so they can be applied). SCPs count only when
 * every level has at least one readable SCP: AWS keeps one attached at every level while SCPs are
 * enabled, so an empty or partly unreadable level means they were not all read — and applying a
 * partial list would deny what a missing SCP allows. RCPs only deny, but the same rule keeps the
 * answer honest about what was applied.
 */
export function organizationCoverage(org: OrganizationPolicies | null | undefined): {
  scps: boolean;
  rcps: boolean;
} {
  if (!org || org.targets.length === 0) return { scps: false, rcps: false };
  const read = (list: OrgPolicy[] | null, needOne: boolean) =>
    list !== null && (!needOne || list.length > 0) && list.every((p) => p.document !== null);
  return {
    scps: org.targets.every((t) => read(t.scps, true)),
    rcps: org.targets.every((t) => read(t.rcps, false)),
  };
}

/** Why SCPs (or RCPs) were not applied, from the reader's notes; a default when none says. */
export function organizationGaps(org: OrganizationPolicies | null | undefined): { scps: string; rcps: string } {
  const none = org
    ? `the organization's policies were not fully read (${org.source})`
    : 'the organization policies were not read (live: they are read from the management account or a delegated administrator, see TRAILHOUND_ORGANIZATIONS_ACCOUNT; evidence: no organizations/policies.json)';
  const pick = (label: string) => {
    const n = org?.notes.find((x) => x.startsWith(`${label} not evaluated:`));
    return n ? n.slice(`${label} not evaluated: `.length).replace(/\.$/, '') : none;
  };
  return { scps: pick('SCPs'), rcps: pick('RCPs') };
}
