/**
 * Who a resource policy (S3 bucket, KMS key, Lambda function, SNS topic, SQS queue) lets in —
 * evaluated, not string-matched (pure). Per Allow statement: its principals, and whether its
 * conditions pin the caller to fixed values. Following S3's "meaning of public" (Amazon S3 User
 * Guide, Block Public Access) a grant to `*` is NOT public when a positive condition pins
 * aws:SourceIp (a bounded CIDR), aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner,
 * aws:SourceAccount, aws:userid, or the caller's organization / account (aws:PrincipalOrgID,
 * aws:PrincipalOrgPaths, aws:PrincipalAccount, aws:PrincipalArn, kms:CallerAccount) to values
 * without wildcards. `…IfExists` operators and negated operators never narrow (an absent key
 * passes). A Deny of every action to `*` unless one of those keys matches (the usual "only from
 * my VPC endpoint / my organization" guard) narrows every grant of the policy too.
 *
 * Grants to another account are "cross-account" unless an organization condition pins them.
 */
import { asList, type PolicyDocument, type PolicyStatement } from '../../iam/policy-document';

export interface PolicyGrant {
  sid?: string;
  /** `*`, an account id, a principal ARN. */
  principal: string;
  /** The other account, for cross-account grants. */
  accountId?: string;
  actions: string[];
  /** Condition keys on the statement (for evidence). */
  conditions: string[];
}

export interface ResourcePolicyAccess {
  /** Grants any AWS principal (or anonymous callers) could use. */
  public: PolicyGrant[];
  /** Grants to principals of other accounts, not pinned to an organization. */
  crossAccount: PolicyGrant[];
}

/** Keys that, pinned to fixed values, limit who or from where (lower-case). */
const NARROWING = new Set([
  'aws:sourceip',
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:userid',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'kms:calleraccount',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
]);
/** Keys that pin the caller to an organization (not public, not cross-account). */
const ORG_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths', 'aws:sourceorgid', 'aws:sourceorgpaths']);
/** Keys that pin the caller's account (cross-account only if the values name other accounts). */
const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount', 'aws:sourceowner', 'kms:calleraccount']);

const POSITIVE = new Set([
  'stringequals',
  'stringequalsignorecase',
  'stringlike',
  'arnequals',
  'arnlike',
  'ipaddress',
  'forallvalues:stringequals',
  'foranyvalue:stringequals',
  'foranyvalue:stringlike',
  'forallvalues:stringlike',
]);
const NEGATED_FOR_DENY = new Set(['stringnotequals', 'stringnotlike', 'arnnotequals', 'arnnotlike', 'notipaddress']);

interface Cond {
  op: string;
  key: string;
  values: string[];
}

function conditionsOf(s: PolicyStatement): Cond[] {
  const out: Cond[] = [];
  for (const [op, kv] of Object.entries(s.Condition ?? {}))
    for (const [key, v] of Object.entries(kv ?? {}))
      out.push({ op: op.toLowerCase(), key: key.toLowerCase(), values: (Array.isArray(v) ? v : [v]).map(String) });
  return out;
}

/** A CIDR no wider than /8 (IPv4) or /32 (IPv6): 0.0.0.0/0 is not a limit. */
function boundedCidr(v: string): boolean {
  const [addr, bits] = v.split('/');
  if (bits === undefined) return !!addr;
  const n = Number(bits);
  return addr?.includes(':') ? n >= 32 : n >= 8;
}

function fixedValues(c: Cond): boolean {
  if (!c.values.length) return false;
  if (c.key === 'aws:sourceip') return c.values.every(boundedCidr);
  if (c.key === 'aws:userid') return c.values.every((v) => !/[*?]/.test(v) || /^AROA[A-Z0-9]+:\*$/.test(v));
  return c.values.every((v) => v.length > 0 && !/[*?]/.test(v));
}

interface Narrowing {
  narrowed: boolean;
  /** The statement pins an organization. */
  org: boolean;
  /** Accounts the statement pins the caller to (empty: none pinned). */
  accounts: string[];
}

function narrowingOf(conds: Cond[], ops: Set<string>): Narrowing {
  const n: Narrowing = { narrowed: false, org: false, accounts: [] };
  for (const c of conds) {
    if (!ops.has(c.op) || !NARROWING.has(c.key) || !fixedValues(c)) continue;
    n.narrowed = true;
    if (ORG_KEYS.has(c.key)) n.org = true;
    if (ACCOUNT_KEYS.has(c.key)) n.accounts.push(...c.values);
    if (c.key === 'aws:principalarn') n.accounts.push(...c.values.map((v) => accountOf(v) ?? v));
  }
  return n;
}

function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(principal)?.[1];
}

function principalsOf(s: PolicyStatement): string[] {
  if (s.NotPrincipal !== undefined) return ['*']; // Allow + NotPrincipal: everyone but a few
  const p = s.Principal;
  if (p === undefined) return [];
  if (p === '*') return ['*'];
  const out: string[] = [];
  for (const [kind, v] of Object.entries(p)) {
    if (kind !== 'AWS') continue; // Service, Federated, CanonicalUser: not an account's caller
    out.push(...asList(v));
  }
  return out;
}

function actionsOf(s: PolicyStatement): string[] {
  if (s.NotAction !== undefined) return asList(s.NotAction).map((a) => `NotAction ${a}`);
  return asList(s.Action);
}

/** Whether `pattern` (IAM action glob, case-insensitive) covers `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .toLowerCase()
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(action.toLowerCase());
}

/** Whether a grant's actions cover any of `wanted` (NotAction grants cover everything not excluded). */
export function grantCovers(g: PolicyGrant, wanted: string[]): boolean {
  const not = g.actions.filter((a) => a.startsWith('NotAction ')).map((a) => a.slice(10));
  if (not.length) return wanted.some((w) => !not.some((p) => actionMatches(p, w)));
  return g.actions.some((p) => wanted.some((w) => actionMatches(p, w)));
}

/** A Deny of all actions to everyone unless a narrowing key matches: it narrows the whole policy. */
function guardOf(doc: PolicyDocument): Narrowing | undefined {
  for (const s of doc.Statement) {
    if (s.Effect !== 'Deny' || s.NotAction !== undefined) continue;
    const everyone =
      s.Principal === '*' || asList((s.Principal as Record<string, string> | undefined)?.AWS).includes('*');
    if (!everyone) continue;
    if (!asList(s.Action).some((a) => a === '*' || /^[a-z0-9-]+:\*$/i.test(a))) continue;
    const n = narrowingOf(conditionsOf(s), NEGATED_FOR_DENY);
    if (n.narrowed) return n;
  }
  return undefined;
}

/** Public and cross-account grants of a resource policy owned by `ownAccount`. */
export function resourcePolicyAccess(doc: PolicyDocument | null | undefined, ownAccount: string): ResourcePolicyAccess {
  const out: ResourcePolicyAccess = { public: [], crossAccount: [] };
  if (!doc) return out;
  const guard = guardOf(doc);
  for (const s of doc.Statement) {
    if (s.Effect !== 'Allow') continue;
    const conds = conditionsOf(s);
    const n = narrowingOf(conds, POSITIVE);
    const narrowed = n.narrowed || !!guard?.narrowed;
    const org = n.org || !!guard?.org;
    const pinned = [...n.accounts, ...(guard?.accounts ?? [])];
    const base = { sid: s.Sid, actions: actionsOf(s), conditions: [...new Set(conds.map((c) => c.key))] };
    for (const principal of principalsOf(s)) {
      if (principal === '*' || principal.endsWith(':*') || principal === 'arn:aws:iam::*:root') {
        if (narrowed) {
          const others = pinned.filter((a) => a !== ownAccount);
          if (!org && others.length) out.crossAccount.push({ ...base, principal, accountId: others[0] });
          continue;
        }
        out.public.push({ ...base, principal });
        continue;
      }
      const acct = accountOf(principal);
      if (acct && acct !== ownAccount && !org) out.crossAccount.push({ ...base, principal, accountId: acct });
    }
  }
  return out;
}
