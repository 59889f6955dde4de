/**
 * How each region of a scan went (pure): `complete` (no warning), `partial` (some parts unread) or
 * `failed` (nothing read there), with the APIs that failed. Account-wide reads (IAM, S3, the IdP)
 * are reported under `global`. Stored with the scan so `trailhound scans` can say which region
 * failed, not only that the scan was partial.
 */
import type { IamSnapshotPart } from '../iam/snapshot';
import { type AccountSnapshot, hasIam } from './snapshot';

/** The IAM parts a scan reads: none read means IAM failed (the snapshot object exists either way). */
export const IAM_PARTS: IamSnapshotPart[] = [
  'authorizationDetails',
  'credentialReport',
  'accountSummary',
  'passwordPolicy',
  'virtualMfaDevices',
  'samlProviders',
  'oidcProviders',
];

export type RegionOutcome = { status: 'complete' | 'partial' | 'failed'; errors: string[] };

export function regionStatuses(s: AccountSnapshot): Record<string, RegionOutcome> {
  const out: Record<string, RegionOutcome> = {};
  const apis = (region?: string) => [...new Set(s.warnings.filter((w) => w.region === region).map((w) => w.api))];
  for (const region of s.account.regions) {
    const errors = apis(region);
    const read = Object.values(s.regions[region] ?? {}).some((v) => v !== undefined);
    out[region] = { status: !errors.length ? 'complete' : read ? 'partial' : 'failed', errors };
  }
  const errors = apis(undefined);
  const read = IAM_PARTS.some((p) => hasIam(s, p)) || Object.values(s.global ?? {}).some((v) => v !== undefined);
  out.global = { status: !errors.length ? 'complete' : read ? 'partial' : 'failed', errors };
  return out;
}
