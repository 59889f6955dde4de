/**
 * The IAM snapshot from an evidence folder's iam/ files (the aws CLI's JSON outputs):
 *   authorization-details.json  `aws iam get-account-authorization-details` (one page, or a list of pages)
 *   credential-report.csv       the decoded report (or credential-report.json: `aws iam get-credential-report`, base64 Content)
 *   account-summary.json        `aws iam get-account-summary`
 *   password-policy.json        `aws iam get-account-password-policy` (`{}` or null: no policy set)
 *   saml-providers.json         `aws iam list-saml-providers`
 *   oidc-providers.json         `{OpenIDConnectProviderList:[{Arn}], Providers:{<arn>: <get-open-id-connect-provider output>}}`
 *                               or a list of get-open-id-connect-provider outputs each with its Arn
 *   virtual-mfa-devices.json    `aws iam list-virtual-mfa-devices`
 * A missing file becomes a snapshot warning naming what could not be checked.
 * organizations/policies.json (optional; src/iam/organizations.ts documents its shape) carries the
 * SCPs and RCPs that bound the account; without it, answers say SCPs were not evaluated.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AwsAccount } from '../../aws/accounts';
import { CredentialReportError, parseCredentialReportCsv } from '../../iam/credential-report';
import {
  isoOrNull,
  normaliseAccountSummary,
  normaliseGaadPages,
  normaliseOidcProvider,
  normalisePasswordPolicy,
  normaliseSamlProviders,
  normaliseVirtualMfaDevices,
} from '../../iam/normalise';
import {
  emptySnapshot,
  type IamSnapshot,
  type IamSnapshotPart,
  CachedIamSource,
  type OidcProvider,
  IAM_PART_COVERS,
} from '../../iam/snapshot';
import { normaliseOrganizationPolicies, ORGANIZATIONS_EVIDENCE_FILE } from '../../iam/organizations';
import { EvidenceError, readJsonIfExists } from './files';

const WHAT = IAM_PART_COVERS;

/** The file of each snapshot part in an evidence folder's iam/ (also what `collect` writes). */
export const IAM_EVIDENCE_FILES: Record<IamSnapshotPart, string> = {
  authorizationDetails: 'authorization-details.json',
  credentialReport: 'credential-report.csv',
  accountSummary: 'account-summary.json',
  passwordPolicy: 'password-policy.json',
  virtualMfaDevices: 'virtual-mfa-devices.json',
  samlProviders: 'saml-providers.json',
  oidcProviders: 'oidc-providers.json',
};

export function loadEvidenceIamSnapshot(dir: string, account: AwsAccount): IamSnapshot {
  const iamDir = join(dir, 'iam');
  const meta = (readJsonIfExists(join(dir, 'account.json')) ?? {}) as { collectedAt?: string };
  const snap = emptySnapshot(account.accountId, isoOrNull(meta.collectedAt) ?? new Date().toISOString(), 'evidence');
  const missing = (part: IamSnapshotPart, detail?: string) =>
    snap.warnings.push({
      part,
      api: `evidence iam/${IAM_EVIDENCE_FILES[part]}`,
      missing: true,
      message:
        detail ?? `iam/${IAM_EVIDENCE_FILES[part]} is not in the evidence folder: ${WHAT[part]} could not be checked.`,
    });
  const read = (part: IamSnapshotPart): unknown | undefined => {
    try {
      const v = readJsonIfExists(join(iamDir, IAM_EVIDENCE_FILES[part]));
      if (v === undefined) missing(part);
      return v;
    } catch (err) {
      missing(part, `${(err as Error).message}: ${WHAT[part]} could not be checked.`);
      return undefined;
    }
  };

  const gaad = read('authorizationDetails');
  if (gaad !== undefined) {
    const parts = normaliseGaadPages(Array.isArray(gaad) ? gaad : [gaad], (w) =>
      snap.warnings.push({ ...w, api: `evidence iam/${IAM_EVIDENCE_FILES.authorizationDetails}` }),
    );
    Object.assign(snap, parts);
  }

  const csvPath = join(iamDir, 'credential-report.csv');
  const jsonPath = join(iamDir, 'credential-report.json');
  try {
    if (existsSync(csvPath))
      snap.credentialReport = parseCredentialReportCsv(
        readFileSync(csvPath, 'utf8'),
        meta.collectedAt ? isoOrNull(meta.collectedAt) : null,
      );
    else if (existsSync(jsonPath)) {
      const j = readJsonIfExists(jsonPath) as { Content?: string; GeneratedTime?: string };
      if (!j?.Content) throw new CredentialReportError(`${jsonPath} has no Content`);
      snap.credentialReport = parseCredentialReportCsv(
        Buffer.from(j.Content, 'base64').toString('utf8'),
        isoOrNull(j.GeneratedTime),
      );
    } else missing('credentialReport');
  } catch (err) {
    if (!(err instanceof CredentialReportError || err instanceof EvidenceError)) throw err;
    missing('credentialReport', `${err.message}: ${WHAT.credentialReport} could not be checked.`);
  }

  const summary = read('accountSummary');
  if (summary !== undefined) snap.accountSummary = normaliseAccountSummary(summary);

  const pw = read('passwordPolicy');
  if (pw !== undefined) snap.passwordPolicy = normalisePasswordPolicy(pw);

  const mfa = read('virtualMfaDevices');
  if (mfa !== undefined) snap.virtualMfaDevices = normaliseVirtualMfaDevices(Array.isArray(mfa) ? mfa : [mfa]);

  const saml = read('samlProviders');
  if (saml !== undefined) snap.samlProviders = normaliseSamlProviders(saml);

  const oidc = read('oidcProviders');
  if (oidc !== undefined) snap.oidcProviders = oidcFromEvidence(oidc);

  try {
    const org = readJsonIfExists(join(dir, ORGANIZATIONS_EVIDENCE_FILE));
    if (org !== undefined)
      snap.organizations = normaliseOrganizationPolicies(org, `evidence ${ORGANIZATIONS_EVIDENCE_FILE}`);
  } catch (err) {
    if (!(err instanceof EvidenceError)) throw err;
    snap.organizations = {
      targets: [],
      managementAccountId: null,
      source: `evidence ${ORGANIZATIONS_EVIDENCE_FILE}`,
      notes: [`${err.message}: SCPs and RCPs were not evaluated.`],
    };
  }

  return snap;
}

function oidcFromEvidence(v: unknown): OidcProvider[] {
  if (Array.isArray(v)) return v.map((p) => normaliseOidcProvider(String((p as { Arn?: string }).Arn ?? ''), p));
  const o = v as { OpenIDConnectProviderList?: { Arn?: string }[]; Providers?: Record<string, unknown> };
  const details = o.Providers ?? {};
  const arns = new Set<string>([
    ...(o.OpenIDConnectProviderList ?? []).map((p) => String(p.Arn ?? '')),
    ...Object.keys(details),
  ]);
  return [...arns].filter(Boolean).map((arn) => normaliseOidcProvider(arn, details[arn]));
}

/** Evidence IAM source: reads the files once and memoises the snapshot. */
export class EvidenceIamSource extends CachedIamSource {
  constructor(account: AwsAccount, dir: string) {
    super('evidence', account.accountId, async () => loadEvidenceIamSnapshot(dir, account));
  }
}
