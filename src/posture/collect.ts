/**
 * Builds one AccountSnapshot from injected sources (no SDK here): the IAM snapshot (src/iam's
 * IamSource, shared with the other IAM tools), the regional EC2/CloudTrail configuration and the
 * identity provider. Every failure becomes a warning naming the API and the permission to add;
 * the snapshot is then marked incomplete and the rules that needed the missing part say so.
 */
import type { IdentityProvider } from '../identity/idp';
import type { IamSnapshot, IamSource } from '../iam/snapshot';
import type { GlobalSnapshot } from './global';
import type { RegionSnapshot, SnapshotWarning } from './regional';
import type { AccountSnapshot } from './snapshot';
import { IAM_PARTS } from './region-status';

export interface RegionalSource {
  kind: 'live' | 'evidence';
  /** Reads every region's EC2 and CloudTrail configuration; never throws for an API failure. */
  read(
    regions: string[],
    opts?: { signal?: AbortSignal; progress?: (m: string) => void },
  ): Promise<{ regions: Record<string, RegionSnapshot>; warnings: SnapshotWarning[] }>;
}

/** Account-wide configuration (S3: account Block Public Access, buckets); never throws for an API failure. */
export interface GlobalSource {
  kind: 'live' | 'evidence';
  read(opts?: {
    signal?: AbortSignal;
    progress?: (m: string) => void;
  }): Promise<{ global: GlobalSnapshot; warnings: SnapshotWarning[] }>;
}

export interface PostureInputs {
  iam: IamSource;
  regional: RegionalSource;
  /** Undefined: no global reader (the S3 rules are then "not checked", listed as such). */
  global?: GlobalSource;
  /** Undefined: no IdP configured (IdP rules are "not checked", and that is not a warning). */
  idp?: IdentityProvider;
}

export function iamWarnings(iam: IamSnapshot): SnapshotWarning[] {
  return iam.warnings
    .filter((w) => w.missing)
    .map((w) => ({
      api: w.api,
      permission: w.api.includes(':') ? w.api : `the evidence file ${w.api}`,
      message: w.message,
      parts: [`iam.${w.part}`],
    }));
}

export async function collectSnapshot(
  account: { name: string; accountId: string; regions: string[] },
  inputs: PostureInputs,
  opts: { now: Date; signal?: AbortSignal; progress?: (m: string) => void },
): Promise<AccountSnapshot> {
  const warnings: SnapshotWarning[] = [];
  const progress = opts.progress ?? (() => {});
  progress(
    `${account.name}: reading IAM, ${account.regions.length} region(s)${inputs.idp ? ` and ${inputs.idp.kind}` : ''}…`,
  );

  const [iamResult, regional, idpResult, globalResult] = await Promise.all([
    inputs.iam.snapshot({ signal: opts.signal, progress }).then(
      (s) => ({ ok: true as const, s }),
      (err: Error) => ({ ok: false as const, err }),
    ),
    inputs.regional.read(account.regions, { signal: opts.signal, progress }),
    inputs.idp
      ? inputs.idp.listUsers({ signal: opts.signal }).then(
          (users) => ({ ok: true as const, users }),
          (err: Error) => ({ ok: false as const, err }),
        )
      : Promise.resolve(undefined),
    inputs.global ? inputs.global.read({ signal: opts.signal, progress }) : Promise.resolve(undefined),
  ]);

  let iam: IamSnapshot | undefined;
  if (iamResult.ok) {
    iam = iamResult.s;
    warnings.push(...iamWarnings(iam));
  } else
    warnings.push({
      api: 'iam:GetAccountAuthorizationDetails',
      permission:
        'iam:GetAccountAuthorizationDetails, iam:GenerateCredentialReport, iam:GetCredentialReport, iam:GetAccountSummary (SecurityAudit)',
      message: `IAM could not be read: ${iamResult.err.message}`,
      parts: IAM_PARTS.map((p) => `iam.${p}`),
    });
  warnings.push(...regional.warnings);
  if (globalResult) warnings.push(...globalResult.warnings);

  let idp: AccountSnapshot['idp'];
  let idpState: AccountSnapshot['idpState'] = 'not-configured';
  if (inputs.idp && idpResult) {
    if (idpResult.ok) {
      idp = { kind: inputs.idp.kind, where: inputs.idp.where, users: idpResult.users };
      idpState = 'read';
    } else {
      idpState = 'failed';
      warnings.push({
        api: `${inputs.idp.kind}:listUsers`,
        permission: inputs.idp.permission ?? `${inputs.idp.kind} read-only admin (okta.users.read)`,
        message: idpResult.err.message,
        parts: ['idp'],
      });
    }
  }
  return {
    account: { name: account.name, accountId: account.accountId, regions: account.regions },
    collectedAt: opts.now.toISOString(),
    origin: inputs.regional.kind,
    iam,
    regions: regional.regions,
    global: globalResult?.global ?? {},
    idp,
    idpState,
    warnings,
    complete: warnings.length === 0,
  };
}
