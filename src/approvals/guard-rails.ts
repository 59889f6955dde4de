/**
 * Guard-rails checked at proposal time and again before execution: never the root user, never the
 * roles/users Trailhound itself uses (the account's read and remediation roles, TRAILHOUND_PRINCIPAL_ARN),
 * never TRAILHOUND_PROTECTED_PRINCIPALS (names, ARNs or resource ids; * and ? globs; case-insensitive),
 * and at most TRAILHOUND_MAX_TARGETS targets per proposal.
 */
import type { AwsAccount } from '../aws/accounts';
import type { Config } from '../config';
import type { Target } from '../remediation/define-action';

function globToRegex(glob: string): RegExp {
  const esc = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${esc}$`, 'i');
}

/** The principal type and name of an IAM/STS ARN: role/Name, user/Name, assumed-role/Name/session → role Name. */
export function principalOf(arn: string): { type: 'user' | 'role' | 'root'; name: string } | undefined {
  const m = /^arn:[\w-]+:(iam|sts)::\d{12}:(.+)$/.exec(arn.trim());
  if (!m) return undefined;
  const res = m[2]!;
  if (res === 'root') return { type: 'root', name: 'root' };
  const parts = res.split('/');
  if (parts[0] === 'user') return { type: 'user', name: parts[parts.length - 1]! };
  if (parts[0] === 'role') return { type: 'role', name: parts[parts.length - 1]! };
  if (parts[0] === 'assumed-role') return { type: 'role', name: parts[1]! };
  return undefined;
}

function targetArn(t: Target, account: AwsAccount): string | undefined {
  if (t.arn) return t.arn;
  const p = `arn:aws:iam::${account.accountId}`;
  if (t.type === 'iam-user') return `${p}:user/${t.id}`;
  if (t.type === 'iam-role') return `${p}:role/${t.id}`;
  if (t.type === 'iam-group') return `${p}:group/${t.id}`;
  return undefined;
}

/** Why this target is protected, or null. */
export function protectedReason(t: Target, account: AwsAccount, config: Config): string | null {
  const id = t.id.trim();
  if (
    (t.type === 'iam-user' && ['root', '<root_account>'].includes(id.toLowerCase())) ||
    (t.arn && /:root$/.test(t.arn))
  )
    return `${id} is the account root user; Trailhound never acts on root.`;
  const own = [account.roleArn, account.remediationRoleArn, config.TRAILHOUND_PRINCIPAL_ARN].filter(
    (x): x is string => !!x,
  );
  for (const arn of own) {
    const p = principalOf(arn);
    if (!p) continue;
    const sameType = (p.type === 'user' && t.type === 'iam-user') || (p.type === 'role' && t.type === 'iam-role');
    if (sameType && p.name.toLowerCase() === id.toLowerCase())
      return `${id} is an identity Trailhound itself uses (${arn}); acting on it would break Trailhound or its remediation.`;
  }
  const arn = targetArn(t, account);
  for (const pattern of config.TRAILHOUND_PROTECTED_PRINCIPALS) {
    const re = globToRegex(pattern);
    if (re.test(id) || (arn && re.test(arn)))
      return `${id} is protected by TRAILHOUND_PROTECTED_PRINCIPALS (pattern "${pattern}"); remove it there if this is really intended.`;
  }
  return null;
}

export function checkTargets(
  targets: Target[],
  account: AwsAccount,
  config: Config,
): { ok: true } | { ok: false; why: string } {
  const counted = targets.filter((t) => !t.context);
  if (counted.length > config.TRAILHOUND_MAX_TARGETS)
    return {
      ok: false,
      why: `This proposal has ${counted.length} targets; the limit per proposal is ${config.TRAILHOUND_MAX_TARGETS} (TRAILHOUND_MAX_TARGETS). Split it into smaller proposals.`,
    };
  const why = targets.map((t) => protectedReason(t, account, config)).filter((x): x is string => !!x);
  return why.length ? { ok: false, why: why.join(' ') } : { ok: true };
}
