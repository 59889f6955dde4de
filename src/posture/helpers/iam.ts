/** IAM helpers for posture rules (pure): credential-report rows, admin grants, trust policies. */
import type {
  CredentialReportRow,
  IamRole,
  IamUser,
  ManagedPolicy,
  PolicyDocument,
  PolicyStatement,
} from '../../iam/snapshot';
import type { RuleFinding } from '../rule';
import type { AccountSnapshot } from '../snapshot';

export const ADMIN_POLICY_ARNS = [
  'arn:aws:iam::aws:policy/AdministratorAccess',
  'arn:aws:iam::aws:policy/PowerUserAccess',
];
export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

export const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function userRows(s: AccountSnapshot): CredentialReportRow[] {
  return (s.iam?.credentialReport?.rows ?? []).filter((r) => !r.isRoot);
}

export function rootRow(s: AccountSnapshot): CredentialReportRow | undefined {
  return s.iam?.credentialReport?.rows.find((r) => r.isRoot);
}

export function rootArn(s: AccountSnapshot): string {
  return `arn:aws:iam::${s.account.accountId}:root`;
}

/**
 * Does root hold a credential? A password shows as password_enabled=true, or (as the report says
 * `not_supported` for root) a recorded password sign-in; keys as active access keys. When AWS
 * Organizations manages root centrally, member accounts have neither: no root rule should fire.
 */
export function rootCredentials(s: AccountSnapshot): { password: boolean; keys: number[]; evidence: string[] } {
  const row = rootRow(s);
  const summary = s.iam?.accountSummary ?? undefined;
  const keys = row ? row.accessKeys.flatMap((k, i) => (k.active ? [i + 1] : [])) : [];
  if (!row && (summary?.AccountAccessKeysPresent ?? 0) > 0) keys.push(1);
  const evidence: string[] = [];
  let password = false;
  if (summary && 'AccountPasswordPresent' in summary) {
    password = summary.AccountPasswordPresent! > 0;
    evidence.push(`AccountPasswordPresent=${summary.AccountPasswordPresent}`);
  } else if (row?.passwordEnabled === true) {
    password = true;
    evidence.push('password_enabled=true');
  } else if (row?.passwordLastUsed) {
    password = true;
    evidence.push(`root password last used ${row.passwordLastUsed}`);
  }
  if (keys.length) evidence.push(`active root access key(s) ${keys.join(', ')}`);
  return { password, keys, evidence };
}

export function statements(doc: PolicyDocument | undefined): PolicyStatement[] {
  return doc?.Statement ?? [];
}

/** `"Action": "*"` (or `*:*`) on `"Resource": "*"`, allowed — the CIS 1.16 full-admin statement. */
export function isFullAdminStatement(st: PolicyStatement): boolean {
  if (st.Effect !== 'Allow' || st.NotAction !== undefined || st.NotResource !== undefined) return false;
  return list(st.Action).some((a) => a === '*' || a === '*:*') && list(st.Resource).includes('*');
}

export function grantsFullAdmin(doc: PolicyDocument | undefined): boolean {
  return statements(doc).some(isFullAdminStatement);
}

export function policyByArn(s: AccountSnapshot): Map<string, ManagedPolicy> {
  return new Map((s.iam?.policies ?? []).map((p) => [p.arn, p]));
}

export interface AdminGrant {
  via: string;
  policy: string;
}

/** Admin grants of a user: AdministratorAccess/PowerUserAccess or a `*:*` policy, direct or via a group. */
export function userAdminGrants(s: AccountSnapshot, u: IamUser, opts: { directOnly?: boolean } = {}): AdminGrant[] {
  const policies = policyByArn(s);
  const out: AdminGrant[] = [];
  const check = (
    via: string,
    attached: { arn: string; name: string }[],
    inline: { name: string; document: PolicyDocument }[],
  ) => {
    for (const a of attached)
      if (ADMIN_POLICY_ARNS.includes(a.arn) || grantsFullAdmin(policies.get(a.arn)?.document))
        out.push({ via, policy: a.name });
    for (const p of inline) if (grantsFullAdmin(p.document)) out.push({ via, policy: `${p.name} (inline)` });
  };
  check('direct', u.attachedPolicies, u.inlinePolicies);
  if (!opts.directOnly) {
    const groups = new Map((s.iam?.groups ?? []).map((g) => [g.name, g]));
    for (const gName of u.groups) {
      const g = groups.get(gName);
      if (g) check(`group ${g.name}`, g.attachedPolicies, g.inlinePolicies);
    }
  }
  return out;
}

/** Condition keys (lower-cased) present on a statement. */
export function conditionKeys(st: PolicyStatement): string[] {
  return Object.values(st.Condition ?? {}).flatMap((o) => Object.keys(o ?? {}).map((k) => k.toLowerCase()));
}

/** Principals of a trust statement by type (AWS, Service, Federated, or '*' for a bare wildcard). */
export function trustPrincipals(st: PolicyStatement): { type: string; value: string }[] {
  const p = st.Principal;
  if (p === undefined) return [];
  if (p === '*') return [{ type: '*', value: '*' }];
  return Object.entries(p).flatMap(([type, v]) => list(v as string | string[]).map((value) => ({ type, value })));
}

export function allowTrustStatements(r: IamRole): PolicyStatement[] {
  return statements(r.trustPolicy).filter((st) => st.Effect === 'Allow');
}

/** The 12-digit account of an AWS principal value (ARN or bare account id), if any. */
export function principalAccount(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  return /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(value)?.[1];
}

export function isServiceLinkedRole(r: IamRole): boolean {
  return r.path.startsWith('/aws-service-role/');
}

/** Users exempted from IdP rules by tag `trailhound:service-account=true`. */
export function isTaggedServiceAccount(u: IamUser): boolean {
  return u.tags.some((t) => t.key.toLowerCase() === 'trailhound:service-account' && t.value.toLowerCase() === 'true');
}

/**
 * The shared body of the password-policy rules: one finding on the account password policy unless
 * its `field` is at least `min`. No policy at all is a finding too (IAM's defaults fall short).
 */
export function passwordPolicyBelow(
  s: AccountSnapshot,
  field: 'minimumPasswordLength' | 'passwordReusePrevention',
  min: number,
  text: { weak: (value: number | null) => string; none: string },
): RuleFinding[] {
  const p = s.iam?.passwordPolicy;
  const value = p?.[field] ?? null;
  if (p && value !== null && value >= min) return [];
  return [
    {
      resourceId: `arn:aws:iam::${s.account.accountId}:account-password-policy`,
      resourceType: 'AWS::IAM::AccountPasswordPolicy',
      message: p ? text.weak(value) : text.none,
      detail: { [field]: value },
    },
  ];
}
