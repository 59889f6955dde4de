/**
 * The live S3 reader at the HTTP level: REST-XML bodies in S3's documented shapes
 * (test/fixtures/wire/s3), SigV4-signed SDK v3 requests to each bucket's own region, ListBuckets
 * pagination, "not configured" errors read as data, AccessDenied naming the IAM permission, and
 * 503 SlowDown retried by the SDK.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import { loadS3Live } from '../../src/sources/live/s3';
import { TEST_EXTERNAL_ID, testAccount } from '../helpers/context';
import { S3_OK as BASE, s3wire as wire, serveS3 as s3 } from '../helpers/s3-wire';

const account = testAccount({ accountId: '222222222222', regions: ['us-east-1'] });

describe('live S3 configuration', () => {
  beforeEach(() => resetAwsClients());

  it('lists every page of buckets and reads each one in its own region', async () => {
    const seen = s3(BASE);
    const r = await loadS3Live(account, { externalId: TEST_EXTERNAL_ID });
    expect(r.warnings).toEqual([]);
    expect(seen).toContain('ListBuckets+page');
    // BucketRegion from ListBuckets; GetBucketLocation (EU → eu-west-1) when it is absent.
    expect(seen).toContain('acme-vendor-drop@us-east-1 location');
    expect(seen).toContain('acme-vendor-drop@eu-west-1 policy');
    expect(seen).toContain('acme-public-site@eu-west-1 acl');
    expect(seen.filter((k) => k.startsWith('acme-cloudtrail-logs@us-east-1')).length).toBe(6);
    expect(r.global.s3AccountPublicAccessBlock).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    });
    const [trail, site, vendor] = r.global.buckets!;
    expect(r.global.buckets!.map((b) => [b.Name, b.Region])).toEqual([
      ['acme-cloudtrail-logs', 'us-east-1'],
      ['acme-public-site', 'eu-west-1'],
      ['acme-vendor-drop', 'eu-west-1'],
    ]);
    expect(trail).toMatchObject({
      CreationDate: '2023-04-11T09:14:52.000Z',
      Policy: null,
      PublicAccessBlock: { RestrictPublicBuckets: true },
      Logging: { TargetBucket: 'acme-access-logs', TargetPrefix: 'acme-cloudtrail-logs/' },
      Versioning: { Status: 'Enabled', MFADelete: 'Disabled' },
      Encryption: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }],
      },
    });
    expect(trail!.Acl!.Grants!.map((g) => g.Grantee?.URI ?? g.Grantee?.Type)).toEqual([
      'CanonicalUser',
      'http://acs.amazonaws.com/groups/global/AllUsers',
    ]);
    expect(site).toMatchObject({ PublicAccessBlock: null, Logging: null, Versioning: {} });
    expect(site!.Policy!.Statement[0]).toMatchObject({ Principal: '*', Action: 's3:GetObject' });
    expect(vendor!.Policy).toBeNull();
  });

  it('AccessDenied on one API leaves that field unread for those buckets, with one warning naming the permission', async () => {
    s3({ ...BASE, '* acl': [403, wire('error-access-denied.xml')] });
    const r = await loadS3Live(account, { externalId: TEST_EXTERNAL_ID });
    expect(r.global.buckets).toHaveLength(3);
    expect(r.global.buckets!.every((b) => b.Acl === undefined && b.Policy !== undefined)).toBe(true);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({
      api: 's3:GetBucketAcl',
      permission: 's3:GetBucketAcl',
      parts: ['global.buckets'],
    });
    expect(r.warnings[0]!.message).toMatch(/Access denied calling s3:GetBucketAcl/);
    expect(r.warnings[0]!.message).toMatch(
      /Not checked for 3 bucket\(s\): acme-cloudtrail-logs, acme-public-site, acme-vendor-drop/,
    );
  });

  it('a denied ListBuckets leaves the buckets unread (the rules say not checked) but keeps the account setting', async () => {
    s3({ ...BASE, ListBuckets: [403, wire('error-access-denied.xml')] });
    const r = await loadS3Live(account, { externalId: TEST_EXTERNAL_ID });
    expect(r.global.buckets).toBeUndefined();
    expect(r.global.s3AccountPublicAccessBlock).toBeDefined();
    expect(r.warnings.map((w) => w.api)).toEqual(['s3:ListAllMyBuckets']);
  });

  it('503 SlowDown is retried by the SDK; what still fails after the retries is reported as throttled', async () => {
    const seen = s3({
      ...BASE,
      'acme-cloudtrail-logs@us-east-1 versioning': (n) =>
        n === 1 ? [503, wire('error-slow-down.xml')] : [200, wire('get-bucket-versioning.xml')],
      'acme-public-site@eu-west-1 encryption': [503, wire('error-slow-down.xml')],
    });
    const r = await loadS3Live(account, { externalId: TEST_EXTERNAL_ID });
    expect(seen.filter((k) => k === 'acme-cloudtrail-logs@us-east-1 versioning')).toHaveLength(2);
    expect(r.global.buckets![0]!.Versioning).toEqual({ Status: 'Enabled', MFADelete: 'Disabled' });
    expect(seen.filter((k) => k === 'acme-public-site@eu-west-1 encryption')).toHaveLength(3); // AWS_MAX_ATTEMPTS=3
    expect(r.global.buckets![1]!.Encryption).toBeUndefined();
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ api: 's3:GetEncryptionConfiguration' });
    expect(r.warnings[0]!.message).toMatch(/throttled.*SlowDown/);
  });
});
