/** Detach the AWS managed admin-level policies (AdministratorAccess, PowerUserAccess, IAMFullAccess) from a user, group or role. */
import {
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { z } from 'zod';
import { partitionOf } from '../../aws/accounts';
import { ActionError, awsCode, defineAction, type ReadContext } from '../define-action';
import { listAll } from '../iam-state';
import { IAM_NAME } from '../inputs';

export const ADMIN_POLICIES = ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess'] as const;

const input = z.object({
  principal_type: z.enum(['user', 'group', 'role']).describe('Kind of IAM principal the policies are attached to.'),
  principal_name: IAM_NAME.describe('Name of the IAM user, group or role (not the ARN), e.g. "ci-deployer".'),
});
type Input = z.output<typeof input>;

interface Attached {
  name: string;
  arn: string;
}

async function adminAttached(ctx: ReadContext, i: Input): Promise<Attached[] | null> {
  const iam = ctx.client(IAMClient);
  const admin = new Set(
    ADMIN_POLICIES.map(
      (p) => `arn:${partitionOf(ctx.account.roleArn ?? ctx.account.remediationRoleArn)}:iam::aws:policy/${p}`,
    ),
  );
  try {
    const all = await listAll(async (Marker) => {
      const o =
        i.principal_type === 'user'
          ? await iam.send(new ListAttachedUserPoliciesCommand({ UserName: i.principal_name, Marker }))
          : i.principal_type === 'group'
            ? await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: i.principal_name, Marker }))
            : await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: i.principal_name, Marker }));
      return {
        items: (o.AttachedPolicies ?? []).map((p) => ({ name: p.PolicyName!, arn: p.PolicyArn! })),
        isTruncated: o.IsTruncated,
        marker: o.Marker,
      };
    });
    return all.filter((p) => admin.has(p.arn));
  } catch (err) {
    if (awsCode(err) === 'NoSuchEntity') return null;
    throw err;
  }
}

export default defineAction({
  kind: 'detach_admin_policies',
  title: 'Detach admin policies',
  description: `Detaches the AWS managed policies ${ADMIN_POLICIES.join(', ')} from one IAM user, group or role — only those actually attached; other policies, inline policies and group memberships are left alone. Reversible by re-attaching (aws iam attach-user-policy / attach-group-policy / attach-role-policy). Use to cut an abused principal's admin rights while keeping it working.`,
  input,
  permissions: [
    'iam:ListAttachedUserPolicies',
    'iam:ListAttachedGroupPolicies',
    'iam:ListAttachedRolePolicies',
    'iam:DetachUserPolicy',
    'iam:DetachGroupPolicy',
    'iam:DetachRolePolicy',
  ],
  risk: 'medium',
  destructive: false,
  reversal:
    'Re-attach the detached policies: aws iam attach-user-policy / attach-group-policy / attach-role-policy --policy-arn arn:aws:iam::aws:policy/NAME.',
  regional: false,
  targets: (i) => [
    {
      type: i.principal_type === 'user' ? 'iam-user' : i.principal_type === 'group' ? 'iam-group' : 'iam-role',
      id: i.principal_name,
    },
  ],
  describe: (i) =>
    `Detach ${ADMIN_POLICIES.join(' / ')} (whichever are attached) from IAM ${i.principal_type} ${i.principal_name}.`,
  async observe(ctx, i) {
    const a = await adminAttached(ctx, i);
    if (a === null)
      throw new ActionError(`IAM ${i.principal_type} ${i.principal_name} does not exist.`, 'NoSuchEntity');
    if (a.length === 0)
      throw new ActionError(
        `IAM ${i.principal_type} ${i.principal_name} has none of ${ADMIN_POLICIES.join(', ')} attached: nothing to detach.`,
      );
    return { attached: a };
  },
  async precheck(ctx, i) {
    const a = await adminAttached(ctx, i);
    if (a === null) return { ok: false, why: `IAM ${i.principal_type} ${i.principal_name} no longer exists.` };
    if (a.length === 0)
      return {
        ok: false,
        why: `None of ${ADMIN_POLICIES.join(', ')} is attached to ${i.principal_type} ${i.principal_name} any more: nothing to do.`,
      };
    return { ok: true, before: { attached: a } };
  },
  async execute(ctx, i, before) {
    const iam = ctx.client(IAMClient);
    ctx.plan(before.attached.map((p) => ({ id: `detach:${p.arn}`, title: `Detach ${p.name}` })));
    for (const p of before.attached)
      await ctx.step(`detach:${p.arn}`, `Detach ${p.name}`, async () => {
        try {
          if (i.principal_type === 'user')
            await iam.send(new DetachUserPolicyCommand({ UserName: i.principal_name, PolicyArn: p.arn }));
          else if (i.principal_type === 'group')
            await iam.send(new DetachGroupPolicyCommand({ GroupName: i.principal_name, PolicyArn: p.arn }));
          else await iam.send(new DetachRolePolicyCommand({ RoleName: i.principal_name, PolicyArn: p.arn }));
          return { detached: p.arn };
        } catch (err) {
          if (awsCode(err) === 'NoSuchEntity') return { detached: p.arn, detail: 'was no longer attached' };
          throw err;
        }
      });
    return {
      after: { detached: before.attached.map((p) => p.arn) },
      summary: `Detached ${before.attached.map((p) => p.name).join(', ')} from ${i.principal_type} ${i.principal_name}. To reverse: aws iam attach-${i.principal_type}-policy --${i.principal_type}-name ${i.principal_name} --policy-arn ARN.`,
    };
  },
});
