/**
 * Benchmark: scanning an organization with 1, 2 and 4 workers on the PostgreSQL job queue.
 *
 * A local HTTP server stands for AWS: every request waits --latency ms (default 50) and is answered
 * in the IAM (awsQuery XML) or EC2 (ec2 query XML) wire format; it enforces per-account limits and
 * answers over them with the services' throttling errors (IAM `Throttling`, EC2
 * `RequestLimitExceeded`, CloudTrail `ThrottlingException`), counting each. Limits, per account (one
 * region): EC2 Describe* is the documented token bucket (100 tokens, refilled 20/s per account and
 * region: EC2 API "Request throttling"); LookupEvents the documented 2 requests/s per account and
 * region (burst 2); IAM publishes no per-API rate, so the fake uses 10/s per account (burst 10),
 * the rate Trailhound keeps to (src/aws/rate-limit.ts SERVICE_RATES).
 *
 * --accounts (default 300) scan jobs are queued (src/queue, pg-boss on DATABASE_URL or
 * TEST_DATABASE_URL; a fresh database per run), then N workers take them. Each worker is its own
 * pg-boss instance with its own connection pool and runs --concurrency jobs at once; a job is the
 * API-call pattern of a posture scan's IAM and EC2 reads for one account, side by side as the live
 * IAM source runs them (src/sources/live/iam.ts): --iam-pages (default 10, an account of about
 * 1,000 principals and policies) GetAccountAuthorizationDetails pages in sequence, beside
 * GetAccountSummary, GetAccountPasswordPolicy, ListVirtualMFADevices, ListSAMLProviders,
 * ListOpenIDConnectProviders and GetCredentialReport, and 3 DescribeSecurityGroups and 3
 * DescribeInstances pages, and --lookup-pages (default 5) LookupEvents pages, what `collect` adds
 * (docs/cost-model.md) — through real SDK clients (src/aws/clients, signed, parsed), every call waiting for its token in
 * the shared PostgreSQL bucket (src/queue/rate-bucket.ts). Workers run in this one process (their
 * queue connections and claims are separate; their CPU is shared): the figures show how the queue
 * and the shared rate limits scale, not a multi-machine deployment. Each worker count runs twice by
 * default (--modes bucket,none): with the shared bucket, and without it (the SDK's own retries only)
 * to show the throttles it prevents; --no-bucket is --modes none. A run ends when every job is
 * completed or failed (a job failing after the SDK's retries is retried by the queue, as in
 * production). Printed per run: accounts/minute, requests, throttles answered by the fake, failed
 * jobs, this process's CPU seconds (workers, SDK and the fake together; PostgreSQL's own CPU is
 * not counted) and its peak RSS during the run.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bin/run-ts.mjs bench/org-workers.ts \
 *     [--accounts 300] [--latency 50] [--workers 1,2,4] [--concurrency 4] [--iam-pages 10] [--lookup-pages 5] \
 *     [--modes bucket,none] [--no-bucket]
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import postgres from 'postgres';
import type { AwsAccount } from '../src/aws/accounts';
import { awsClient, resetAwsClients } from '../src/aws/clients';
import { SERVICE_RATES, setSharedPacer } from '../src/aws/rate-limit';
import { JobQueue, type ScanJob } from '../src/queue/jobs';
import { peakMemory, useBenchCredentials } from './lib/measure';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '300' },
    latency: { type: 'string', default: '50' },
    workers: { type: 'string', default: '1,2,4' },
    concurrency: { type: 'string', default: '4' },
    'iam-pages': { type: 'string', default: '10' },
    'lookup-pages': { type: 'string', default: '5' },
    modes: { type: 'string', default: 'bucket,none' },
    'no-bucket': { type: 'boolean', default: false },
  },
});
const ACCOUNTS = Number(values.accounts);
const LATENCY = Number(values.latency);
const CONCURRENCY = Number(values.concurrency);
const IAM_PAGES = Number(values['iam-pages']);
const LOOKUP_PAGES = Number(values['lookup-pages']);
const WORKER_COUNTS = values.workers.split(',').map(Number);
const MODES = (values['no-bucket'] ? 'none' : values.modes).split(',').map((m) => m.trim());
if (MODES.some((m) => m !== 'bucket' && m !== 'none')) {
  console.error('--modes is a comma-separated list of bucket and none.');
  process.exit(2);
}
const base = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
if (!base) {
  console.error('Set TEST_DATABASE_URL (or DATABASE_URL) to a PostgreSQL the bench may create a database on.');
  process.exit(2);
}
useBenchCredentials();
process.env.AWS_MAX_ATTEMPTS = '5';

// ---- the fake AWS: latency, per-account limits, throttling errors ------------------------------
const LIMITS = {
  IAM: { rate: 10, burst: 10 },
  EC2: { rate: 20, burst: 100 },
  CloudTrail: { rate: 2, burst: 2 },
} as const;
const buckets = new Map<string, { tokens: number; at: number }>();
const stats = { requests: 0, throttles: 0 };
function allow(service: keyof typeof LIMITS, account: string): boolean {
  const l = LIMITS[service];
  const key = `${service}:${account}`;
  const now = Date.now();
  const b = buckets.get(key) ?? { tokens: l.burst, at: now };
  b.tokens = Math.min(l.burst, b.tokens + ((now - b.at) / 1000) * l.rate);
  b.at = now;
  buckets.set(key, b);
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const iamOk = (action: string, inner: string) =>
  `<${action}Response xmlns="${IAM_NS}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>b1</RequestId></ResponseMetadata></${action}Response>`;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () =>
    setTimeout(() => {
      stats.requests++;
      const account = String(req.headers['x-bench-account'] ?? 'unknown');
      // CloudTrail speaks JSON 1.1 (X-Amz-Target); its throttle is the documented common error.
      if (String(req.headers['x-amz-target'] ?? '').endsWith('.LookupEvents')) {
        const json = { 'Content-Type': 'application/x-amz-json-1.1' };
        if (!allow('CloudTrail', account)) {
          stats.throttles++;
          res.writeHead(400, json);
          return res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
        }
        res.writeHead(200, json);
        return res.end(JSON.stringify({ Events: [] }));
      }
      const action = new URLSearchParams(body).get('Action') ?? '';
      const ec2 = /^Describe/.test(action);
      if (!allow(ec2 ? 'EC2' : 'IAM', account)) {
        stats.throttles++;
        if (ec2) {
          res.writeHead(503, { 'Content-Type': 'text/xml;charset=UTF-8' });
          return res.end(
            '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r1</RequestID></Response>',
          );
        }
        res.writeHead(400, { 'Content-Type': 'text/xml' });
        return res.end(
          `<ErrorResponse xmlns="${IAM_NS}"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>`,
        );
      }
      if (ec2) {
        res.writeHead(200, { 'Content-Type': 'text/xml;charset=UTF-8' });
        const set = action === 'DescribeInstances' ? 'reservationSet' : 'securityGroupInfo';
        return res.end(
          `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r1</requestId><${set}/></${action}Response>`,
        );
      }
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      const inner =
        action === 'GetAccountSummary'
          ? '<SummaryMap><entry><key>Users</key><value>0</value></entry></SummaryMap>'
          : `<${action.replace('List', '')}/><IsTruncated>false</IsTruncated>`;
      res.end(iamOk(action, inner));
    }, LATENCY),
  );
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// ---- one scan job: a posture scan's read pattern for one account --------------------------------
const tagged = new WeakSet<object>();
function client<C extends IAMClient | EC2Client | CloudTrailClient>(
  Ctor: new (c: object) => C,
  account: AwsAccount,
): C {
  const c = awsClient(Ctor as never, account, 'us-east-1', { externalId: 'bench' }) as C;
  if (!tagged.has(c)) {
    tagged.add(c);
    const mw =
      (next: (a: { request: { headers: Record<string, string> } }) => Promise<unknown>) =>
      async (args: { request: { headers: Record<string, string> } }) => {
        args.request.headers['x-bench-account'] = account.accountId;
        return next(args);
      };
    (c.middlewareStack as unknown as { add(m: unknown, o: unknown): void }).add(mw, {
      step: 'build',
      name: 'benchAccount',
    });
  }
  return c;
}
async function scanJob(job: { data: ScanJob }): Promise<object> {
  const account: AwsAccount = {
    name: job.data.account,
    accountId: job.data.account,
    roleArn: null,
    regions: ['us-east-1'],
    remediationRoleArn: null,
  };
  const iam = client(IAMClient, account);
  const ec2 = client(EC2Client, account);
  const trail = client(CloudTrailClient, account);
  const seq = async (k: number, call: () => Promise<unknown>) => {
    for (let i = 0; i < k; i++) await call();
  };
  // What the live IAM source reads, side by side as it does (src/sources/live/iam.ts), beside EC2.
  await Promise.all([
    seq(IAM_PAGES, () => iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000 }))),
    iam.send(new GetAccountSummaryCommand({})),
    iam.send(new GetAccountPasswordPolicyCommand({})),
    iam.send(new ListVirtualMFADevicesCommand({})),
    iam.send(new ListSAMLProvidersCommand({})),
    iam.send(new ListOpenIDConnectProvidersCommand({})),
    iam.send(new GetCredentialReportCommand({})),
    seq(3, () => ec2.send(new DescribeSecurityGroupsCommand({}))),
    seq(3, () => ec2.send(new DescribeInstancesCommand({}))),
    seq(LOOKUP_PAGES, () => trail.send(new LookupEventsCommand({ MaxResults: 50 }))),
  ]);
  return { calls: IAM_PAGES + 12 + LOOKUP_PAGES };
}

// ---- runs ---------------------------------------------------------------------------------------
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(
  `org-workers: ${ACCOUNTS} accounts, ${LATENCY} ms latency, ${CONCURRENCY} jobs at once per worker; job = ${IAM_PAGES + 12 + LOOKUP_PAGES} calls (${IAM_PAGES} authorization-details pages, ${LOOKUP_PAGES} LookupEvents pages); fake AWS limits per account: IAM ${LIMITS.IAM.rate}/s (burst ${LIMITS.IAM.burst}), EC2 Describe* ${LIMITS.EC2.rate}/s (burst ${LIMITS.EC2.burst}), LookupEvents ${LIMITS.CloudTrail.rate}/s (burst ${LIMITS.CloudTrail.burst}); load average ${load()} on ${cpus().length} cores (${loadavg()[0]! > 1 ? 'the machine is loaded: figures are indicative only' : 'machine idle'})`,
);
for (const mode of MODES)
  for (const n of WORKER_COUNTS) {
    const name = `th_bench_${randomBytes(4).toString('hex')}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    resetAwsClients();
    buckets.clear();
    stats.requests = 0;
    stats.throttles = 0;
    const queues: JobQueue[] = [];
    // Short retry delay so a run ends in minutes; the production policy waits 30 s, doubling.
    const policy = { retryDelay: 2, retryBackoff: true, retryLimit: 3 };
    for (let i = 0; i < n; i++)
      queues.push(await JobQueue.open(url.toString(), { max: CONCURRENCY + 2, supervise: i === 0, policy }));
    if (mode === 'bucket')
      setSharedPacer((service, accountId) =>
        queues[0]!.bucket.take(`${service}:${accountId}`, SERVICE_RATES[service] ?? 10, {
          burst: SERVICE_RATES[service],
        }),
      );
    else setSharedPacer(undefined);
    for (let a = 0; a < ACCOUNTS; a++)
      await queues[0]!.enqueue('scan', { account: String(100000000000 + a), requestedBy: 'bench' });
    const loadBefore = load();
    const cpu0 = process.cpuUsage();
    const mem = peakMemory();
    const started = Date.now();
    for (const q of queues) await q.work<ScanJob>('scan', CONCURRENCY, scanJob, { pollingIntervalSeconds: 0.5 });
    let finished: { state: string }[] = [];
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      finished = (await queues[0]!.status({ limit: ACCOUNTS + 10 })).filter(
        (j) => j.state === 'completed' || j.state === 'failed',
      );
      if (finished.length >= ACCOUNTS) break;
    }
    const secs = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const peak = mem.stop();
    const completed = finished.filter((j) => j.state === 'completed').length;
    console.log(
      `  ${mode === 'bucket' ? 'shared bucket' : 'no bucket    '} ${n} worker(s): ${completed}/${ACCOUNTS} accounts in ${secs.toFixed(1)} s = ${((completed / secs) * 60).toFixed(0)} accounts/minute; ${stats.requests} requests, ${stats.throttles} throttled by the fake AWS, ${ACCOUNTS - completed} failed jobs; ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU-s, peak RSS ${(peak.rss / 2 ** 20).toFixed(0)} MiB; load average ${loadBefore} → ${load()}`,
    );
    for (const q of queues) await q.stop({ graceful: false, timeout: 2_000 });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
setSharedPacer(undefined);
server.close();
process.exit(0);
