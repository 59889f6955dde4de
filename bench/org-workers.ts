/**
 * Benchmark: scanning an organization with 1, 2 and 4 workers on the PostgreSQL job queue.
 *
 * A local HTTP server stands for AWS: every request waits --latency ms (default 50) and is answered
 * in the IAM (awsQuery XML) or EC2 (ec2 query XML) wire format; it enforces per-account limits and
 * answers over them with the services' throttling errors (IAM `Throttling`, EC2
 * `RequestLimitExceeded`), counting each. Limits: EC2 Describe* is the documented token bucket
 * (100 tokens, refilled 20/s per account and region: EC2 API "Request throttling"); IAM publishes
 * no per-API rate, so the fake uses 10/s per account (burst 10), the rate Trailhound keeps to
 * (src/aws/rate-limit.ts SERVICE_RATES).
 *
 * --accounts (default 300) scan jobs are queued (src/queue, pg-boss on DATABASE_URL or
 * TEST_DATABASE_URL; a fresh database per run), then N workers take them. Each worker is its own
 * pg-boss instance with its own connection pool and runs --concurrency jobs at once; a job is the
 * API-call pattern of a posture scan's reads for one account (GetAccountSummary, 5 ListUsers pages,
 * 5 ListRoles pages, 2 ListPolicies pages, 3 DescribeSecurityGroups and 3 DescribeInstances pages)
 * through real SDK clients (src/aws/clients, signed, parsed), every call waiting for its token in
 * the shared PostgreSQL bucket (src/queue/rate-bucket.ts). Workers run in this one process (their
 * queue connections and claims are separate; their CPU is shared): the figures show how the queue
 * and the shared rate limits scale, not a multi-machine deployment. --no-bucket turns the shared
 * bucket off to show the throttles it prevents.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bin/run-ts.mjs bench/org-workers.ts \
 *     [--accounts 300] [--latency 50] [--workers 1,2,4] [--concurrency 4] [--no-bucket]
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GetAccountSummaryCommand,
  IAMClient,
  ListPoliciesCommand,
  ListRolesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import postgres from 'postgres';
import type { AwsAccount } from '../src/aws/accounts';
import { awsClient, resetAwsClients } from '../src/aws/clients';
import { SERVICE_RATES, setSharedPacer } from '../src/aws/rate-limit';
import { JobQueue, type ScanJob } from '../src/queue/jobs';
import { useBenchCredentials } from './lib/measure';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '300' },
    latency: { type: 'string', default: '50' },
    workers: { type: 'string', default: '1,2,4' },
    concurrency: { type: 'string', default: '4' },
    'no-bucket': { type: 'boolean', default: false },
  },
});
const ACCOUNTS = Number(values.accounts);
const LATENCY = Number(values.latency);
const CONCURRENCY = Number(values.concurrency);
const WORKER_COUNTS = values.workers.split(',').map(Number);
const base = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
if (!base) {
  console.error('Set TEST_DATABASE_URL (or DATABASE_URL) to a PostgreSQL the bench may create a database on.');
  process.exit(2);
}
useBenchCredentials();
process.env.AWS_MAX_ATTEMPTS = '5';

// ---- the fake AWS: latency, per-account limits, throttling errors ------------------------------
const LIMITS = { IAM: { rate: 10, burst: 10 }, EC2: { rate: 20, burst: 100 } } as const;
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
function client<C extends IAMClient | EC2Client>(Ctor: new (c: object) => C, account: AwsAccount): C {
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
  await iam.send(new GetAccountSummaryCommand({}));
  for (let i = 0; i < 5; i++) await iam.send(new ListUsersCommand({}));
  for (let i = 0; i < 5; i++) await iam.send(new ListRolesCommand({}));
  for (let i = 0; i < 2; i++) await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
  for (let i = 0; i < 3; i++) await ec2.send(new DescribeSecurityGroupsCommand({}));
  for (let i = 0; i < 3; i++) await ec2.send(new DescribeInstancesCommand({}));
  return { calls: 19 };
}

// ---- runs ---------------------------------------------------------------------------------------
console.log(
  `org-workers: ${ACCOUNTS} accounts, ${LATENCY} ms latency, ${CONCURRENCY} jobs at once per worker, shared bucket ${values['no-bucket'] ? 'OFF' : 'on'}; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (${loadavg()[0]! > 1 ? 'the machine is loaded: figures are indicative only' : 'machine idle'})`,
);
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
  for (let i = 0; i < n; i++) queues.push(await JobQueue.open(url.toString(), { max: CONCURRENCY + 2 }));
  if (!values['no-bucket'])
    setSharedPacer((service, accountId) =>
      queues[0]!.bucket.take(`${service}:${accountId}`, SERVICE_RATES[service] ?? 10, {
        burst: SERVICE_RATES[service],
      }),
    );
  else setSharedPacer(undefined);
  for (let a = 0; a < ACCOUNTS; a++)
    await queues[0]!.enqueue('scan', { account: String(100000000000 + a), requestedBy: 'bench' });
  let done = 0;
  const started = Date.now();
  for (const q of queues)
    await q.work<ScanJob>(
      'scan',
      CONCURRENCY,
      async (job) => {
        const r = await scanJob(job);
        done++;
        return r;
      },
      { pollingIntervalSeconds: 0.5 },
    );
  while (done < ACCOUNTS) await new Promise((r) => setTimeout(r, 100));
  const secs = (Date.now() - started) / 1000;
  const failed = (await queues[0]!.status({ limit: 1000 })).filter((j) => j.state === 'failed').length;
  console.log(
    `  ${n} worker(s): ${ACCOUNTS} accounts in ${secs.toFixed(1)} s = ${((ACCOUNTS / secs) * 60).toFixed(0)} accounts/minute; ${stats.requests} requests, ${stats.throttles} throttled by the fake AWS, ${failed} failed jobs`,
  );
  for (const q of queues) await q.stop({ graceful: false, timeout: 2_000 });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
setSharedPacer(undefined);
server.close();
process.exit(0);
