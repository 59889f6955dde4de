/**
 * S3 configuration, live: the account's Block Public Access (s3control GetPublicAccessBlock), every
 * bucket (ListBuckets, paginated, with each bucket's region), and per bucket GetPublicAccessBlock,
 * GetBucketPolicy, GetBucketAcl, GetBucketEncryption, GetBucketLogging and GetBucketVersioning in
 * the bucket's own region (GetBucketLocation first when ListBuckets did not say). Calls ≈ 2 + 6 ×
 * buckets, BUCKET_CONCURRENCY buckets at a time (S3 allows thousands of requests per second per
 * prefix; the bound keeps sockets and memory flat). Throttling (503 SlowDown) is retried by the
 * SDK's adaptive mode; what still fails becomes one warning per API naming the IAM permission and
 * the buckets left unchecked. "Not configured" answers (NoSuchBucketPolicy, …) are data (null), not
 * failures.
 */
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import type { AwsAccount } from '../../aws/accounts';
import { awsClient } from '../../aws/clients';
import { decodePolicyDocument } from '../../iam/policy-document';
import type { GlobalSource } from '../../posture/collect';
import type { Bucket, GlobalSnapshot, PublicAccessBlock } from '../../posture/global';
import type { SnapshotWarning } from '../../posture/regional';
import { plain, readPart, REGION_FATAL } from './read-part';

export const BUCKET_CONCURRENCY = 8;

/** An S3 error code meaning "read fine, nothing configured". */
function absent<T>(codes: string[], value: T) {
  return (err: unknown): T => {
    const code = (err as { name?: string; Code?: string })?.Code ?? (err as { name?: string })?.name;
    if (code && codes.includes(code)) return value;
    throw err;
  };
}

/** GetBucketLocation's LocationConstraint as a region (empty = us-east-1, EU = eu-west-1). */
export function locationRegion(constraint: string | undefined | null): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

/** Collects per-API failures across buckets into one warning each. */
class FailureLog {
  private byApi = new Map<string, { warning: SnapshotWarning; buckets: string[] }>();
  add(warning: SnapshotWarning, bucket: string): void {
    const e = this.byApi.get(warning.api) ?? { warning, buckets: [] };
    e.buckets.push(bucket);
    this.byApi.set(warning.api, e);
  }
  warnings(): SnapshotWarning[] {
    return [...this.byApi.values()].map(({ warning, buckets }) => ({
      ...warning,
      region: undefined,
      message: `${warning.message} Not checked for ${buckets.length} bucket(s): ${buckets.slice(0, 10).join(', ')}${buckets.length > 10 ? ', …' : ''}.`,
    }));
  }
}

async function readBucket(
  account: AwsAccount,
  listed: { Name: string; CreationDate?: string; BucketRegion?: string },
  home: S3Client,
  opts: { externalId: string },
  failures: FailureLog,
): Promise<Bucket> {
  const b: Bucket = { Name: listed.Name, CreationDate: listed.CreationDate };
  const parts = ['global.buckets'];
  if (listed.BucketRegion) b.Region = listed.BucketRegion;
  else {
    const r = await readPart(account, undefined, 's3:GetBucketLocation', parts, async () =>
      locationRegion((await home.send(new GetBucketLocationCommand({ Bucket: b.Name }))).LocationConstraint),
    );
    if ('value' in r) b.Region = r.value;
    else {
      failures.add(r.warning, b.Name);
      if (REGION_FATAL.includes(r.kind)) return b;
    }
  }
  const client = b.Region ? awsClient(S3Client, account, b.Region, opts) : home;
  const Bucket = b.Name;
  const steps: [string, () => Promise<void>][] = [
    [
      's3:GetBucketPublicAccessBlock',
      async () => {
        b.PublicAccessBlock = await client
          .send(new GetPublicAccessBlockCommand({ Bucket }))
          .then(
            (o) => plain<PublicAccessBlock>(o.PublicAccessBlockConfiguration ?? {}),
            absent(['NoSuchPublicAccessBlockConfiguration'], null),
          );
      },
    ],
    [
      's3:GetBucketPolicy',
      async () => {
        b.Policy = await client
          .send(new GetBucketPolicyCommand({ Bucket }))
          .then((o) => (o.Policy ? decodePolicyDocument(o.Policy) : null), absent(['NoSuchBucketPolicy'], null));
      },
    ],
    [
      's3:GetBucketAcl',
      async () => {
        const o = await client.send(new GetBucketAclCommand({ Bucket }));
        b.Acl = plain({ Owner: o.Owner, Grants: o.Grants ?? [] });
      },
    ],
    [
      's3:GetEncryptionConfiguration',
      async () => {
        b.Encryption = await client
          .send(new GetBucketEncryptionCommand({ Bucket }))
          .then(
            (o) => plain(o.ServerSideEncryptionConfiguration ?? null),
            absent(['ServerSideEncryptionConfigurationNotFoundError'], null),
          );
      },
    ],
    [
      's3:GetBucketLogging',
      async () => {
        const o = await client.send(new GetBucketLoggingCommand({ Bucket }));
        b.Logging = o.LoggingEnabled?.TargetBucket
          ? { TargetBucket: o.LoggingEnabled.TargetBucket, TargetPrefix: o.LoggingEnabled.TargetPrefix }
          : null;
      },
    ],
    [
      's3:GetBucketVersioning',
      async () => {
        const o = await client.send(new GetBucketVersioningCommand({ Bucket }));
        b.Versioning = {
          ...(o.Status ? { Status: o.Status } : {}),
          ...(o.MFADelete ? { MFADelete: o.MFADelete } : {}),
        };
      },
    ],
  ];
  await Promise.all(
    steps.map(async ([api, run]) => {
      const r = await readPart(account, b.Region, api, parts, run);
      if (!('value' in r)) failures.add(r.warning, b.Name);
    }),
  );
  return b;
}

/** Runs `fn` over `items`, at most `n` at a time, keeping order. */
async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length && !signal?.aborted) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export async function loadS3Live(
  account: AwsAccount,
  opts: { externalId: string; signal?: AbortSignal; progress?: (m: string) => void },
): Promise<{ global: GlobalSnapshot; warnings: SnapshotWarning[] }> {
  const region = account.regions[0] ?? 'us-east-1';
  const session = { externalId: opts.externalId };
  const s3 = awsClient(S3Client, account, region, session);
  const control = awsClient(S3ControlClient, account, region, session);
  const warnings: SnapshotWarning[] = [];
  const global: GlobalSnapshot = {};

  const [acct, listed] = await Promise.all([
    readPart(account, undefined, 's3:GetAccountPublicAccessBlock', ['global.s3AccountPublicAccessBlock'], () =>
      control
        .send(new GetAccountPublicAccessBlockCommand({ AccountId: account.accountId }))
        .then(
          (o) => plain<PublicAccessBlock>(o.PublicAccessBlockConfiguration ?? {}),
          absent<PublicAccessBlock | null>(['NoSuchPublicAccessBlockConfiguration'], null),
        ),
    ),
    readPart(account, undefined, 's3:ListAllMyBuckets', ['global.buckets'], async () => {
      const out: { Name: string; CreationDate?: string; BucketRegion?: string }[] = [];
      for await (const page of paginateListBuckets({ client: s3, pageSize: 1000 }, {}))
        for (const b of page.Buckets ?? [])
          if (b.Name)
            out.push({ Name: b.Name, CreationDate: b.CreationDate?.toISOString(), BucketRegion: b.BucketRegion });
      return out;
    }),
  ]);
  if ('value' in acct) global.s3AccountPublicAccessBlock = acct.value;
  else warnings.push(acct.warning);
  if (!('value' in listed)) {
    warnings.push(listed.warning);
    return { global, warnings };
  }
  opts.progress?.(`${account.name}: reading ${listed.value.length} S3 bucket(s)…`);
  const failures = new FailureLog();
  const buckets = await pool(
    listed.value,
    BUCKET_CONCURRENCY,
    (b) => readBucket(account, b, s3, session, failures),
    opts.signal,
  );
  if (opts.signal?.aborted) {
    warnings.push({
      api: 's3:ListAllMyBuckets',
      permission: 's3:ListAllMyBuckets',
      message: 'The scan was stopped before every bucket was read.',
      parts: ['global.buckets'],
    });
    return { global, warnings };
  }
  global.buckets = buckets;
  warnings.push(...failures.warnings());
  return { global, warnings };
}

export function liveGlobal(account: AwsAccount, opts: { externalId: string }): GlobalSource {
  return {
    kind: 'live',
    read: (o) => loadS3Live(account, { ...opts, signal: o?.signal, progress: o?.progress }),
  };
}
