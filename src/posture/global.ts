/**
 * The global (not per-region) part of an account snapshot: S3 — the account's Block Public Access
 * and every bucket with its policy, ACL, Block Public Access, default encryption, access logging
 * and versioning. Field names follow the S3 API (`aws s3api …` JSON output and SDK v3 outputs
 * alike); dates are ISO-8601 strings. Pure types, no SDK.
 *
 * `undefined` means "could not be read" (a warning says why): rules that need it report the
 * bucket (or themselves) not checked, never passed. `null` means "read, and not configured"
 * (no bucket policy, no Block Public Access configuration, no default encryption, no logging).
 */
import type { PolicyDocument } from '../iam/policy-document';

export interface PublicAccessBlock {
  BlockPublicAcls?: boolean;
  IgnorePublicAcls?: boolean;
  BlockPublicPolicy?: boolean;
  RestrictPublicBuckets?: boolean;
}

export interface AclGrant {
  Grantee?: { Type?: string; ID?: string; URI?: string; DisplayName?: string; EmailAddress?: string };
  Permission?: string;
}

export interface BucketEncryption {
  Rules?: {
    ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string };
    BucketKeyEnabled?: boolean;
  }[];
}

export interface Bucket {
  Name: string;
  CreationDate?: string;
  /** The bucket's region (ListBuckets' BucketRegion, else GetBucketLocation). */
  Region?: string;
  PublicAccessBlock?: PublicAccessBlock | null;
  /** The parsed bucket policy; null: the bucket has none. */
  Policy?: PolicyDocument | null;
  Acl?: { Owner?: { ID?: string; DisplayName?: string }; Grants?: AclGrant[] };
  Encryption?: BucketEncryption | null;
  /** GetBucketLogging's LoggingEnabled; null: access logging off. */
  Logging?: { TargetBucket?: string; TargetPrefix?: string } | null;
  /** GetBucketVersioning: Status Enabled|Suspended (absent: never enabled), MFADelete Enabled|Disabled. */
  Versioning?: { Status?: string; MFADelete?: string };
}

export interface GlobalSnapshot {
  /** s3control GetPublicAccessBlock for the account; null: none configured. */
  s3AccountPublicAccessBlock?: PublicAccessBlock | null;
  /** ListBuckets, each bucket with its configuration (a field undefined = that read failed). */
  buckets?: Bucket[];
}

export type GlobalPart = keyof GlobalSnapshot;

/** The per-bucket fields, with the IAM permission that reads each (for "not checked" notes). */
export const BUCKET_FIELDS = {
  Region: 's3:GetBucketLocation',
  PublicAccessBlock: 's3:GetBucketPublicAccessBlock',
  Policy: 's3:GetBucketPolicy',
  Acl: 's3:GetBucketAcl',
  Encryption: 's3:GetEncryptionConfiguration',
  Logging: 's3:GetBucketLogging',
  Versioning: 's3:GetBucketVersioning',
} as const;

export type BucketField = keyof typeof BUCKET_FIELDS;
