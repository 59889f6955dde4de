/**
 * The account snapshot posture rules evaluate (pure types): the IAM snapshot (src/iam), the
 * regional EC2/CloudTrail configuration, the identity provider's users, and what could not be read.
 * Built once per account per scan by src/posture/collect.ts from injected sources.
 */
import type { IdpUser } from '../identity/idp';
import type { IamSnapshot, IamSnapshotPart } from '../iam/snapshot';
import { snapshotHas } from '../iam/snapshot';
import type { GlobalPart, GlobalSnapshot } from './global';
import type { RegionPart, RegionSnapshot, SnapshotWarning } from './regional';

export type { GlobalSnapshot } from './global';
export type { RegionSnapshot, SnapshotWarning } from './regional';

export interface AccountSnapshot {
  account: { name: string; accountId: string; regions: string[] };
  /** ISO time of collection; rules measure ages ("unused 90 days") from it. */
  collectedAt: string;
  origin: 'live' | 'evidence';
  /** Undefined when the IAM snapshot could not be built at all. */
  iam?: IamSnapshot;
  regions: Record<string, RegionSnapshot>;
  /** Account-wide, region-less configuration (S3). A part left undefined was not read. */
  global: GlobalSnapshot;
  /** The identity provider's users; undefined when none is configured or it could not be read. */
  idp?: { kind: string; where: string; users: IdpUser[] };
  /** not-configured: no IdP set up (IdP rules are skipped, not failed). */
  idpState: 'read' | 'not-configured' | 'failed';
  warnings: SnapshotWarning[];
  /** True when every part was read (no warning). */
  complete: boolean;
}

/** A rule input: an IAM part, a regional part, a global part, or the IdP. */
export type Need = `iam.${IamSnapshotPart}` | `region.${RegionPart}` | `global.${GlobalPart}` | 'idp';

export function hasGlobal(s: AccountSnapshot, part: GlobalPart): boolean {
  return s.global?.[part] !== undefined;
}

export function hasIam(s: AccountSnapshot, part: IamSnapshotPart): boolean {
  return !!s.iam && snapshotHas(s.iam, part);
}

/** Regions whose `part` was read, with the value. */
export function regionsWith<P extends RegionPart>(
  s: AccountSnapshot,
  part: P,
): [string, NonNullable<RegionSnapshot[P]>][] {
  const out: [string, NonNullable<RegionSnapshot[P]>][] = [];
  for (const region of s.account.regions) {
    const v = s.regions[region]?.[part];
    if (v !== undefined && v !== null) out.push([region, v as NonNullable<RegionSnapshot[P]>]);
  }
  return out;
}

export function regionsMissing(s: AccountSnapshot, part: RegionPart): string[] {
  return s.account.regions.filter((r) => s.regions[r]?.[part] === undefined);
}

export const DAY_MS = 86_400_000;

/** Whole days from `iso` to the snapshot's time (null when iso is null). */
export function daysSince(s: AccountSnapshot, iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  return Math.floor((Date.parse(s.collectedAt) - t) / DAY_MS);
}
