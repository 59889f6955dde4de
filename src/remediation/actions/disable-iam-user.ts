/** Disable an IAM user: deactivate every access key and remove the console password. Reversible. */
import { DeleteLoginProfileCommand, IAMClient, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { z } from 'zod';
import { awsCode, defineAction } from '../define-action';
import { accessKeys, getUser, hasLoginProfile, userChanged, observeUser } from '../iam-state';
import { USER_NAME } from '../inputs';

const input = z.object({ user_name: USER_NAME.describe('IAM user to disable, e.g. "bob".') });

const reversal = (u: string) =>
  `Re-activate a key: \`aws iam update-access-key --user-name ${u} --access-key-id KEY --status Active\`. Restore console access with a NEW password (the old one cannot be recovered): \`aws iam create-login-profile --user-name ${u} --password '…' --password-reset-required\`.`;

export default defineAction({
  kind: 'disable_iam_user',
  title: 'Disable IAM user',
  description:
    'Disables an IAM user without deleting it: deactivates all of its access keys (UpdateAccessKey Status=Inactive) and deletes its console password (login profile). Reversible: keys can be re-activated, and a new console password set. Does not touch roles, policies, groups or MFA. Use to contain a compromised user quickly while the investigation continues.',
  input,
  permissions: [
    'iam:GetUser',
    'iam:ListAccessKeys',
    'iam:UpdateAccessKey',
    'iam:GetLoginProfile',
    'iam:DeleteLoginProfile',
  ],
  risk: 'medium',
  destructive: false,
  reversal:
    'Re-activate the access keys (aws iam update-access-key … --status Active) and, if needed, set a new console password (aws iam create-login-profile … --password-reset-required).',
  regional: false,
  targets: (i) => [{ type: 'iam-user', id: i.user_name }],
  describe: (i) =>
    `Disable IAM user ${i.user_name}: deactivate all access keys and remove the console password (reversible).`,
  observe: (ctx, i) => observeUser(ctx.client(IAMClient), i.user_name),
  async precheck(ctx, i) {
    const iam = ctx.client(IAMClient);
    const changed = userChanged(ctx.observed, await getUser(iam, i.user_name), i.user_name);
    if (changed) return { ok: false, why: changed };
    const [keys, login] = await Promise.all([accessKeys(iam, i.user_name), hasLoginProfile(iam, i.user_name)]);
    return { ok: true, before: { accessKeys: keys, loginProfile: !!login } };
  },
  async execute(ctx, i, before) {
    const iam = ctx.client(IAMClient);
    const active = before.accessKeys.filter((k) => k.status === 'Active');
    ctx.plan([
      ...active.map((k) => ({
        id: `deactivate-key:${k.accessKeyId}`,
        title: `Deactivate access key ${k.accessKeyId}`,
      })),
      ...(before.loginProfile
        ? [{ id: 'delete-login-profile', title: 'Delete console password (login profile)' }]
        : []),
    ]);
    for (const k of before.accessKeys.filter((k) => k.status !== 'Active'))
      ctx.note(`deactivate-key:${k.accessKeyId}`, `Access key ${k.accessKeyId}`, 'skipped', 'already inactive');
    for (const k of active)
      await ctx.step(`deactivate-key:${k.accessKeyId}`, `Deactivate access key ${k.accessKeyId}`, async () => {
        await iam.send(
          new UpdateAccessKeyCommand({ UserName: i.user_name, AccessKeyId: k.accessKeyId, Status: 'Inactive' }),
        );
        return { accessKeyId: k.accessKeyId, status: 'Inactive' };
      });
    if (before.loginProfile)
      await ctx.step('delete-login-profile', 'Delete console password (login profile)', async () => {
        try {
          await iam.send(new DeleteLoginProfileCommand({ UserName: i.user_name }));
          return { deleted: true };
        } catch (err) {
          if (awsCode(err) === 'NoSuchEntity') return { deleted: false, detail: 'already absent' };
          throw err;
        }
      });
    else ctx.note('delete-login-profile', 'Console password', 'skipped', 'the user has no console password');
    return {
      after: {
        accessKeys: before.accessKeys.map((k) => ({ accessKeyId: k.accessKeyId, status: 'Inactive' })),
        loginProfile: false,
      },
      summary: `Disabled ${i.user_name}: ${active.length} access key(s) deactivated${before.loginProfile ? ', console password removed' : ', no console password to remove'}. To reverse: ${reversal(i.user_name)}`,
    };
  },
});
