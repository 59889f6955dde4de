/** The IAM part of `trailhound collect`: the IAM snapshot written back as `aws iam …` output files. */
import type { CredentialReportRow, IamSnapshot, IamSnapshotPart, PolicyDocument } from '../../iam/snapshot';
import { IAM_EVIDENCE_FILES } from '../evidence/iam';

export const IAM_FILE = IAM_EVIDENCE_FILES;

const inline = (list: { name: string; document: PolicyDocument }[]) =>
  list.map((p) => ({ PolicyName: p.name, PolicyDocument: p.document }));
const attached = (list: { name: string; arn: string }[]) => list.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn }));
const tags = (list: { key: string; value: string }[]) => list.map((t) => ({ Key: t.key, Value: t.value }));
const boundary = (arn: string | null) =>
  arn ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } } : {};
const opt = <T>(k: string, v: T | null | undefined) => (v === null || v === undefined ? {} : { [k]: v });

export function gaadOf(s: IamSnapshot): Record<string, unknown> {
  return {
    UserDetailList: s.users.map((u) => ({
      Path: u.path,
      UserName: u.name,
      UserId: u.id,
      Arn: u.arn,
      ...opt('CreateDate', u.createDate),
      UserPolicyList: inline(u.inlinePolicies),
      GroupList: u.groups,
      AttachedManagedPolicies: attached(u.attachedPolicies),
      ...boundary(u.permissionsBoundaryArn),
      Tags: tags(u.tags),
    })),
    GroupDetailList: s.groups.map((g) => ({
      Path: g.path,
      GroupName: g.name,
      GroupId: g.id,
      Arn: g.arn,
      ...opt('CreateDate', g.createDate),
      GroupPolicyList: inline(g.inlinePolicies),
      AttachedManagedPolicies: attached(g.attachedPolicies),
    })),
    RoleDetailList: s.roles.map((r) => ({
      Path: r.path,
      RoleName: r.name,
      RoleId: r.id,
      Arn: r.arn,
      ...opt('CreateDate', r.createDate),
      AssumeRolePolicyDocument: r.trustPolicy,
      ...opt('Description', r.description),
      ...opt('MaxSessionDuration', r.maxSessionDuration),
      InstanceProfileList: r.instanceProfiles.map((arn) => ({ Arn: arn })),
      RolePolicyList: inline(r.inlinePolicies),
      AttachedManagedPolicies: attached(r.attachedPolicies),
      ...boundary(r.permissionsBoundaryArn),
      Tags: tags(r.tags),
      RoleLastUsed: { ...opt('LastUsedDate', r.lastUsed.date), ...opt('Region', r.lastUsed.region) },
    })),
    Policies: s.policies.map((p) => ({
      PolicyName: p.name,
      PolicyId: p.id,
      Arn: p.arn,
      Path: p.path,
      DefaultVersionId: p.defaultVersionId,
      AttachmentCount: p.attachmentCount,
      PermissionsBoundaryUsageCount: p.permissionsBoundaryUsageCount,
      IsAttachable: p.isAttachable,
      ...opt('Description', p.description),
      ...opt('CreateDate', p.createDate),
      ...opt('UpdateDate', p.updateDate),
      PolicyVersionList: [{ Document: p.document, VersionId: p.defaultVersionId, IsDefaultVersion: true }],
    })),
  };
}

const CSV_HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

function cell(v: string | null | undefined, absent = 'N/A'): string {
  const s = v ?? absent;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function credentialReportCsv(rows: CredentialReportRow[]): string {
  const line = (r: CredentialReportRow) => {
    const root = r.isRoot;
    const key = (k: CredentialReportRow['accessKeys'][0]) => [
      String(k.active),
      cell(k.lastRotated),
      cell(k.lastUsedDate),
      cell(k.lastUsedRegion),
      cell(k.lastUsedService),
    ];
    return [
      cell(r.user),
      cell(r.arn),
      cell(r.userCreationTime),
      r.passwordEnabled === null ? 'not_supported' : String(r.passwordEnabled),
      cell(r.passwordLastUsedRaw || r.passwordLastUsed),
      root ? 'not_supported' : cell(r.passwordLastChanged),
      root ? 'not_supported' : cell(r.passwordNextRotation),
      String(r.mfaActive),
      ...key(r.accessKeys[0]),
      ...key(r.accessKeys[1]),
      String(r.certs[0].active),
      cell(r.certs[0].lastRotated),
      String(r.certs[1].active),
      cell(r.certs[1].lastRotated),
    ].join(',');
  };
  return `${[CSV_HEADER, ...rows.map(line)].join('\n')}\n`;
}

/** The aws CLI file for each readable snapshot part (a missing part is not written). */
export function iamEvidenceFiles(s: IamSnapshot): { files: Record<string, string>; missing: string[] } {
  const missingParts = new Set(s.warnings.filter((w) => w.missing).map((w) => w.part));
  const files: Record<string, string> = {};
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  const put = (part: IamSnapshotPart, text: () => string) => {
    if (!missingParts.has(part)) files[IAM_FILE[part]] = text();
  };
  put('authorizationDetails', () => json(gaadOf(s)));
  if (s.credentialReport) put('credentialReport', () => credentialReportCsv(s.credentialReport!.rows));
  else missingParts.add('credentialReport');
  if (s.accountSummary) put('accountSummary', () => json({ SummaryMap: s.accountSummary }));
  else missingParts.add('accountSummary');
  put('passwordPolicy', () =>
    json(
      s.passwordPolicy
        ? {
            PasswordPolicy: {
              ...opt('MinimumPasswordLength', s.passwordPolicy.minimumPasswordLength),
              RequireSymbols: s.passwordPolicy.requireSymbols,
              RequireNumbers: s.passwordPolicy.requireNumbers,
              RequireUppercaseCharacters: s.passwordPolicy.requireUppercaseCharacters,
              RequireLowercaseCharacters: s.passwordPolicy.requireLowercaseCharacters,
              AllowUsersToChangePassword: s.passwordPolicy.allowUsersToChangePassword,
              ExpirePasswords: s.passwordPolicy.expirePasswords,
              ...opt('MaxPasswordAge', s.passwordPolicy.maxPasswordAge),
              ...opt('PasswordReusePrevention', s.passwordPolicy.passwordReusePrevention),
              HardExpiry: s.passwordPolicy.hardExpiry,
            },
          }
        : {},
    ),
  );
  put('virtualMfaDevices', () =>
    json({
      VirtualMFADevices: s.virtualMfaDevices.map((d) => ({
        SerialNumber: d.serialNumber,
        ...(d.userArn ? { User: { Arn: d.userArn, ...opt('UserName', d.userName) } } : {}),
        ...opt('EnableDate', d.enableDate),
      })),
    }),
  );
  put('samlProviders', () =>
    json({
      SAMLProviderList: s.samlProviders.map((p) => ({
        Arn: p.arn,
        ...opt('ValidUntil', p.validUntil),
        ...opt('CreateDate', p.createDate),
      })),
    }),
  );
  put('oidcProviders', () =>
    json({
      OpenIDConnectProviderList: s.oidcProviders.map((p) => ({ Arn: p.arn })),
      Providers: Object.fromEntries(
        s.oidcProviders.map((p) => [
          p.arn,
          { Url: p.url, ClientIDList: p.clientIds, ThumbprintList: p.thumbprints, ...opt('CreateDate', p.createDate) },
        ]),
      ),
    }),
  );
  return { files, missing: [...missingParts].map((p) => `iam/${IAM_FILE[p]}`) };
}
