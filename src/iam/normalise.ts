/**
 * AWS-shaped IAM responses → snapshot parts (pure). The SDK v3 outputs and the aws CLI's JSON use
 * the same PascalCase field names, so live and evidence share these functions; dates may be Date
 * objects (SDK) or strings (CLI), policy documents URL-encoded (wire/SDK) or decoded (CLI).
 */
import {
  EMPTY_POLICY,
  POLICY_SIZE_LIMITS,
  type PolicyDocument,
  policySize,
  tryDecodePolicyDocument,
} from './policy-document';
import type {
  AttachedPolicyRef,
  IamGroup,
  IamRole,
  IamSnapshotWarning,
  IamTag,
  IamUser,
  InlinePolicy,
  ManagedPolicy,
  OidcProvider,
  PasswordPolicy,
  SamlProvider,
  VirtualMfaDevice,
} from './snapshot';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const optStr = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function isoOrNull(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (typeof v === 'string' && v) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (typeof v === 'number') return new Date(v > 1e12 ? v : v * 1000).toISOString();
  return null;
}

type Warn = (w: IamSnapshotWarning) => void;

const warnItem = (warn: Warn, message: string) =>
  warn({ part: 'authorizationDetails', api: 'iam:GetAccountAuthorizationDetails', message, missing: false });

/** Decodes a document keeping its valid statements; warns about skipped statements, a missing Statement, and size. */
function decodeWithWarnings(
  input: unknown,
  what: string,
  limit: number,
  warn: Warn,
): { doc: PolicyDocument | null; skipped: string[] } {
  let skipped: string[] = [];
  const doc = tryDecodePolicyDocument(
    input,
    (m) => warnItem(warn, `${what} was not analysed: ${m}. Its permissions are unknown, not absent.`),
    (s, noStatement) => {
      skipped = s;
      if (noStatement) warnItem(warn, `${what} has no Statement: it grants nothing as stored.`);
      if (s.length)
        warnItem(
          warn,
          `${what}: ${s.length} statement(s) skipped (${s.join('; ')}); its other statements were analysed. The skipped statements' permissions are unknown, not absent.`,
        );
    },
  );
  if (doc && policySize(doc) > limit)
    warnItem(
      warn,
      `${what} is ${policySize(doc)} characters, over AWS's ${limit}-character limit for this kind of policy: the stored document may differ from what was read.`,
    );
  return { doc, skipped };
}

function inline(list: unknown, owner: string, limit: number, warn: Warn): InlinePolicy[] {
  const out: InlinePolicy[] = [];
  for (const p of arr(list)) {
    const o = obj(p);
    const name = str(o.PolicyName);
    const { doc, skipped } = decodeWithWarnings(o.PolicyDocument, `Inline policy ${name} of ${owner}`, limit, warn);
    if (doc) out.push({ name, document: doc, ...(skipped.length ? { skipped } : {}) });
    // An unreadable document is kept as "unknown" so the principal's answer names it.
    else if (o.PolicyDocument !== undefined && o.PolicyDocument !== null && o.PolicyDocument !== '')
      out.push({ name, document: EMPTY_POLICY, skipped: ['the whole document could not be decoded'] });
  }
  return out;
}

function attached(list: unknown): AttachedPolicyRef[] {
  return arr(list).map((p) => ({ name: str(obj(p).PolicyName), arn: str(obj(p).PolicyArn) }));
}

function tags(list: unknown): IamTag[] {
  return arr(list).map((t) => ({ key: str(obj(t).Key), value: str(obj(t).Value) }));
}

function boundary(v: unknown): string | null {
  return optStr(obj(v).PermissionsBoundaryArn);
}

export interface GaadParts {
  users: IamUser[];
  groups: IamGroup[];
  roles: IamRole[];
  policies: ManagedPolicy[];
}

/** Merges GetAccountAuthorizationDetails pages (each `{UserDetailList, GroupDetailList, RoleDetailList, Policies}`). */
export function normaliseGaadPages(pages: unknown[], warn: Warn): GaadParts {
  const out: GaadParts = { users: [], groups: [], roles: [], policies: [] };
  const seen = new Set<string>();
  const once = (arn: string): boolean => {
    if (!arn || seen.has(arn)) return false;
    seen.add(arn);
    return true;
  };
  for (const page of pages) {
    const p = obj(page);
    for (const u of arr(p.UserDetailList)) {
      const o = obj(u);
      const arn = str(o.Arn);
      if (!once(arn)) continue;
      out.users.push({
        name: str(o.UserName),
        id: str(o.UserId),
        arn,
        path: str(o.Path) || '/',
        createDate: isoOrNull(o.CreateDate),
        groups: arr(o.GroupList).map(str),
        inlinePolicies: inline(o.UserPolicyList, `user ${str(o.UserName)}`, POLICY_SIZE_LIMITS.userInline, warn),
        attachedPolicies: attached(o.AttachedManagedPolicies),
        permissionsBoundaryArn: boundary(o.PermissionsBoundary),
        tags: tags(o.Tags),
      });
    }
    for (const g of arr(p.GroupDetailList)) {
      const o = obj(g);
      const arn = str(o.Arn);
      if (!once(arn)) continue;
      out.groups.push({
        name: str(o.GroupName),
        id: str(o.GroupId),
        arn,
        path: str(o.Path) || '/',
        createDate: isoOrNull(o.CreateDate),
        inlinePolicies: inline(o.GroupPolicyList, `group ${str(o.GroupName)}`, POLICY_SIZE_LIMITS.groupInline, warn),
        attachedPolicies: attached(o.AttachedManagedPolicies),
      });
    }
    for (const r of arr(p.RoleDetailList)) {
      const o = obj(r);
      const arn = str(o.Arn);
      if (!once(arn)) continue;
      const name = str(o.RoleName);
      const trust =
        tryDecodePolicyDocument(o.AssumeRolePolicyDocument, (m) =>
          warn({
            part: 'authorizationDetails',
            api: 'iam:GetAccountAuthorizationDetails',
            message: `Trust policy of role ${name} was not analysed: ${m}`,
            missing: false,
          }),
        ) ?? EMPTY_POLICY;
      const last = obj(o.RoleLastUsed);
      out.roles.push({
        name,
        id: str(o.RoleId),
        arn,
        path: str(o.Path) || '/',
        createDate: isoOrNull(o.CreateDate),
        description: optStr(o.Description),
        maxSessionDuration:
          typeof o.MaxSessionDuration === 'number'
            ? o.MaxSessionDuration
            : o.MaxSessionDuration
              ? Number(o.MaxSessionDuration)
              : null,
        trustPolicy: trust,
        inlinePolicies: inline(o.RolePolicyList, `role ${name}`, POLICY_SIZE_LIMITS.roleInline, warn),
        attachedPolicies: attached(o.AttachedManagedPolicies),
        permissionsBoundaryArn: boundary(o.PermissionsBoundary),
        tags: tags(o.Tags),
        lastUsed: { date: isoOrNull(last.LastUsedDate), region: optStr(last.Region) },
        instanceProfiles: arr(o.InstanceProfileList)
          .map((ip) => str(obj(ip).Arn))
          .filter(Boolean),
      });
    }
    for (const m of arr(p.Policies)) {
      const o = obj(m);
      const arn = str(o.Arn);
      if (!once(arn)) continue;
      const name = str(o.PolicyName);
      const versions = arr(o.PolicyVersionList).map(obj);
      const def =
        versions.find((v) => v.IsDefaultVersion === true || v.IsDefaultVersion === 'true') ??
        versions.find((v) => v.VersionId === o.DefaultVersionId);
      const decoded = def
        ? decodeWithWarnings(def.Document, `Managed policy ${name}`, POLICY_SIZE_LIMITS.managed, warn)
        : { doc: null, skipped: [] as string[] };
      let document = decoded.doc;
      const skipped = decoded.skipped.length
        ? decoded.skipped
        : def && !document
          ? ['the whole document could not be decoded']
          : [];
      if (!def)
        warn({
          part: 'authorizationDetails',
          api: 'iam:GetAccountAuthorizationDetails',
          message: `Managed policy ${name} has no default version document; it was not analysed.`,
          missing: false,
        });
      document ??= EMPTY_POLICY;
      out.policies.push({
        name,
        id: str(o.PolicyId),
        arn,
        path: str(o.Path) || '/',
        awsManaged: /^arn:[\w-]+:iam::aws:policy\//.test(arn),
        defaultVersionId: str(o.DefaultVersionId),
        attachmentCount: Number(o.AttachmentCount ?? 0),
        permissionsBoundaryUsageCount: Number(o.PermissionsBoundaryUsageCount ?? 0),
        isAttachable: o.IsAttachable !== false && o.IsAttachable !== 'false',
        description: optStr(o.Description),
        createDate: isoOrNull(o.CreateDate),
        updateDate: isoOrNull(o.UpdateDate),
        document,
        ...(skipped.length ? { skipped } : {}),
      });
    }
  }
  return out;
}

/** GetAccountSummary: `SummaryMap` (object; or the XML-ish list of {key,value}). */
export function normaliseAccountSummary(v: unknown): Record<string, number> {
  const m = obj(v).SummaryMap ?? v;
  const out: Record<string, number> = {};
  if (Array.isArray(m)) for (const e of m) out[str(obj(e).key)] = Number(obj(e).value);
  else
    for (const [k, val] of Object.entries(obj(m)))
      if (typeof val === 'number' || typeof val === 'string') out[k] = Number(val);
  return out;
}

/** GetAccountPasswordPolicy: `{PasswordPolicy:{…}}` or the policy itself. */
export function normalisePasswordPolicy(v: unknown): PasswordPolicy | null {
  const o = obj(v);
  const p = o.PasswordPolicy !== undefined ? obj(o.PasswordPolicy) : o;
  if (Object.keys(p).length === 0) return null;
  const num = (x: unknown): number | null => (x === undefined || x === null || x === '' ? null : Number(x));
  const b = (x: unknown): boolean => x === true || x === 'true';
  return {
    minimumPasswordLength: num(p.MinimumPasswordLength),
    requireSymbols: b(p.RequireSymbols),
    requireNumbers: b(p.RequireNumbers),
    requireUppercaseCharacters: b(p.RequireUppercaseCharacters),
    requireLowercaseCharacters: b(p.RequireLowercaseCharacters),
    allowUsersToChangePassword: b(p.AllowUsersToChangePassword),
    expirePasswords: b(p.ExpirePasswords),
    maxPasswordAge: num(p.MaxPasswordAge),
    passwordReusePrevention: num(p.PasswordReusePrevention),
    hardExpiry: b(p.HardExpiry),
  };
}

/** ListVirtualMFADevices pages (`{VirtualMFADevices:[…]}`) or a bare list. */
export function normaliseVirtualMfaDevices(pages: unknown[]): VirtualMfaDevice[] {
  const out: VirtualMfaDevice[] = [];
  for (const page of pages) {
    const list = Array.isArray(page) ? page : arr(obj(page).VirtualMFADevices);
    for (const d of list) {
      const o = obj(d);
      const u = obj(o.User);
      out.push({
        serialNumber: str(o.SerialNumber),
        userArn: optStr(u.Arn),
        userName: optStr(u.UserName),
        enableDate: isoOrNull(o.EnableDate),
      });
    }
  }
  return out;
}

/** ListSAMLProviders: `{SAMLProviderList:[…]}` or a bare list. */
export function normaliseSamlProviders(v: unknown): SamlProvider[] {
  const list = Array.isArray(v) ? v : arr(obj(v).SAMLProviderList);
  return list.map((p) => ({
    arn: str(obj(p).Arn),
    validUntil: isoOrNull(obj(p).ValidUntil),
    createDate: isoOrNull(obj(p).CreateDate),
  }));
}

/** One OIDC provider from its ARN and GetOpenIDConnectProvider's output. */
export function normaliseOidcProvider(arn: string, detail: unknown): OidcProvider {
  const o = obj(detail);
  const url = str(o.Url) || arn.replace(/^.*:oidc-provider\//, '');
  return {
    arn,
    url: url.replace(/^https?:\/\//, ''),
    clientIds: arr(o.ClientIDList).map(str),
    thumbprints: arr(o.ThumbprintList).map(str),
    createDate: isoOrNull(o.CreateDate),
  };
}
