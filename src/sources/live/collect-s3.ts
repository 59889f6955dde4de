/**
 * The S3 part of `trailhound collect`: the global snapshot written back as `aws s3api` /
 * `aws s3control` output files, in the layout src/sources/evidence/s3.ts reads. A field that could
 * not be read is not written (reading the folder later says so); "not configured" is written `{}`.
 */
import type { Bucket, GlobalSnapshot } from '../../posture/global';
import { BUCKET_NAME, S3_BUCKET_FILES } from '../evidence/s3';

function bucketFile(b: Bucket, field: keyof typeof S3_BUCKET_FILES): unknown | undefined {
  switch (field) {
    case 'Region':
      return b.Region === undefined ? undefined : { LocationConstraint: b.Region === 'us-east-1' ? null : b.Region };
    case 'PublicAccessBlock':
      return b.PublicAccessBlock === undefined
        ? undefined
        : b.PublicAccessBlock
          ? { PublicAccessBlockConfiguration: b.PublicAccessBlock }
          : {};
    case 'Policy':
      return b.Policy === undefined ? undefined : b.Policy ? { Policy: JSON.stringify(b.Policy) } : {};
    case 'Acl':
      return b.Acl;
    case 'Encryption':
      return b.Encryption === undefined
        ? undefined
        : b.Encryption
          ? { ServerSideEncryptionConfiguration: b.Encryption }
          : {};
    case 'Logging':
      return b.Logging === undefined ? undefined : b.Logging ? { LoggingEnabled: b.Logging } : {};
    case 'Versioning':
      return b.Versioning;
  }
}

/** Files (path relative to the evidence folder → JSON value) for what was read. */
export function s3EvidenceFiles(g: GlobalSnapshot): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  if (g.s3AccountPublicAccessBlock !== undefined)
    f['s3/get-public-access-block.json'] = g.s3AccountPublicAccessBlock
      ? { PublicAccessBlockConfiguration: g.s3AccountPublicAccessBlock }
      : {};
  if (!g.buckets) return f;
  const buckets = g.buckets.filter((b) => BUCKET_NAME.test(b.Name) && !b.Name.includes('..'));
  f['s3/list-buckets.json'] = {
    Buckets: buckets.map((b) => ({
      Name: b.Name,
      ...(b.CreationDate ? { CreationDate: b.CreationDate } : {}),
      ...(b.Region ? { BucketRegion: b.Region } : {}),
    })),
  };
  for (const b of buckets)
    for (const field of Object.keys(S3_BUCKET_FILES) as (keyof typeof S3_BUCKET_FILES)[]) {
      const v = bucketFile(b, field);
      if (v !== undefined) f[`s3/buckets/${b.Name}/${S3_BUCKET_FILES[field].file}`] = v;
    }
  return f;
}
