/**
 * Delete an IAM user, in the order IAM requires: access keys, login profile, signing certificates,
 * SSH public keys, service-specific credentials, MFA devices (deactivate, then delete virtual ones),
 * inline policies, attached policies, group memberships, then the user. Every step is recorded; a
 * failure mid-way reports what was done and what remains, and a retry skips what already succeeded.
 */
import {
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachUserPolicyCommand,
  IAMClient,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { z } from 'zod';
import { awsCode, defineAction } from '../define-action';
import { getUser, userChanged, userInventory, type UserIdentity, type UserInventory, observeUser } from '../iam-state';
import { USER_NAME } from '../inputs';

const input = z.object({ user_name: USER_NAME.describe('IAM user to delete permanently, e.g. "mallory".') });

/** A step whose target is already gone counts as done (idempotent on retry). */
async function idempotent(fn: () => Promise<unknown>): Promise<{ done: true; detail?: string }> {
  try {
    await fn();
    return { done: true };
  } catch (err) {
    if (awsCode(err) === 'NoSuchEntity') return { done: true, detail: 'already absent' };
    throw err;
  }
}

export default defineAction({
  kind: 'delete_iam_user',
  title: 'Delete IAM user',
  description:
    "Permanently deletes an IAM user and everything attached to it, in IAM's required order: access keys, console password, signing certificates, SSH public keys, service-specific credentials, MFA devices (deactivated, virtual ones deleted), inline policies, attached managed policies, group memberships, then the user. Irreversible: the user's credentials and id are gone (a re-created user of the same name is a different principal). Prefer disable_iam_user unless the user is certainly rogue (e.g. created by an attacker).",
  input,
  permissions: [
    'iam:GetUser',
    'iam:ListAccessKeys',
    'iam:DeleteAccessKey',
    'iam:GetLoginProfile',
    'iam:DeleteLoginProfile',
    'iam:ListSigningCertificates',
    'iam:DeleteSigningCertificate',
    'iam:ListSSHPublicKeys',
    'iam:DeleteSSHPublicKey',
    'iam:ListServiceSpecificCredentials',
    'iam:DeleteServiceSpecificCredential',
    'iam:ListMFADevices',
    'iam:DeactivateMFADevice',
    'iam:DeleteVirtualMFADevice',
    'iam:ListUserPolicies',
    'iam:DeleteUserPolicy',
    'iam:ListAttachedUserPolicies',
    'iam:DetachUserPolicy',
    'iam:ListGroupsForUser',
    'iam:RemoveUserFromGroup',
    'iam:DeleteUser',
  ],
  risk: 'high',
  destructive: true,
  reversal: null,
  regional: false,
  targets: (i) => [{ type: 'iam-user', id: i.user_name }],
  describe: (i) =>
    `Permanently delete IAM user ${i.user_name} with all its keys, passwords, certificates, MFA devices, policies and group memberships (irreversible).`,
  observe: (ctx, i) => observeUser(ctx.client(IAMClient), i.user_name),
  async precheck(ctx, i) {
    const iam = ctx.client(IAMClient);
    const user = await getUser(iam, i.user_name);
    const changed = userChanged(ctx.observed, user, i.user_name);
    if (changed) return { ok: false, why: changed };
    return { ok: true, before: { user: user as UserIdentity, ...(await userInventory(iam, i.user_name)) } };
  },
  async execute(ctx, i, before: { user: UserIdentity } & UserInventory) {
    const iam = ctx.client(IAMClient);
    const U = i.user_name;
    type S = { id: string; title: string; run: () => Promise<unknown> };
    const steps: S[] = [
      ...before.accessKeys.map((k) => ({
        id: `delete-access-key:${k.accessKeyId}`,
        title: `Delete access key ${k.accessKeyId}`,
        run: () => iam.send(new DeleteAccessKeyCommand({ UserName: U, AccessKeyId: k.accessKeyId })),
      })),
      ...(before.loginProfile
        ? [
            {
              id: 'delete-login-profile',
              title: 'Delete console password (login profile)',
              run: () => iam.send(new DeleteLoginProfileCommand({ UserName: U })),
            },
          ]
        : []),
      ...before.signingCertificates.map((c) => ({
        id: `delete-signing-certificate:${c}`,
        title: `Delete signing certificate ${c}`,
        run: () => iam.send(new DeleteSigningCertificateCommand({ UserName: U, CertificateId: c })),
      })),
      ...before.sshPublicKeys.map((k) => ({
        id: `delete-ssh-public-key:${k}`,
        title: `Delete SSH public key ${k}`,
        run: () => iam.send(new DeleteSSHPublicKeyCommand({ UserName: U, SSHPublicKeyId: k })),
      })),
      ...before.serviceSpecificCredentials.map((c) => ({
        id: `delete-service-specific-credential:${c}`,
        title: `Delete service-specific credential ${c}`,
        run: () =>
          iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: U, ServiceSpecificCredentialId: c })),
      })),
      ...before.mfaDevices.flatMap((d) => [
        {
          id: `deactivate-mfa:${d.serialNumber}`,
          title: `Deactivate MFA device ${d.serialNumber}`,
          run: () => iam.send(new DeactivateMFADeviceCommand({ UserName: U, SerialNumber: d.serialNumber })),
        },
        ...(d.virtual
          ? [
              {
                id: `delete-virtual-mfa:${d.serialNumber}`,
                title: `Delete virtual MFA device ${d.serialNumber}`,
                run: () => iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.serialNumber })),
              },
            ]
          : []),
      ]),
      ...before.inlinePolicies.map((p) => ({
        id: `delete-inline-policy:${p}`,
        title: `Delete inline policy ${p}`,
        run: () => iam.send(new DeleteUserPolicyCommand({ UserName: U, PolicyName: p })),
      })),
      ...before.attachedPolicies.map((p) => ({
        id: `detach-policy:${p.arn}`,
        title: `Detach managed policy ${p.name}`,
        run: () => iam.send(new DetachUserPolicyCommand({ UserName: U, PolicyArn: p.arn })),
      })),
      ...before.groups.map((g) => ({
        id: `remove-from-group:${g}`,
        title: `Remove from group ${g}`,
        run: () => iam.send(new RemoveUserFromGroupCommand({ UserName: U, GroupName: g })),
      })),
      {
        id: `delete-user:${U}`,
        title: `Delete user ${U}`,
        run: () => iam.send(new DeleteUserCommand({ UserName: U })),
      },
    ];
    ctx.plan(steps.map(({ id, title }) => ({ id, title })));
    for (const s of steps) await ctx.step(s.id, s.title, () => idempotent(s.run));
    return {
      after: { deleted: true, userName: U, userId: before.user.userId, stepsRun: steps.length },
      summary: `Deleted IAM user ${U} (${before.user.userId}) in ${steps.length} steps: ${before.accessKeys.length} access key(s), ${before.loginProfile ? 'console password, ' : ''}${before.signingCertificates.length} signing certificate(s), ${before.sshPublicKeys.length} SSH key(s), ${before.serviceSpecificCredentials.length} service credential(s), ${before.mfaDevices.length} MFA device(s), ${before.inlinePolicies.length} inline and ${before.attachedPolicies.length} attached policies, ${before.groups.length} group membership(s).`,
    };
  },
});
