/** Delete one access key of an IAM user (irreversible: the secret cannot be recovered). */
import { DeleteAccessKeyCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { z } from 'zod';
import { ACCESS_KEY_ID, USER_NAME } from '../inputs';
import { ActionError, awsCode, defineAction } from '../define-action';

const input = z.object({
  user_name: USER_NAME.describe('IAM user that owns the key, e.g. "bob".'),
  access_key_id: ACCESS_KEY_ID.describe('The long-term access key id to delete, e.g. AKIAI44QH8DHBEXAMPLE.'),
});

interface KeyState {
  accessKeyId: string;
  status: string;
  createDate: string | null;
}

async function findKey(client: IAMClient, userName: string, keyId: string): Promise<KeyState | null | 'no-user'> {
  try {
    let marker: string | undefined;
    do {
      const out = await client.send(new ListAccessKeysCommand({ UserName: userName, Marker: marker }));
      const k = out.AccessKeyMetadata?.find((m) => m.AccessKeyId === keyId);
      if (k)
        return { accessKeyId: keyId, status: k.Status ?? 'unknown', createDate: k.CreateDate?.toISOString() ?? null };
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker);
    return null;
  } catch (err) {
    if (awsCode(err) === 'NoSuchEntity') return 'no-user';
    throw err;
  }
}

export default defineAction({
  kind: 'delete_access_key',
  title: 'Delete access key',
  description:
    'Deletes one long-term access key (AKIA…) of an IAM user. Use for a leaked or abused key. Irreversible: anything using the key stops working and a new key must be created if still needed. Prefer disable_iam_user when you are not sure.',
  input,
  permissions: ['iam:ListAccessKeys', 'iam:DeleteAccessKey'],
  risk: 'medium',
  destructive: false,
  reversal: null,
  regional: false,
  targets: (i) => [
    { type: 'iam-user', id: i.user_name, context: true },
    { type: 'access-key', id: i.access_key_id },
  ],
  describe: (i) => `Delete access key ${i.access_key_id} of IAM user ${i.user_name} (irreversible).`,
  async observe(ctx, i) {
    const k = await findKey(ctx.client(IAMClient), i.user_name, i.access_key_id);
    if (k === 'no-user') throw new ActionError(`IAM user ${i.user_name} does not exist.`);
    if (!k)
      throw new ActionError(
        `Access key ${i.access_key_id} is not a key of IAM user ${i.user_name} (already deleted?).`,
      );
    return k;
  },
  async precheck(ctx, i) {
    const k = await findKey(ctx.client(IAMClient), i.user_name, i.access_key_id);
    if (k === 'no-user') return { ok: false, why: `IAM user ${i.user_name} no longer exists.` };
    if (!k)
      return {
        ok: false,
        why: `Access key ${i.access_key_id} is no longer a key of ${i.user_name}: it was already deleted.`,
      };
    const seen = ctx.observed as KeyState | null;
    if (seen?.createDate && k.createDate && seen.createDate !== k.createDate)
      return {
        ok: false,
        why: `Access key ${i.access_key_id} changed since the proposal (created ${k.createDate}, proposal saw ${seen.createDate}).`,
      };
    return { ok: true, before: k };
  },
  async execute(ctx, i, before) {
    await ctx.step(`delete-access-key:${i.access_key_id}`, `Delete access key ${i.access_key_id}`, async () => {
      await ctx
        .client(IAMClient)
        .send(new DeleteAccessKeyCommand({ UserName: i.user_name, AccessKeyId: i.access_key_id }));
      return { deleted: i.access_key_id };
    });
    return {
      after: { accessKeyId: i.access_key_id, previousStatus: before.status, deleted: true },
      summary: `Deleted access key ${i.access_key_id} of ${i.user_name} (it was ${before.status}).`,
    };
  },
});
