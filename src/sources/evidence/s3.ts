/**
 * S3 configuration from an evidence folder, each file the JSON output of the matching AWS CLI call:
 *   s3/list-buckets.json                      aws s3api list-buckets
 *   s3/get-public-access-block.json           aws s3control get-public-access-block --account-id ID
 *   s3/buckets/<bucket>/get-bucket-location.json, get-public-access-block.json, get-bucket-policy.json,
 *       get-bucket-acl.json, get-bucket-encryption.json, get-bucket-logging.json,
 *       get-bucket-versioning.json            aws s3api <command> --bucket <bucket>
 * Where the CLI answers "not configured" with an error (NoSuchBucketPolicy,
 * NoSuchPublicAccessBlockConfiguration, ServerSideEncryptionConfigurationNotFoundError) the file
 * holds `{}`; `get-bucket-logging` and `get-bucket-versioning` print nothing then — `{}` too. A
 * missing file leaves that part unread (the rules needing it say "not checked"), with a warning
 * naming the command that produces it. Bucket names are validated before they become paths.
 */
import { join } from 'node:path';
import { tryDecodePolicyDocument } from '../../iam/policy-document';
import type { GlobalSource } from '../../posture/collect';
import type { Bucket, GlobalSnapshot, PublicAccessBlock } from '../../posture/global';
import type { SnapshotWarning } from '../../posture/regional';
import { readJsonIfExists } from './files';

/** S3 bucket naming rules (general purpose buckets): no path separators, no `..`. */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const S3_BUCKET_FILES = {
  Region: { file: 'get-bucket-location.json', api: 's3:GetBucketLocation', cli: 'get-bucket-location' },
  PublicAccessBlock: {
    file: 'get-public-access-block.json',
    api: 's3:GetBucketPublicAccessBlock',
    cli: 'get-public-access-block',
  },
  Policy: { file: 'get-bucket-policy.json', api: 's3:GetBucketPolicy', cli: 'get-bucket-policy' },
  Acl: { file: 'get-bucket-acl.json', api: 's3:GetBucketAcl', cli: 'get-bucket-acl' },
  Encryption: {
    file: 'get-bucket-encryption.json',
    api: 's3:GetEncryptionConfiguration',
    cli: 'get-bucket-encryption',
  },
  Logging: { file: 'get-bucket-logging.json', api: 's3:GetBucketLogging', cli: 'get-bucket-logging' },
  Versioning: { file: 'get-bucket-versioning.json', api: 's3:GetBucketVersioning', cli: 'get-bucket-versioning' },
} as const;

type Field = keyof typeof S3_BUCKET_FILES;

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function parseField(field: Field, v: Record<string, unknown>, onBadPolicy: (m: string) => void): unknown {
  switch (field) {
    case 'Region': {
      const c = v.LocationConstraint;
      return !c ? 'us-east-1' : c === 'EU' ? 'eu-west-1' : String(c);
    }
    case 'PublicAccessBlock':
      return isObj(v.PublicAccessBlockConfiguration) ? (v.PublicAccessBlockConfiguration as PublicAccessBlock) : null;
    case 'Policy':
      return v.Policy ? (tryDecodePolicyDocument(v.Policy, onBadPolicy) ?? undefined) : null;
    case 'Acl':
      return { Owner: v.Owner, Grants: Array.isArray(v.Grants) ? v.Grants : [] };
    case 'Encryption':
      return isObj(v.ServerSideEncryptionConfiguration) ? v.ServerSideEncryptionConfiguration : null;
    case 'Logging': {
      const l = v.LoggingEnabled as { TargetBucket?: string; TargetPrefix?: string } | undefined;
      return l?.TargetBucket ? { TargetBucket: l.TargetBucket, TargetPrefix: l.TargetPrefix } : null;
    }
    case 'Versioning':
      return {
        ...(typeof v.Status === 'string' ? { Status: v.Status } : {}),
        ...(typeof v.MFADelete === 'string' ? { MFADelete: v.MFADelete } : {}),
      };
  }
}

export function loadS3Evidence(dir: string): { global: GlobalSnapshot; warnings: SnapshotWarning[] } {
  const base = join(dir, 's3');
  const global: GlobalSnapshot = {};
  const warnings: SnapshotWarning[] = [];

  const acct = readJsonIfExists(join(base, 'get-public-access-block.json'));
  if (acct === undefined)
    warnings.push({
      api: 's3:GetAccountPublicAccessBlock',
      permission: 's3:GetAccountPublicAccessBlock',
      parts: ['global.s3AccountPublicAccessBlock'],
      message: `Evidence has no s3/get-public-access-block.json: the account's S3 Block Public Access was not checked. Collect it with \`aws s3control get-public-access-block --account-id ACCOUNT_ID > ${join(base, 'get-public-access-block.json')}\` (write {} if it answers NoSuchPublicAccessBlockConfiguration).`,
    });
  else
    global.s3AccountPublicAccessBlock =
      isObj(acct) && isObj(acct.PublicAccessBlockConfiguration)
        ? (acct.PublicAccessBlockConfiguration as PublicAccessBlock)
        : null;

  const listed = readJsonIfExists(join(base, 'list-buckets.json'));
  if (listed === undefined) {
    warnings.push({
      api: 's3:ListAllMyBuckets',
      permission: 's3:ListAllMyBuckets',
      parts: ['global.buckets'],
      message: `Evidence has no s3/list-buckets.json: no S3 bucket was checked. Collect it with \`aws s3api list-buckets > ${join(base, 'list-buckets.json')}\` and, per bucket, the s3/buckets/<bucket>/ files (see docs/posture.md).`,
    });
    return { global, warnings };
  }
  const entries = isObj(listed) && Array.isArray(listed.Buckets) ? (listed.Buckets as Record<string, unknown>[]) : [];
  const missing = new Map<Field, string[]>();
  const buckets: Bucket[] = [];
  for (const e of entries) {
    const name = typeof e?.Name === 'string' ? e.Name : '';
    if (!BUCKET_NAME.test(name) || name.includes('..')) {
      warnings.push({
        api: 's3:ListAllMyBuckets',
        permission: 's3:ListAllMyBuckets',
        parts: ['global.buckets'],
        message: `s3/list-buckets.json lists an invalid bucket name ${JSON.stringify(name).slice(0, 80)}: skipped.`,
      });
      continue;
    }
    const b: Bucket = { Name: name };
    if (typeof e.CreationDate === 'string') b.CreationDate = e.CreationDate;
    if (typeof e.BucketRegion === 'string') b.Region = e.BucketRegion;
    for (const field of Object.keys(S3_BUCKET_FILES) as Field[]) {
      if (field === 'Region' && b.Region) continue;
      const v = readJsonIfExists(join(base, 'buckets', name, S3_BUCKET_FILES[field].file));
      if (v === undefined) {
        missing.set(field, [...(missing.get(field) ?? []), name]);
        continue;
      }
      const parsed = parseField(field, isObj(v) ? v : {}, (m) =>
        warnings.push({
          api: 's3:GetBucketPolicy',
          permission: 's3:GetBucketPolicy',
          parts: ['global.buckets'],
          message: `s3/buckets/${name}/get-bucket-policy.json: ${m}; the bucket policy was not checked.`,
        }),
      );
      if (parsed !== undefined) (b as unknown as Record<string, unknown>)[field] = parsed;
    }
    buckets.push(b);
  }
  for (const [field, names] of missing) {
    const d = S3_BUCKET_FILES[field];
    warnings.push({
      api: d.api,
      permission: d.api,
      parts: ['global.buckets'],
      message: `Evidence has no s3/buckets/<bucket>/${d.file} for ${names.length} bucket(s) (${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}): not checked for them. Collect it with \`aws s3api ${d.cli} --bucket BUCKET\`.`,
    });
  }
  global.buckets = buckets;
  return { global, warnings };
}

export function evidenceGlobal(dir: string): GlobalSource {
  return { kind: 'evidence', read: async () => loadS3Evidence(dir) };
}
