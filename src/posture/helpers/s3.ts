/**
 * S3 helpers (pure): the effective Block Public Access of a bucket (the most restrictive
 * combination of the account's and the bucket's settings, as S3 applies them), public ACL
 * grants, whether a bucket is effectively public, and the buckets CloudTrail delivers to.
 */
import { type Bucket, BUCKET_FIELDS, type BucketField, type PublicAccessBlock } from '../global';
import type { AccountSnapshot } from '../snapshot';
import { resourcePolicyAccess, type PolicyGrant } from './resource-policy';
import { accountTrails } from './trails';

export const BPA_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
export type BpaFlag = (typeof BPA_FLAGS)[number];

export const bucketArn = (name: string) => `arn:aws:s3:::${name}`;

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

/** Flags that are off in a Block Public Access configuration (null: none configured = all off). */
export function bpaGaps(c: PublicAccessBlock | null | undefined): BpaFlag[] {
  return BPA_FLAGS.filter((f) => c?.[f] !== true);
}

/**
 * The effective setting of one flag: on if the account or the bucket turns it on. `unknown` when
 * it is off where it was read and one of the two levels could not be read.
 */
export function effectiveFlag(s: AccountSnapshot, b: Bucket, flag: BpaFlag): boolean | 'unknown' {
  const acct = s.global.s3AccountPublicAccessBlock;
  if (acct?.[flag] === true || b.PublicAccessBlock?.[flag] === true) return true;
  if (acct === undefined || b.PublicAccessBlock === undefined) return 'unknown';
  return false;
}

/** ACL grants to everyone (AllUsers) or any AWS account holder (AuthenticatedUsers). */
export function publicAclGrants(b: Bucket): { group: 'AllUsers' | 'AuthenticatedUsers'; permission: string }[] {
  const out: { group: 'AllUsers' | 'AuthenticatedUsers'; permission: string }[] = [];
  for (const g of b.Acl?.Grants ?? []) {
    const uri = g.Grantee?.URI;
    if (uri === ALL_USERS || uri === AUTHENTICATED_USERS)
      out.push({ group: uri === ALL_USERS ? 'AllUsers' : 'AuthenticatedUsers', permission: g.Permission ?? '?' });
  }
  return out;
}

export interface BucketExposure {
  /** Public policy grants that Block Public Access (RestrictPublicBuckets) does not neutralise. */
  policy: PolicyGrant[];
  /** Public ACL grants that IgnorePublicAcls does not neutralise. */
  acl: { group: string; permission: string }[];
  /** Set when a Block Public Access level could not be read (the exposure may be blocked). */
  bpaUnknown: boolean;
}

/** What of a bucket is public despite Block Public Access. */
export function bucketExposure(s: AccountSnapshot, b: Bucket): BucketExposure {
  const restrict = effectiveFlag(s, b, 'RestrictPublicBuckets');
  const ignoreAcls = effectiveFlag(s, b, 'IgnorePublicAcls');
  const policy = restrict === true ? [] : resourcePolicyAccess(b.Policy, s.account.accountId).public;
  const acl = ignoreAcls === true ? [] : publicAclGrants(b);
  return {
    policy,
    acl,
    bpaUnknown: (policy.length > 0 && restrict === 'unknown') || (acl.length > 0 && ignoreAcls === 'unknown'),
  };
}

/** The buckets that need `fields` read, split into those read and those not (with the permission). */
export function bucketsWith(s: AccountSnapshot, fields: BucketField[]): { read: Bucket[]; unchecked: string[] } {
  const read: Bucket[] = [];
  const unchecked: string[] = [];
  for (const b of s.global.buckets ?? []) {
    const missing = fields.filter((f) => b[f] === undefined);
    if (missing.length) unchecked.push(`${b.Name} (${missing.map((f) => BUCKET_FIELDS[f]).join(', ')} failed)`);
    else read.push(b);
  }
  return { read, unchecked };
}

/**
 * The buckets the trails this account owns deliver to (an organization trail seen from a member
 * account is the management account's to check): each with the bucket when it is in this
 * account's bucket list, else undefined (a log-archive account's bucket: not checked here).
 */
export function trailBuckets(s: AccountSnapshot): { name: string; trails: string[]; bucket?: Bucket }[] {
  const byName = new Map<string, string[]>();
  for (const t of accountTrails(s)) {
    const name = t.trail.S3BucketName;
    if (!name || t.trail.TrailARN.split(':')[4] !== s.account.accountId) continue;
    byName.set(name, [...(byName.get(name) ?? []), t.trail.Name]);
  }
  return [...byName.entries()].map(([name, trails]) => ({
    name,
    trails,
    bucket: s.global.buckets?.find((b) => b.Name === name),
  }));
}

/**
 * The trail buckets with `fields` read; a bucket in another account or not read is "not checked".
 */
export function trailBucketsWith(
  s: AccountSnapshot,
  fields: BucketField[],
): { read: { bucket: Bucket; trails: string[] }[]; unchecked: string[] } {
  const read: { bucket: Bucket; trails: string[] }[] = [];
  const unchecked: string[] = [];
  for (const t of trailBuckets(s)) {
    if (!t.bucket) {
      unchecked.push(
        `${t.name} (trail ${t.trails.join(', ')}'s bucket is not in this account: scan the account that owns it)`,
      );
      continue;
    }
    const missing = fields.filter((f) => t.bucket![f] === undefined);
    if (missing.length) unchecked.push(`${t.name} (${missing.map((f) => BUCKET_FIELDS[f]).join(', ')} failed)`);
    else read.push({ bucket: t.bucket, trails: t.trails });
  }
  return { read, unchecked };
}

/** The result shape for rules with per-item "not checked" notes. */
export function withUnchecked<T>(findings: T[], unchecked: string[]): T[] | { findings: T[]; unchecked: string[] } {
  return unchecked.length ? { findings, unchecked } : findings;
}
