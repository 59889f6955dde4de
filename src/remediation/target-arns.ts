/**
 * The real ARNs of a proposal's IAM targets, read from IAM (GetUser / GetRole / GetGroup), so that
 * protected-principal patterns with paths (`arn:aws:iam::*:user/ops/*`) match a user created at
 * path /ops/ — an ARN built from the name alone would be `user/NAME` and never match.
 * Only needed when a protected pattern is an ARN; a target that cannot be read fails closed.
 */
import { GetGroupCommand, GetRoleCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import type { Config } from '../config';
import { awsCode, type ReadContext, type Target } from './define-action';

export function needsRealArns(config: Config): boolean {
  return config.TRAILHOUND_PROTECTED_PRINCIPALS.some((p) => p.trim().toLowerCase().startsWith('arn:'));
}

/** Targets with `arn` filled from IAM; throws a sentence when an IAM target's ARN cannot be read. */
export async function withRealArns(ctx: Pick<ReadContext, 'client'>, targets: Target[]): Promise<Target[]> {
  const iam = ctx.client(IAMClient);
  const out: Target[] = [];
  for (const t of targets) {
    if (t.arn || !['iam-user', 'iam-role', 'iam-group'].includes(t.type)) {
      out.push(t);
      continue;
    }
    try {
      const arn =
        t.type === 'iam-user'
          ? (await iam.send(new GetUserCommand({ UserName: t.id }))).User?.Arn
          : t.type === 'iam-role'
            ? (await iam.send(new GetRoleCommand({ RoleName: t.id }))).Role?.Arn
            : (await iam.send(new GetGroupCommand({ GroupName: t.id, MaxItems: 1 }))).Group?.Arn;
      out.push(arn ? { ...t, arn } : t);
    } catch (err) {
      // A target that does not exist cannot be protected; the action's own check reports it.
      if (awsCode(err) === 'NoSuchEntity') {
        out.push(t);
        continue;
      }
      throw new Error(
        `Could not read the ARN of ${t.type.replace('iam-', 'IAM ')} ${t.id} (${awsCode(err)}) to check it against TRAILHOUND_PROTECTED_PRINCIPALS; refusing rather than guessing.`,
      );
    }
  }
  return out;
}
