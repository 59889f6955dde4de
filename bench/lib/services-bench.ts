/**
 * The services part of bench/posture-scan.ts: the S3, KMS, RDS, Lambda and monitoring/detection
 * readers of one generated account (500 buckets, 200 KMS keys, 100 RDS instances, 300 Lambda
 * functions, the CIS metric filters and alarms, Config, GuardDuty, Access Analyzer, Security Hub,
 * across 3 regions) served at the HTTP level by a local fake (./fake-aws.ts) with a fixed latency
 * per request; RDS and Lambda wire shapes are ./workload-wire.ts. Prints the calls made per API,
 * wall time, CPU seconds and peak RSS, and the floor the project's per-API paces
 * (src/aws/pace.ts `paceOf`) put under that many calls. A call the SDK made that the fake never
 * served (S3 Control puts the account id in the hostname) is named as not reaching it.
 */
import type { IncomingMessage } from 'node:http';
import { paceOf } from '../../src/aws/pace';
import { signingScope, startFakeAws } from './fake-aws';
import { useBenchCredentials } from './measure';
import { type Reply, workloadServer } from './workload-wire';

export interface ServicesBenchOptions {
  latencyMs: number;
  regions: string[];
  buckets: number;
  keys: number;
  /** Totals across the regions. */
  rdsInstances: number;
  functions: number;
}

const ACCOUNT = '123456789012';
const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const x = (root: string, inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NS}">${inner}</${root}>`;

/** SigV4 signing name → the SDK client name (without `Client`) that src/aws/pace.ts keys paces by. */
const SDK_SERVICE: Record<string, string> = {
  s3: 'S3',
  s3control: 'S3Control',
  's3-control': 'S3Control',
  kms: 'KMS',
  logs: 'CloudWatchLogs',
  monitoring: 'CloudWatch',
  config: 'ConfigService',
  guardduty: 'GuardDuty',
  'access-analyzer': 'AccessAnalyzer',
  securityhub: 'SecurityHub',
  rds: 'RDS',
  lambda: 'Lambda',
};

export async function servicesBench(o: ServicesBenchOptions): Promise<void> {
  useBenchCredentials();
  const served: Record<string, number> = {};
  const perRegion: Record<string, number> = {};
  /** `api` is `signingName:Operation`; kept as `SdkService:Operation`, the key of the SDK tally and of paceOf. */
  const count = (api: string, region: string) => {
    const [svc, op] = api.split(':') as [string, string];
    const key = `${SDK_SERVICE[svc] ?? svc}:${op}`;
    served[key] = (served[key] ?? 0) + 1;
    perRegion[`${key} ${region}`] = (perRegion[`${key} ${region}`] ?? 0) + 1;
  };
  const { handleWorkload } = workloadServer(
    ACCOUNT,
    o.regions,
    {
      rdsInstances: o.rdsInstances,
      functions: o.functions,
      kmsKeys: 0,
      topics: 0,
      queues: 0,
      clusters: 0,
      families: 0,
    },
    count,
  );
  const bucketName = (i: number) => `bench-bucket-${String(i).padStart(4, '0')}`;
  const bucketRegion = (i: number) => o.regions[i % o.regions.length]!;
  const keyId = (r: number, i: number) => `${String(r).padStart(8, '0')}-1111-2222-3333-${String(i).padStart(12, '0')}`;
  /** Region r holds floor(keys / regions) keys, plus one while r < keys mod regions (200 in 3: 67, 67, 66). */
  const keysIn = (r: number) => Math.floor(o.keys / o.regions.length) + (r < o.keys % o.regions.length ? 1 : 0);

  function handle(req: IncomingMessage, body: string): Reply {
    const { region, service } = signingScope(req);
    if (service === 'rds' || service === 'lambda') {
      const w = handleWorkload(req, body, region);
      if (w) return w;
    }
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
            count('s3:GetPublicAccessBlock', region);
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
            count('s3:GetBucketEncryption', region);
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
        count('s3control:GetPublicAccessBlock', region);
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
            Keys: Array.from({ length: keysIn(r) }, (_, i) => ({
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

  const fake = await startFakeAws(o.latencyMs, handle);
  try {
    const { withApiCallTally } = await import('../../src/aws/api-calls');
    const { liveGlobal } = await import('../../src/sources/live/s3');
    const { loadKmsLive } = await import('../../src/sources/live/kms');
    const { loadMonitoringLive } = await import('../../src/sources/live/monitoring');
    const { loadRdsLive } = await import('../../src/sources/live/rds');
    const { loadLambdaLive } = await import('../../src/sources/live/lambda');
    const account = {
      name: 'bench-services',
      accountId: ACCOUNT,
      roleArn: null,
      regions: o.regions,
      remediationRoleArn: null,
    };
    const opts = { externalId: 'bench-external-id' };
    const cpu0 = process.cpuUsage();
    const t = performance.now();
    const { value, tally } = await withApiCallTally(() =>
      Promise.all([
        liveGlobal(account, opts).read(),
        ...o.regions.map(async (region) => {
          const [kms, mon, rds, lambda] = await Promise.all([
            loadKmsLive(account, region, opts),
            loadMonitoringLive(account, region, opts),
            loadRdsLive(account, region, opts),
            loadLambdaLive(account, region, opts),
          ]);
          return { region, kms, mon, rds, lambda };
        }),
      ]),
    );
    const wall = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    // maxRSS is in kilobytes and covers the whole process (module loading included).
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    const [s3, ...regional] = value as [
      Awaited<ReturnType<ReturnType<typeof liveGlobal>['read']>>,
      ...{
        region: string;
        kms: Awaited<ReturnType<typeof loadKmsLive>>;
        mon: Awaited<ReturnType<typeof loadMonitoringLive>>;
        rds: Awaited<ReturnType<typeof loadRdsLive>>;
        lambda: Awaited<ReturnType<typeof loadLambdaLive>>;
      }[],
    ];
    const warnings = [
      ...s3.warnings,
      ...regional.flatMap((r) => [...r.kms.warnings, ...r.mon.warnings, ...r.rds.warnings, ...r.lambda.warnings]),
    ];
    const sum = (f: (r: (typeof regional)[number]) => number) => regional.reduce((n, r) => n + f(r), 0);
    const total = Object.values(served).reduce((a, b) => a + b, 0);
    console.log(
      `\nservices: one account, ${o.buckets} buckets, ${o.keys} KMS keys, ${o.rdsInstances} RDS instances, ${o.functions} Lambda functions, CloudWatch/Config/GuardDuty/Access Analyzer/Security Hub in ${o.regions.length} regions, ${o.latencyMs} ms per request`,
    );
    console.log(
      `  read: ${s3.global.buckets?.length ?? 0} buckets, ${sum((r) => r.kms.kmsKeys?.length ?? 0)} keys, ${sum((r) => r.rds.region.rdsInstances?.length ?? 0)} RDS instances, ${sum((r) => r.lambda.region.lambdaFunctions?.length ?? 0)} functions; ${warnings.length ? `warnings: ${warnings.map((w) => `${w.region ?? ''} ${w.api}`.trim()).join(', ')}` : 'no warning'}`,
    );
    console.log(
      `  API calls made: ${tally.total} (SDK count), ${total} served — ${Object.entries(served)
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    const unserved = Object.entries(tally.byApi).filter(([api, n]) => n > (served[api] ?? 0));
    if (unserved.length)
      console.log(
        `  did not reach the fake (not in the floor): ${unserved
          .map(([api, n]) => `${api} ${n - (served[api] ?? 0)}`)
          .join(
            ', ',
          )}${unserved.some(([api]) => api.startsWith('S3Control:')) ? ' — S3 Control puts the account id in the hostname (<account>.<endpoint>), which does not resolve for the local fake' : ''}`,
      );
    // Floor: the paces of src/aws/pace.ts, one token bucket per paceOf(...).bucket, account and
    // region. A bucket that drew n calls cannot finish before (n − burst) ÷ perSecond seconds; the
    // scan cannot finish before its slowest bucket.
    const drawn = new Map<string, { n: number; burst: number; perSecond: number }>();
    for (const [key, n] of Object.entries(perRegion)) {
      const [api, region] = key.split(' ') as [string, string];
      const [service, op] = api.split(':') as [string, string];
      const p = paceOf(service, op);
      const k = `${p.bucket} ${region}`;
      const d = drawn.get(k) ?? { n: 0, burst: p.burst, perSecond: p.perSecond };
      d.n += n;
      drawn.set(k, d);
    }
    const floors = [...drawn]
      .map(([k, d]) => ({ k, d, s: Math.max(0, d.n - d.burst) / d.perSecond }))
      .sort((a, b) => b.s - a.s);
    const floor = floors[0];
    console.log(
      `  wall ${wall.toFixed(2)} s, CPU ${cpuS.toFixed(2)} s, peak RSS ${peakRssMiB.toFixed(0)} MiB; pacing floor ${(floor?.s ?? 0).toFixed(2)} s (slowest bucket of src/aws/pace.ts: ${floor ? `${floor.k}, ${floor.d.n} calls, burst ${floor.d.burst}, ${floor.d.perSecond}/s` : 'none'})`,
    );
    // The issue's figure: every paced call against the sum of the rates of the buckets the scan drew
    // on (what the scan could reach if every bucket were busy all the time; below the floor above).
    const sumRate = floors.reduce((n, f) => n + f.d.perSecond, 0);
    const paced = floors.reduce((n, f) => n + f.d.n, 0);
    console.log(
      `  sum of the paces: ${paced} calls over ${floors.length} buckets (API or service × region) summing ${sumRate} req/s = ${(paced / sumRate).toFixed(2)} s`,
    );
    console.log(
      `  next buckets: ${floors
        .slice(1, 5)
        .map((f) => `${f.k} ${f.s.toFixed(2)} s (${f.d.n} calls)`)
        .join(', ')}`,
    );
  } finally {
    fake.close();
  }
}
