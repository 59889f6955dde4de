/**
 * The services part of bench/posture-scan.ts: the S3, KMS and monitoring/detection readers of a
 * generated account (500 buckets, 200 KMS keys, the CIS metric filters and alarms, Config,
 * GuardDuty, Access Analyzer, Security Hub, across 3 regions) served at the HTTP level by a local
 * fake with a fixed latency per request. AWS_ENDPOINT_URL points the SDK at it, so requests are
 * signed, sent, paginated and parsed; the fake routes each by the service in its SigV4 credential
 * scope. Prints the calls made per API, the wall time, and the floor the per-service API rate
 * limits put under that many calls.
 *
 * RDS instances and Lambda functions: their readers are not in this branch (another issue-13
 * branch adds them); the output says so instead of pretending they were read.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useBenchCredentials } from './measure';

export interface ServicesBenchOptions {
  latencyMs: number;
  regions: string[];
  buckets: number;
  keys: number;
}

const ACCOUNT = '123456789012';
const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const x = (root: string, inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NS}">${inner}</${root}>`;

/**
 * Documented request quotas (requests per second, per account and region) for the calls whose
 * limit AWS publishes: KMS request quotas, CloudWatch and CloudWatch Logs API quotas. S3 bucket
 * configuration reads, AWS Config, GuardDuty, Access Analyzer and Security Hub describe calls
 * have no published per-API rate here and are left out of the floor (listed as such).
 */
export const RATE_LIMITS: Record<string, number> = {
  'kms:ListKeys': 100,
  'kms:DescribeKey': 2000,
  'kms:GetKeyPolicy': 1000,
  'kms:GetKeyRotationStatus': 1000,
  'logs:DescribeMetricFilters': 5,
  'monitoring:DescribeAlarms': 9,
};

export async function servicesBench(o: ServicesBenchOptions): Promise<void> {
  useBenchCredentials();
  const served: Record<string, number> = {};
  const perRegion: Record<string, number> = {};
  const count = (api: string, region: string) => {
    served[api] = (served[api] ?? 0) + 1;
    perRegion[`${api} ${region}`] = (perRegion[`${api} ${region}`] ?? 0) + 1;
  };
  const bucketName = (i: number) => `bench-bucket-${String(i).padStart(4, '0')}`;
  const bucketRegion = (i: number) => o.regions[i % o.regions.length]!;
  const keyId = (r: number, i: number) => `${String(r).padStart(8, '0')}-1111-2222-3333-${String(i).padStart(12, '0')}`;
  const keysPerRegion = Math.ceil(o.keys / o.regions.length);

  function handle(req: IncomingMessage, body: string): { status: number; type: string; text: string } {
    const scope = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
    const region = scope?.[1] ?? 'us-east-1';
    const service = scope?.[2] ?? 'unknown';
    const json = (v: unknown, type = 'application/x-amz-json-1.1') => ({ status: 200, type, text: JSON.stringify(v) });
    const url = new URL(req.url ?? '/', 'http://fake');
    const target =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    const b = body ? (JSON.parse(body) as Record<string, string>) : {};
    switch (service) {
      case 's3': {
        const parts = url.pathname.split('/').filter(Boolean);
        const q = [...url.searchParams.keys()][0] ?? '';
        if (!parts.length) {
          count('s3:ListBuckets', region);
          const start = Number(url.searchParams.get('continuation-token') ?? 0);
          const n = Math.min(Number(url.searchParams.get('max-buckets') ?? 1000), 1000);
          const items = Array.from({ length: Math.max(0, Math.min(n, o.buckets - start)) }, (_, k) => start + k);
          const next =
            start + items.length < o.buckets ? `<ContinuationToken>${start + items.length}</ContinuationToken>` : '';
          return {
            status: 200,
            type: 'application/xml',
            text: x(
              'ListAllMyBucketsResult',
              `<Owner><ID>owner</ID></Owner><Buckets>${items
                .map(
                  (i) =>
                    `<Bucket><Name>${bucketName(i)}</Name><CreationDate>2025-01-01T00:00:00.000Z</CreationDate><BucketRegion>${bucketRegion(i)}</BucketRegion></Bucket>`,
                )
                .join('')}</Buckets>${next}`,
            ),
          };
        }
        const i = Number(parts[0]!.split('-').pop());
        const xml = (t: string) => ({ status: 200, type: 'application/xml', text: t });
        const err = (status: number, code: string) => ({
          status,
          type: 'application/xml',
          text: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${code}</Message><RequestId>r</RequestId></Error>`,
        });
        switch (q) {
          case 'publicAccessBlock':
            count('s3:GetBucketPublicAccessBlock', region);
            return xml(
              x(
                'PublicAccessBlockConfiguration',
                '<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets>',
              ),
            );
          case 'policy':
            count('s3:GetBucketPolicy', region);
            return i % 10
              ? err(404, 'NoSuchBucketPolicy')
              : json(
                  {
                    Version: '2012-10-17',
                    Statement: [
                      {
                        Effect: 'Deny',
                        Principal: '*',
                        Action: 's3:*',
                        Resource: `arn:aws:s3:::${bucketName(i)}/*`,
                        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                      },
                    ],
                  },
                  'application/json',
                );
          case 'acl':
            count('s3:GetBucketAcl', region);
            return xml(
              x(
                'AccessControlPolicy',
                '<Owner><ID>owner</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>owner</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList>',
              ),
            );
          case 'encryption':
            count('s3:GetEncryptionConfiguration', region);
            return xml(
              x(
                'ServerSideEncryptionConfiguration',
                '<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>',
              ),
            );
          case 'logging':
            count('s3:GetBucketLogging', region);
            return xml(
              x(
                'BucketLoggingStatus',
                i % 3
                  ? ''
                  : '<LoggingEnabled><TargetBucket>logs</TargetBucket><TargetPrefix>x/</TargetPrefix></LoggingEnabled>',
              ),
            );
          case 'versioning':
            count('s3:GetBucketVersioning', region);
            return xml(x('VersioningConfiguration', '<Status>Enabled</Status>'));
          case 'location':
            count('s3:GetBucketLocation', region);
            return xml(x('LocationConstraint', bucketRegion(i) === 'us-east-1' ? '' : bucketRegion(i)));
        }
        return err(400, 'NotImplemented');
      }
      case 's3-control':
      case 's3control':
        count('s3:GetAccountPublicAccessBlock', region);
        return {
          status: 200,
          type: 'application/xml',
          text: `<?xml version="1.0" encoding="UTF-8"?>\n<PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>`,
        };
      case 'kms': {
        count(`kms:${target}`, region);
        const r = o.regions.indexOf(region);
        if (target === 'ListKeys')
          return json({
            Keys: Array.from({ length: keysPerRegion }, (_, i) => ({
              KeyId: keyId(r, i),
              KeyArn: `arn:aws:kms:${region}:${ACCOUNT}:key/${keyId(r, i)}`,
            })),
            Truncated: false,
          });
        const i = Number(String(b.KeyId).split('-').pop());
        if (target === 'DescribeKey')
          return json({
            KeyMetadata: {
              AWSAccountId: ACCOUNT,
              KeyId: b.KeyId,
              Arn: `arn:aws:kms:${region}:${ACCOUNT}:key/${b.KeyId}`,
              Enabled: true,
              KeyManager: i % 4 ? 'CUSTOMER' : 'AWS',
              KeyState: 'Enabled',
              KeySpec: 'SYMMETRIC_DEFAULT',
              KeyUsage: 'ENCRYPT_DECRYPT',
              Origin: 'AWS_KMS',
              CreationDate: 1700000000,
            },
          });
        if (target === 'GetKeyPolicy')
          return json({
            PolicyName: 'default',
            Policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'root',
                  Effect: 'Allow',
                  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                  Action: 'kms:*',
                  Resource: '*',
                },
              ],
            }),
          });
        if (target === 'GetKeyRotationStatus') return json({ KeyRotationEnabled: i % 5 !== 0 });
        break;
      }
      case 'logs':
        count('logs:DescribeMetricFilters', region);
        return json({
          metricFilters:
            region === o.regions[0]
              ? [
                  {
                    filterName: 'RootAccountUsage',
                    filterPattern:
                      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
                    logGroupName: 'CloudTrail/org',
                    metricTransformations: [
                      { metricName: 'RootAccountUsage', metricNamespace: 'CIS', metricValue: '1' },
                    ],
                  },
                ]
              : [],
        });
      case 'monitoring':
        count('monitoring:DescribeAlarms', region);
        return json({ MetricAlarms: [], CompositeAlarms: [] }, 'application/x-amz-json-1.0');
      case 'config':
        count(`config:${target}`, region);
        if (target === 'DescribeConfigurationRecorders')
          return json({
            ConfigurationRecorders: [
              {
                name: 'default',
                roleARN: `arn:aws:iam::${ACCOUNT}:role/config`,
                recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
              },
            ],
          });
        if (target === 'DescribeConfigurationRecorderStatus')
          return json({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }] });
        return json({
          DeliveryChannelsStatus: [{ name: 'default', configHistoryDeliveryInfo: { lastStatus: 'Success' } }],
        });
      case 'guardduty':
        if (url.pathname === '/detector') {
          count('guardduty:ListDetectors', region);
          return json({ detectorIds: ['d0000000000000000000000000000000'] }, 'application/json');
        }
        count('guardduty:GetDetector', region);
        return json(
          { status: 'ENABLED', serviceRole: 'r', findingPublishingFrequency: 'SIX_HOURS' },
          'application/json',
        );
      case 'access-analyzer':
        count('access-analyzer:ListAnalyzers', region);
        return json(
          {
            analyzers: [
              {
                arn: `arn:aws:access-analyzer:${region}:${ACCOUNT}:analyzer/a`,
                name: 'a',
                type: 'ACCOUNT',
                status: 'ACTIVE',
                createdAt: '2025-01-01T00:00:00Z',
              },
            ],
          },
          'application/json',
        );
      case 'securityhub':
        count('securityhub:DescribeHub', region);
        return json(
          {
            HubArn: `arn:aws:securityhub:${region}:${ACCOUNT}:hub/default`,
            SubscribedAt: '2025-01-01T00:00:00.000Z',
            AutoEnableControls: true,
          },
          'application/json',
        );
    }
    count(`unknown:${service}`, region);
    return {
      status: 400,
      type: 'application/json',
      text: JSON.stringify({ __type: 'UnknownOperationException', message: service }),
    };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const out = handle(req, Buffer.concat(chunks).toString('utf8'));
      setTimeout(() => {
        res.writeHead(out.status, {
          'content-type': out.type,
          'x-amzn-requestid': 'bench',
          'x-amz-request-id': 'bench',
        });
        res.end(out.text);
      }, o.latencyMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const prevEndpoint = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const { withApiCallTally } = await import('../../src/aws/api-calls');
    const { liveGlobal } = await import('../../src/sources/live/s3');
    const { loadKmsLive } = await import('../../src/sources/live/kms');
    const { loadMonitoringLive } = await import('../../src/sources/live/monitoring');
    const account = {
      name: 'bench-services',
      accountId: ACCOUNT,
      roleArn: null,
      regions: o.regions,
      remediationRoleArn: null,
    };
    const opts = { externalId: 'bench-external-id' };
    const t = performance.now();
    const { value, tally } = await withApiCallTally(() =>
      Promise.all([
        liveGlobal(account, opts).read(),
        ...o.regions.map(async (region) => {
          const [kms, mon] = await Promise.all([
            loadKmsLive(account, region, opts),
            loadMonitoringLive(account, region, opts),
          ]);
          return { region, kms, mon };
        }),
      ]),
    );
    const wall = (performance.now() - t) / 1000;
    const [s3, ...regional] = value as [
      Awaited<ReturnType<ReturnType<typeof liveGlobal>['read']>>,
      ...{
        region: string;
        kms: Awaited<ReturnType<typeof loadKmsLive>>;
        mon: Awaited<ReturnType<typeof loadMonitoringLive>>;
      }[],
    ];
    const warnings = [...s3.warnings, ...regional.flatMap((r) => [...r.kms.warnings, ...r.mon.warnings])];
    const total = Object.values(served).reduce((a, b) => a + b, 0);
    console.log(
      `\nservices: ${o.buckets} buckets, ${o.keys} KMS keys, CloudWatch/Config/GuardDuty/Access Analyzer/Security Hub in ${o.regions.length} regions, ${o.latencyMs} ms per request`,
    );
    console.log(
      `  read: ${s3.global.buckets?.length ?? 0} buckets, ${regional.reduce((n, r) => n + (r.kms.kmsKeys?.length ?? 0), 0)} keys; ${warnings.length ? `warnings: ${warnings.map((w) => `${w.region ?? ''} ${w.api}`.trim()).join(', ')}` : 'no warning'}`,
    );
    console.log(
      `  API calls made: ${tally.total} (SDK count), ${total} served — ${Object.entries(served)
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    // Floor: each (API, region) with a published rate cannot finish faster than calls ÷ rate.
    let floor = 0;
    let floorApi = '';
    for (const [key, n] of Object.entries(perRegion)) {
      const api = key.split(' ')[0]!;
      const rate = RATE_LIMITS[api];
      if (rate && n / rate > floor) (floor = n / rate), (floorApi = key);
    }
    const limited = Object.entries(served).filter(([api]) => RATE_LIMITS[api]);
    const sumRates = limited.reduce((n, [api]) => n + RATE_LIMITS[api]! * o.regions.length, 0);
    const limitedCalls = limited.reduce((n, [, c]) => n + c, 0);
    console.log(
      `  wall time ${wall.toFixed(2)} s; rate-limit floor ${floor.toFixed(2)} s (${floorApi || 'none'}; calls ÷ published rate per API and region), ${limitedCalls} rate-limited calls against a summed quota of ${sumRates} req/s = ${(limitedCalls / sumRates).toFixed(2)} s`,
    );
    console.log(
      `  no published per-API rate (not in the floor): ${Object.keys(served)
        .filter((a) => !RATE_LIMITS[a])
        .join(', ')}`,
    );
    console.log(
      '  not covered: RDS instances (100) and Lambda functions (300) — their readers are not in this branch (the other issue-13 branch adds them); the figures above exclude them.',
    );
  } finally {
    server.close();
    if (prevEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = prevEndpoint;
  }
}
