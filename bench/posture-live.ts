/**
 * Benchmark: a full posture scan of a large generated account, served at the HTTP level.
 *
 * A local HTTP server speaks the IAM (awsQuery XML), EC2 (ec2 query XML) and CloudTrail
 * (awsJson1_1) wire formats with a fixed latency per request; AWS_ENDPOINT_URL points the SDK at
 * it, so requests are really signed, sent, paginated and parsed. The account: 2,000 roles, 1,000
 * users, 300 groups, 500 customer policies (bench/lib/generate-iam.ts), and 3 regions each with
 * 300 security groups, 1,200 instances, 1,500 volumes, 20 VPCs and 2 trails, plus (bench/lib/workload-wire.ts)
 * 67 KMS keys, 34 RDS instances, 100 Lambda functions, 20 topics, 20 queues, 2 EKS clusters and 30 ECS
 * task families (3 regions: 201 keys, 102 instances, 300 functions). Prints API calls made
 * (by API), wall time per phase (collect, evaluate rules, store history in embedded PGlite) and the
 * peak RSS / heap.
 *
 * In process (phase timings without start-up), not part of `npm run bench`; whole-process figures
 * are in bench/posture-scan.ts.
 *
 *   node bin/run-ts.mjs bench/posture-live.ts [--latency 50] [--regions 3] [--no-store]
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { gaadPages, generateIam } from './lib/generate-iam';
import { ec2Response, iamResponse } from './lib/aws-wire';
import { peakMemory, useBenchCredentials } from './lib/measure';
import { workloadServer } from './lib/workload-wire';

const { values } = parseArgs({
  options: {
    latency: { type: 'string', default: '50' },
    regions: { type: 'string', default: '3' },
    'no-store': { type: 'boolean', default: false },
  },
});
const LATENCY = Number(values.latency);
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2', 'eu-central-1'].slice(
  0,
  Number(values.regions),
);

useBenchCredentials();

// ---- the generated account -------------------------------------------------------------------
const t0 = performance.now();
const iam = generateIam({ roles: 2000, users: 1000, groups: 300, customerPolicies: 500 });
const ACCOUNT = iam.accountId;
const pages = gaadPages(iam.gaad, 1000);
const wire = (p: string) => readFileSync(`test/fixtures/wire/${p}`, 'utf8');
const credReport = iamResponse('GetCredentialReport', {
  Content: Buffer.from(iam.credentialReportCsv).toString('base64'),
  ReportFormat: 'text/csv',
  GeneratedTime: new Date().toISOString(),
});
const gaadXml = pages.map((p) => iamResponse('GetAccountAuthorizationDetails', p));

function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}
function regionData(region: string, i: number) {
  const r = rng(7 + i);
  const vpcs = Array.from({ length: 20 }, (_, k) => ({
    vpcId: `vpc-${i}${String(k).padStart(15, '0')}`,
    ownerId: ACCOUNT,
    state: 'available',
    cidrBlock: `10.${k}.0.0/16`,
    isDefault: k === 0,
  }));
  const sgs = Array.from({ length: 300 }, (_, k) => ({
    ownerId: ACCOUNT,
    groupId: `sg-${i}${String(k).padStart(16, '0')}`,
    groupName: k < 20 ? 'default' : `app-${k}`,
    groupDescription: 'bench',
    vpcId: vpcs[k % 20]!.vpcId,
    ipPermissions: [
      { ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipRanges: [{ cidrIp: '0.0.0.0/0' }] },
      ...(r() < 0.05 ? [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: [{ cidrIp: '0.0.0.0/0' }] }] : []),
    ],
    ipPermissionsEgress: [{ ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0' }] }],
  }));
  const instances = Array.from({ length: 1200 }, (_, k) => ({
    instanceId: `i-${i}${String(k).padStart(16, '0')}`,
    instanceState: { code: 16, name: 'running' },
    metadataOptions: { httpTokens: r() < 0.2 ? 'optional' : 'required', httpEndpoint: 'enabled' },
    iamInstanceProfile:
      r() < 0.9 ? { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/app-${k % 50}`, id: `AIPA${k}` } : undefined,
    groupSet: [{ groupId: sgs[k % 300]!.groupId, groupName: sgs[k % 300]!.groupName }],
    ipAddress: r() < 0.1 ? `203.0.113.${k % 250}` : undefined,
    vpcId: vpcs[k % 20]!.vpcId,
    launchTime: '2026-01-01T00:00:00.000Z',
  }));
  const volumes = Array.from({ length: 1500 }, (_, k) => ({
    volumeId: `vol-${i}${String(k).padStart(16, '0')}`,
    size: 8,
    status: 'in-use',
    encrypted: r() < 0.8,
    attachmentSet: [{ instanceId: instances[k % 1200]!.instanceId, status: 'attached' }],
  }));
  const flowLogs = vpcs
    .slice(0, 15)
    .map((v, k) => ({ flowLogId: `fl-${i}${k}`, resourceId: v.vpcId, flowLogStatus: 'ACTIVE', trafficType: 'ALL' }));
  const trails = [
    {
      Name: 'org',
      TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org`,
      HomeRegion: 'us-east-1',
      IsMultiRegionTrail: true,
      LogFileValidationEnabled: true,
      IncludeGlobalServiceEvents: true,
      KmsKeyId: 'k',
      HasCustomEventSelectors: true,
    },
    {
      Name: `app-${region}`,
      TrailARN: `arn:aws:cloudtrail:${region}:${ACCOUNT}:trail/app-${region}`,
      HomeRegion: region,
      IsMultiRegionTrail: false,
      LogFileValidationEnabled: false,
      IncludeGlobalServiceEvents: false,
      HasCustomEventSelectors: false,
    },
  ];
  return { vpcs, sgs, instances, volumes, flowLogs, trails };
}
const data = Object.fromEntries(REGIONS.map((r, i) => [r, regionData(r, i)]));
const genMs = performance.now() - t0;

// ---- the server ------------------------------------------------------------------------------
const served: Record<string, number> = {};
function page<T>(items: T[], params: URLSearchParams, max: number): { slice: T[]; next?: string } {
  const start = Number(params.get('NextToken') ?? 0);
  const n = Math.min(Number(params.get('MaxResults') ?? max), max);
  const slice = items.slice(start, start + n);
  return { slice, next: start + n < items.length ? String(start + n) : undefined };
}
function regionOf(req: IncomingMessage): string {
  const auth = String(req.headers.authorization ?? '');
  return /Credential=[^/]+\/\d+\/([^/]+)\//.exec(auth)?.[1] ?? 'us-east-1';
}
// Per region, so that 3 regions hold 102 RDS instances, 300 functions and 201 KMS keys.
const { handleWorkload } = workloadServer(
  ACCOUNT,
  REGIONS,
  {
    rdsInstances: 34,
    functions: 100,
    kmsKeys: 67,
    topics: 20,
    queues: 20,
    clusters: 2,
    families: 30,
  },
  served,
);
function handle(
  req: IncomingMessage,
  body: string,
): { status: number; type: string; text: string; headers?: Record<string, string> } {
  const target = req.headers['x-amz-target'];
  const region = regionOf(req);
  const w = handleWorkload(req, body, region);
  if (w) return w;
  if (target) {
    const op = String(target).split('.').pop()!;
    served[`cloudtrail:${op}`] = (served[`cloudtrail:${op}`] ?? 0) + 1;
    const d = data[region]!;
    const json = (v: unknown) => ({ status: 200, type: 'application/x-amz-json-1.1', text: JSON.stringify(v) });
    if (op === 'DescribeTrails')
      return json({
        trailList: region === 'us-east-1' ? d.trails : [data['us-east-1']?.trails[0] ?? d.trails[0], d.trails[1]],
      });
    if (op === 'GetTrailStatus')
      return json({ IsLogging: !String(JSON.parse(body).Name).includes('app-'), LatestDeliveryTime: 1763800000 });
    if (op === 'GetEventSelectors')
      return json({
        TrailARN: JSON.parse(body).TrailName,
        AdvancedEventSelectors: [
          { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        ],
      });
    return {
      status: 400,
      type: 'application/x-amz-json-1.1',
      text: JSON.stringify({ __type: 'UnknownOperationException' }),
    };
  }
  const params = new URLSearchParams(body);
  const action = params.get('Action')!;
  const version = params.get('Version');
  const xml = (text: string, status = 200) => ({ status, type: 'text/xml', text });
  if (version === '2010-05-08') {
    served[`iam:${action}`] = (served[`iam:${action}`] ?? 0) + 1;
    switch (action) {
      case 'GetAccountAuthorizationDetails': {
        const i = params.get('Marker') ? Number(params.get('Marker')!.split('-')[1]) / 1000 : 0;
        return xml(gaadXml[i]!);
      }
      case 'GenerateCredentialReport':
        return xml(wire('iam/generate-credential-report-complete.xml'));
      case 'GetCredentialReport':
        return xml(credReport);
      case 'GetAccountSummary':
        return xml(wire('iam/get-account-summary.xml'));
      case 'GetAccountPasswordPolicy':
        return xml(wire('iam/get-account-password-policy.xml'));
      case 'ListVirtualMFADevices':
        return xml(wire('iam/list-virtual-mfa-devices.xml'));
      case 'ListSAMLProviders':
        return xml(wire('iam/list-saml-providers.xml'));
      case 'ListOpenIDConnectProviders':
        return xml(wire('iam/list-open-id-connect-providers.xml'));
      case 'GetOpenIDConnectProvider':
        return xml(wire('iam/get-open-id-connect-provider.xml'));
    }
    return xml(
      `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${action}</Message></Error></ErrorResponse>`,
      400,
    );
  }
  served[`ec2:${action}`] = (served[`ec2:${action}`] ?? 0) + 1;
  const d = data[region]!;
  switch (action) {
    case 'DescribeSecurityGroups': {
      const p = page(d.sgs, params, 1000);
      return xml(ec2Response(action, { securityGroupInfo: p.slice, nextToken: p.next }));
    }
    case 'DescribeInstances': {
      const p = page(d.instances, params, 1000);
      return xml(
        ec2Response(action, {
          reservationSet: p.slice.map((x) => ({
            reservationId: `r-${x.instanceId}`,
            ownerId: ACCOUNT,
            instancesSet: [x],
          })),
          nextToken: p.next,
        }),
      );
    }
    case 'DescribeVolumes': {
      const p = page(d.volumes, params, 500);
      return xml(ec2Response(action, { volumeSet: p.slice, nextToken: p.next }));
    }
    case 'DescribeVpcs':
      return xml(ec2Response(action, { vpcSet: d.vpcs }));
    case 'DescribeFlowLogs':
      return xml(ec2Response(action, { flowLogSet: d.flowLogs }));
    case 'GetEbsEncryptionByDefault':
      return xml(ec2Response(action, { ebsEncryptionByDefault: region !== 'ap-southeast-2' }));
  }
  return xml(
    `<Response><Errors><Error><Code>InvalidAction</Code><Message>${action}</Message></Error></Errors></Response>`,
    400,
  );
}

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const out = handle(req, Buffer.concat(chunks).toString('utf8'));
    setTimeout(() => {
      res.writeHead(out.status, { 'content-type': out.type, 'x-amzn-requestid': 'bench', ...(out.headers ?? {}) });
      res.end(out.text);
    }, LATENCY);
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// ---- the scan --------------------------------------------------------------------------------
const { withApiCallTally } = await import('../src/aws/api-calls');
const { collectSnapshot } = await import('../src/posture/collect');
const { scanSnapshot } = await import('../src/posture/scan');
const { rules } = await import('../src/posture/rules');
const { snapshotResources } = await import('../src/posture/resources');
const { storeScan } = await import('../src/db/queries/posture-scans');
const { LiveIamSource } = await import('../src/sources/live/iam');
const { liveRegional } = await import('../src/sources/live/posture');
const { openDb } = await import('../src/db/client');

const mem = peakMemory();
const sample = mem.sample;

const account = { name: 'bench', accountId: ACCOUNT, roleArn: null, regions: REGIONS, remediationRoleArn: null };
const externalId = 'bench-external-id';
const phase: Record<string, number> = {};
/** Wraps a source so the time of its one call is recorded (they run in parallel inside collect). */
function timed<T extends object>(name: string, src: T): T {
  return new Proxy(src, {
    get(target, key, recv) {
      const v = Reflect.get(target, key, recv);
      if (typeof v !== 'function' || (key !== 'snapshot' && key !== 'read')) return v;
      return async (...args: unknown[]) => {
        const t = performance.now();
        try {
          return await v.apply(target, args);
        } finally {
          phase[name] = performance.now() - t;
        }
      };
    },
  });
}
const tCollect = performance.now();
const { value: snapshot, tally } = await withApiCallTally(() =>
  collectSnapshot(
    account,
    {
      iam: timed('iam', new LiveIamSource(account, { externalId })),
      regional: timed('regional', liveRegional(account, { externalId })),
    },
    { now: new Date() },
  ),
);
const collectMs = performance.now() - tCollect;
sample();
const tEval = performance.now();
const scan = scanSnapshot(snapshot, rules);
const evalMs = performance.now() - tEval;
sample();
const rssBeforeStore = mem.rss;
const heapBeforeStore = mem.heap;
let storeMs = 0;
let stored: unknown;
if (!values['no-store']) {
  const db = await openDb({ dataDir: 'memory://' });
  const tStore = performance.now();
  stored = await storeScan(db.db, scan, snapshotResources(snapshot), {
    source: 'live',
    startedAt: new Date(),
    finishedAt: new Date(),
  });
  storeMs = performance.now() - tStore;
  await db.close();
}
const peak = mem.stop();
server.close();

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
console.log(`posture scan benchmark — ${REGIONS.length} regions, ${LATENCY} ms latency per request`);
console.log(
  `account: ${iam.gaad.RoleDetailList.length} roles, ${iam.gaad.UserDetailList.length} users, ${iam.gaad.GroupDetailList.length} groups, ${iam.gaad.Policies.length} managed policies; per region ${data[REGIONS[0]!]!.sgs.length} SGs, ${data[REGIONS[0]!]!.instances.length} instances, ${data[REGIONS[0]!]!.volumes.length} volumes, ${data[REGIONS[0]!]!.vpcs.length} VPCs (generated in ${genMs.toFixed(0)} ms)`,
);
console.log(
  `snapshot: complete=${snapshot.complete}${snapshot.warnings.length ? ` warnings=${snapshot.warnings.map((w) => w.api).join(',')}` : ''}`,
);
console.log(
  `API calls made (SDK count): ${tally.total}  — ${Object.entries(tally.byApi)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
console.log(`requests served: ${Object.values(served).reduce((a, b) => a + b, 0)}`);
{
  const byService: Record<string, number> = {};
  for (const [k, v] of Object.entries(tally.byApi))
    byService[k.split(':')[0]!] = (byService[k.split(':')[0]!] ?? 0) + v;
  console.log(
    `calls per service (and the rate the scan reached over the collect wall time): ${Object.entries(byService)
      .sort()
      .map(([k, v]) => `${k} ${v} (${(v / (collectMs / 1000)).toFixed(1)}/s)`)
      .join(', ')}`,
  );
}
console.log(
  `wall time: collect ${(collectMs / 1000).toFixed(2)} s, evaluate ${rules.length} rules ${(evalMs / 1000).toFixed(2)} s, store ${(storeMs / 1000).toFixed(2)} s — total ${((collectMs + evalMs + storeMs) / 1000).toFixed(2)} s`,
);
console.log(
  `  collect, in parallel: IAM snapshot ${((phase.iam ?? 0) / 1000).toFixed(2)} s, EC2 + CloudTrail config of ${REGIONS.length} regions ${((phase.regional ?? 0) / 1000).toFixed(2)} s`,
);
console.log(
  `findings: ${scan.findings.length} (${Object.entries(scan.bySeverity)
    .map(([k, v]) => `${v} ${k}`)
    .join(
      ', ',
    )}); rules checked ${scan.checkedRules.length}, partial ${scan.partialRules.length}, not checked ${scan.notCheckedRules.length}`,
);
console.log(
  `slowest rules: ${[...scan.outcomes]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 4)
    .map((o) => `${o.rule.id} ${(o.ms / 1000).toFixed(2)} s`)
    .join(', ')}`,
);
if (stored) console.log(`stored: ${JSON.stringify(stored)}`);
console.log(
  `peak memory: collect + evaluate RSS ${mb(rssBeforeStore)}, heap ${mb(heapBeforeStore)}; including the embedded PGlite store RSS ${mb(peak.rss)}, heap ${mb(peak.heap)}`,
);
