/**
 * The IAM snapshot (types, pure): everything IAM analysis and the IAM posture rules read about one
 * account, collected once per scan (live: GetAccountAuthorizationDetails pages + 6 calls; evidence:
 * the files under iam/). Nothing here calls AWS.
 *
 * Naming: AWS's lists are normalised to camelCase (`UserDetailList` → `users`, `GroupDetailList` →
 * `groups`, `RoleDetailList` → `roles`, `Policies` → `policies`; `UserPolicyList`/`GroupPolicyList`/
 * `RolePolicyList` → `inlinePolicies`; `AttachedManagedPolicies` → `attachedPolicies`;
 * `AssumeRolePolicyDocument` → `trustPolicy`; `PermissionsBoundary.PermissionsBoundaryArn` →
 * `permissionsBoundaryArn`; `RoleLastUsed` → `lastUsed`). Policy documents keep AWS's own field
 * names (see policy-document.ts) and are always decoded objects whose `Statement` is an array.
 * Timestamps are ISO-8601 strings (`null` when AWS has none: "N/A", "no_information", never used).
 *
 * Missing parts: when an API (or evidence file) could not be read, the matching field is empty/null
 * AND `warnings` holds an entry with that `part`. Use `snapshotHas(snapshot, part)` before concluding
 * anything from an empty list: "no users seen" is not "no users".
 */
import type { OrganizationPolicies } from './organizations';
import type { PolicyDocument } from './policy-document';

export type { PolicyDocument, PolicyStatement } from './policy-document';
export { decodePolicyDocument } from './policy-document';

export interface IamTag {
  key: string;
  value: string;
}

export interface InlinePolicy {
  name: string;
  document: PolicyDocument;
  /** Statements that could not be read and were left out (named); their permissions are unknown. */
  skipped?: string[];
}

export interface AttachedPolicyRef {
  name: string;
  arn: string;
}

export interface IamUser {
  name: string;
  id: string;
  arn: string;
  path: string;
  createDate: string | null;
  /** Group names (GAAD's GroupList). */
  groups: string[];
  inlinePolicies: InlinePolicy[];
  attachedPolicies: AttachedPolicyRef[];
  permissionsBoundaryArn: string | null;
  tags: IamTag[];
}

export interface IamGroup {
  name: string;
  id: string;
  arn: string;
  path: string;
  createDate: string | null;
  inlinePolicies: InlinePolicy[];
  attachedPolicies: AttachedPolicyRef[];
}

export interface RoleLastUsed {
  /** ISO time; null when the role has not been used in the tracking period (400 days). */
  date: string | null;
  region: string | null;
}

export interface IamRole {
  name: string;
  id: string;
  arn: string;
  path: string;
  createDate: string | null;
  description: string | null;
  maxSessionDuration: number | null;
  /** The trust policy (AssumeRolePolicyDocument), decoded. */
  trustPolicy: PolicyDocument;
  inlinePolicies: InlinePolicy[];
  attachedPolicies: AttachedPolicyRef[];
  permissionsBoundaryArn: string | null;
  tags: IamTag[];
  lastUsed: RoleLastUsed;
  /** Instance profile ARNs this role is in. */
  instanceProfiles: string[];
}

export interface ManagedPolicy {
  name: string;
  id: string;
  arn: string;
  path: string;
  /** True for `arn:aws:iam::aws:policy/…` (AWS managed). */
  awsManaged: boolean;
  defaultVersionId: string;
  attachmentCount: number;
  permissionsBoundaryUsageCount: number;
  isAttachable: boolean;
  description: string | null;
  createDate: string | null;
  updateDate: string | null;
  /** The default version's document, decoded. */
  document: PolicyDocument;
  /** Statements that could not be read and were left out (named); their permissions are unknown. */
  skipped?: string[];
}

export interface CredentialReportKey {
  active: boolean;
  lastRotated: string | null;
  lastUsedDate: string | null;
  lastUsedRegion: string | null;
  lastUsedService: string | null;
}

export interface CredentialReportCert {
  active: boolean;
  lastRotated: string | null;
}

/** One row of the credential report (documented 22-column CSV). */
export interface CredentialReportRow {
  /** `<root_account>` for root. */
  user: string;
  arn: string;
  isRoot: boolean;
  userCreationTime: string | null;
  /** null when the report says `not_supported` (root). */
  passwordEnabled: boolean | null;
  /** null: never used, `no_information` or `N/A`; see passwordLastUsedRaw. */
  passwordLastUsed: string | null;
  /** The raw cell: an ISO time, `no_information`, `N/A` or `not_supported`. */
  passwordLastUsedRaw: string;
  passwordLastChanged: string | null;
  passwordNextRotation: string | null;
  mfaActive: boolean;
  accessKeys: [CredentialReportKey, CredentialReportKey];
  certs: [CredentialReportCert, CredentialReportCert];
}

export interface CredentialReport {
  generatedTime: string | null;
  rows: CredentialReportRow[];
}

export interface PasswordPolicy {
  minimumPasswordLength: number | null;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercaseCharacters: boolean;
  requireLowercaseCharacters: boolean;
  allowUsersToChangePassword: boolean;
  expirePasswords: boolean;
  maxPasswordAge: number | null;
  passwordReusePrevention: number | null;
  hardExpiry: boolean;
}

export interface VirtualMfaDevice {
  serialNumber: string;
  /** ARN of the user it is assigned to (`…:root` for root); null when unassigned. */
  userArn: string | null;
  userName: string | null;
  enableDate: string | null;
}

export interface SamlProvider {
  arn: string;
  validUntil: string | null;
  createDate: string | null;
}

export interface OidcProvider {
  arn: string;
  /** Issuer host/path without scheme, e.g. token.actions.githubusercontent.com */
  url: string;
  clientIds: string[];
  thumbprints: string[];
  createDate: string | null;
}

/** The parts of a snapshot, each read by one API (or evidence file). */
export type IamSnapshotPart =
  | 'authorizationDetails'
  | 'credentialReport'
  | 'accountSummary'
  | 'passwordPolicy'
  | 'virtualMfaDevices'
  | 'samlProviders'
  | 'oidcProviders';

export interface IamSnapshotWarning {
  part: IamSnapshotPart;
  /** e.g. iam:GetCredentialReport, or the evidence file name. */
  api: string;
  /** What could not be checked and what to do (the permission to add, the file to provide). */
  message: string;
  /** True when the whole part is missing (vs. one item of it unreadable). */
  missing: boolean;
}

export interface IamSnapshot {
  accountId: string;
  /** ISO time of collection. */
  collectedAt: string;
  origin: 'live' | 'evidence';
  users: IamUser[];
  groups: IamGroup[];
  roles: IamRole[];
  /** Managed policies (AWS and customer) that GAAD returned — those attached somewhere, plus customer ones. */
  policies: ManagedPolicy[];
  credentialReport: CredentialReport | null;
  /** GetAccountSummary's SummaryMap (e.g. AccountMFAEnabled, AccountAccessKeysPresent); null if unread. */
  accountSummary: Record<string, number> | null;
  /** null: no password policy set (see warnings for "could not be read"). */
  passwordPolicy: PasswordPolicy | null;
  virtualMfaDevices: VirtualMfaDevice[];
  samlProviders: SamlProvider[];
  oidcProviders: OidcProvider[];
  warnings: IamSnapshotWarning[];
  /**
   * The AWS Organizations SCPs/RCPs that bound this account (src/iam/organizations.ts); null when
   * they were not read (not an organization member, no access, or not in the evidence folder) —
   * answers then say SCPs were not evaluated.
   */
  organizations?: OrganizationPolicies | null;
  /** API calls the live snapshot made (0 for evidence). */
  apiCalls: number;
}

/** Where a snapshot comes from: one per account, memoised (one snapshot per scan, never N+1). */
export interface IamSource {
  kind: 'live' | 'evidence';
  accountId: string;
  snapshot(opts?: { signal?: AbortSignal; progress?: (message: string) => void }): Promise<IamSnapshot>;
}

type SnapshotRun = Parameters<IamSource['snapshot']>[0];

/**
 * The caching every IamSource shares: the first caller reads, concurrent and later callers share
 * that snapshot (one per scan); a failed read is not kept, so the next caller retries.
 */
export class CachedIamSource implements IamSource {
  private cached?: Promise<IamSnapshot>;
  constructor(
    readonly kind: IamSource['kind'],
    readonly accountId: string,
    private readonly read: (run: SnapshotRun) => Promise<IamSnapshot>,
  ) {}
  snapshot(run: SnapshotRun = {}): Promise<IamSnapshot> {
    if (!this.cached) {
      this.cached = this.read(run);
      this.cached.catch(() => (this.cached = undefined));
    }
    return this.cached;
  }
}

/** False when the part could not be read (AccessDenied, missing evidence file…). */
export function snapshotHas(s: IamSnapshot, part: IamSnapshotPart): boolean {
  return !s.warnings.some((w) => w.part === part && w.missing);
}

export function emptySnapshot(accountId: string, collectedAt: string, origin: IamSnapshot['origin']): IamSnapshot {
  return {
    accountId,
    collectedAt,
    origin,
    users: [],
    groups: [],
    roles: [],
    policies: [],
    credentialReport: null,
    accountSummary: null,
    passwordPolicy: null,
    virtualMfaDevices: [],
    samlProviders: [],
    oidcProviders: [],
    warnings: [],
    organizations: null,
    apiCalls: 0,
  };
}

/** What each snapshot part lets Trailhound check: said when the part could not be read. */
export const IAM_PART_COVERS: Record<IamSnapshotPart, string> = {
  authorizationDetails: 'users, groups, roles and policies (all IAM analysis and IAM posture rules)',
  credentialReport: 'passwords, MFA, access-key age and use, and root credentials',
  accountSummary: 'root access-key and MFA presence',
  passwordPolicy: 'the account password policy',
  virtualMfaDevices: 'virtual MFA devices (root MFA type)',
  samlProviders: 'SAML identity providers',
  oidcProviders: 'OIDC identity providers (audience, thumbprints)',
};
