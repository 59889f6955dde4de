/** Reads of IAM state shared by the IAM actions (precheck / observe). Read-only calls only. */
import {
  GetLoginProfileCommand,
  GetUserCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { ActionError, awsCode } from './define-action';

export interface UserIdentity {
  userName: string;
  userId: string;
  arn: string;
  createDate: string | null;
}

/** GetUser, or null when the user does not exist. */
export async function getUser(iam: IAMClient, userName: string): Promise<UserIdentity | null> {
  try {
    const out = await iam.send(new GetUserCommand({ UserName: userName }));
    const u = out.User!;
    return {
      userName: u.UserName ?? userName,
      userId: u.UserId ?? '',
      arn: u.Arn ?? '',
      createDate: u.CreateDate?.toISOString() ?? null,
    };
  } catch (err) {
    if (awsCode(err) === 'NoSuchEntity') return null;
    throw err;
  }
}

/** Refuses when the user was deleted or re-created (different UserId / CreateDate) since the proposal. */
/** The user as it is when the proposal is made (stored, compared again at execution). */
export async function observeUser(iam: IAMClient, userName: string): Promise<UserIdentity> {
  const u = await getUser(iam, userName);
  if (!u) throw new ActionError(`IAM user ${userName} does not exist.`, 'NoSuchEntity');
  return u;
}

export function userChanged(observed: unknown, now: UserIdentity | null, userName: string): string | null {
  if (!now) return `IAM user ${userName} no longer exists.`;
  const seen = observed as Partial<UserIdentity> | null;
  if (seen?.userId && seen.userId !== now.userId)
    return `IAM user ${userName} was re-created since the proposal (user id ${now.userId}, proposal saw ${seen.userId}); this is a different user.`;
  if (seen?.createDate && now.createDate && seen.createDate !== now.createDate)
    return `IAM user ${userName} changed since the proposal (created ${now.createDate}, proposal saw ${seen.createDate}).`;
  return null;
}

/** Follows IsTruncated/Marker pagination. */
export async function listAll<T>(
  page: (marker?: string) => Promise<{ items: T[]; isTruncated?: boolean; marker?: string }>,
): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  for (let i = 0; i < 100; i++) {
    const r = await page(marker);
    all.push(...r.items);
    if (!r.isTruncated || !r.marker) break;
    marker = r.marker;
  }
  return all;
}

export async function accessKeys(iam: IAMClient, userName: string) {
  return listAll(async (Marker) => {
    const o = await iam.send(new ListAccessKeysCommand({ UserName: userName, Marker }));
    return {
      items: (o.AccessKeyMetadata ?? []).map((k) => ({
        accessKeyId: k.AccessKeyId!,
        status: k.Status ?? 'unknown',
        createDate: k.CreateDate?.toISOString() ?? null,
      })),
      isTruncated: o.IsTruncated,
      marker: o.Marker,
    };
  });
}

export async function hasLoginProfile(iam: IAMClient, userName: string): Promise<{ createDate: string | null } | null> {
  try {
    const o = await iam.send(new GetLoginProfileCommand({ UserName: userName }));
    return { createDate: o.LoginProfile?.CreateDate?.toISOString() ?? null };
  } catch (err) {
    if (awsCode(err) === 'NoSuchEntity') return null;
    throw err;
  }
}

export interface UserInventory {
  accessKeys: { accessKeyId: string; status: string }[];
  loginProfile: boolean;
  signingCertificates: string[];
  sshPublicKeys: string[];
  serviceSpecificCredentials: string[];
  mfaDevices: { serialNumber: string; virtual: boolean }[];
  inlinePolicies: string[];
  attachedPolicies: { name: string; arn: string }[];
  groups: string[];
}

/** Everything IAM requires removing before DeleteUser. */
export async function userInventory(iam: IAMClient, userName: string): Promise<UserInventory> {
  const U = { UserName: userName };
  const [keys, login, certs, ssh, ssc, mfa, inline, attached, groups] = await Promise.all([
    accessKeys(iam, userName),
    hasLoginProfile(iam, userName),
    listAll(async (Marker) => {
      const o = await iam.send(new ListSigningCertificatesCommand({ ...U, Marker }));
      return {
        items: (o.Certificates ?? []).map((c) => c.CertificateId!),
        isTruncated: o.IsTruncated,
        marker: o.Marker,
      };
    }),
    listAll(async (Marker) => {
      const o = await iam.send(new ListSSHPublicKeysCommand({ ...U, Marker }));
      return {
        items: (o.SSHPublicKeys ?? []).map((c) => c.SSHPublicKeyId!),
        isTruncated: o.IsTruncated,
        marker: o.Marker,
      };
    }),
    iam
      .send(new ListServiceSpecificCredentialsCommand(U))
      .then((o) => (o.ServiceSpecificCredentials ?? []).map((c) => c.ServiceSpecificCredentialId!)),
    listAll(async (Marker) => {
      const o = await iam.send(new ListMFADevicesCommand({ ...U, Marker }));
      return {
        items: (o.MFADevices ?? []).map((d) => ({
          serialNumber: d.SerialNumber!,
          virtual: d.SerialNumber!.startsWith('arn:'),
        })),
        isTruncated: o.IsTruncated,
        marker: o.Marker,
      };
    }),
    listAll(async (Marker) => {
      const o = await iam.send(new ListUserPoliciesCommand({ ...U, Marker }));
      return { items: o.PolicyNames ?? [], isTruncated: o.IsTruncated, marker: o.Marker };
    }),
    listAll(async (Marker) => {
      const o = await iam.send(new ListAttachedUserPoliciesCommand({ ...U, Marker }));
      return {
        items: (o.AttachedPolicies ?? []).map((p) => ({ name: p.PolicyName!, arn: p.PolicyArn! })),
        isTruncated: o.IsTruncated,
        marker: o.Marker,
      };
    }),
    listAll(async (Marker) => {
      const o = await iam.send(new ListGroupsForUserCommand({ ...U, Marker }));
      return { items: (o.Groups ?? []).map((g) => g.GroupName!), isTruncated: o.IsTruncated, marker: o.Marker };
    }),
  ]);
  return {
    accessKeys: keys.map((k) => ({ accessKeyId: k.accessKeyId, status: k.status })),
    loginProfile: !!login,
    signingCertificates: certs,
    sshPublicKeys: ssh,
    serviceSpecificCredentials: ssc,
    mfaDevices: mfa,
    inlinePolicies: inline,
    attachedPolicies: attached,
    groups,
  };
}
