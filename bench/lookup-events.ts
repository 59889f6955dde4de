/**
 * Benchmark: how close cloudtrail_search's live reader gets to LookupEvents' rate limit.
 *
 * A local HTTP endpoint behaves like CloudTrail LookupEvents (awsJson1_1; 50 events a page with a
 * NextToken; 2 requests/s per account-region enforced with a token bucket — a request over the
 * rate gets HTTP 400 {"__type":"ThrottlingException"}; configurable latency). The SDK is pointed at
 * it with AWS_ENDPOINT_URL_CLOUDTRAIL, and 3 regions are read in parallel through LiveTrailSource
 * (the reader cloudtrail_search uses). Figure: events/s per region as a fraction of the 100
 * events/s the limit allows (2 pages of 50 a second), and the throttles absorbed. In the same run,
 * the same search with `aws cloudtrail lookup-events --endpoint-url …` (if the AWS CLI is
 * installed; else a note), for a ratio.
 *
 * The pacing figures time the reader in process; the end-to-end figures are whole processes: the
 * CLI (`trailhound tool cloudtrail_search --account`) against AWS CLI v2 (absolute path,
 * AWS_RETRY_MODE=adaptive) reading the regions one after another, and concurrently.
 *
 *   node bin/run-ts.mjs bench/lookup-events.ts [--events 3000] [--latency 40] [--regions us-east-1,eu-west-1,ap-southeast-2]
 */
import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { awsCliV2, cliEnv, OUT, ROOT, trailhound } from './lib/cli';
import { useBenchCredentials } from './lib/measure';
import { line, roundsAsync, type Side } from './lib/pairs';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '3000' },
    latency: { type: 'string', default: '40' },
    regions: { type: 'string', default: 'us-east-1,eu-west-1,ap-southeast-2' },
    'skip-cli': { type: 'boolean', default: false },
    /** Share of requests throttled at random in the extra pass (another client using the same quota). */
    inject: { type: 'string', default: '0.1' },
  },
});
const EVENTS = Number(values.events);
const LATENCY_MS = Number(values.latency);
const REGIONS = values.regions!.split(',');
const PAGE = 50;
const RATE = 2; // requests per second per account-region
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const ACCOUNT = '123456789012';

useBenchCredentials();

// ---- the endpoint ----------------------------------------------------------------------------

/** One LookupEvents Event (wire shape: EventTime in epoch seconds, CloudTrailEvent a JSON string). */
function event(region: string, i: number): Record<string, unknown> {
  const t = Date.parse('2026-11-22T12:00:00Z') - i * 11_000;
  const id = `${region}-${String(i).padStart(8, '0')}-bench`;
  const rec = {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEBENCH0001',
      arn: `arn:aws:iam::${ACCOUNT}:user/ci-legacy`,
      accountId: ACCOUNT,
      accessKeyId: KEY,
      userName: 'ci-legacy',
    },
    eventTime: new Date(t).toISOString().replace('.000Z', 'Z'),
    eventSource: 'iam.amazonaws.com',
    eventName: ['GetRole', 'ListAttachedRolePolicies', 'GetPolicy', 'GetPolicyVersion'][i % 4],
    awsRegion: region,
    sourceIPAddress: '203.0.113.10',
    userAgent:
      'APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.72.1 aws-sdk-go-v2/1.32.2 os/linux lang/go#1.22.7',
    requestParameters: { roleName: `role-${i % 37}` },
    responseElements: null,
    requestID: `req-${id}`,
    eventID: id,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: 'iam.amazonaws.com',
    },
  };
  return {
    EventId: id,
    EventName: rec.eventName,
    ReadOnly: 'true',
    AccessKeyId: KEY,
    EventTime: t / 1000,
    EventSource: rec.eventSource,
    Username: 'ci-legacy',
    Resources: [{ ResourceType: 'AWS::IAM::Role', ResourceName: rec.requestParameters.roleName }],
    CloudTrailEvent: JSON.stringify(rec),
  };
}

interface Bucket {
  tokens: number;
  at: number;
}
const buckets = new Map<string, Bucket>();
const stats = { requests: 0, throttled: 0 };
let injectShare = 0;

/** Token bucket: RATE tokens/s, capacity RATE. */
function allow(key: string): boolean {
  const now = Date.now();
  const b = buckets.get(key) ?? { tokens: RATE, at: now };
  b.tokens = Math.min(RATE, b.tokens + ((now - b.at) / 1000) * RATE);
  b.at = now;
  buckets.set(key, b);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return true;
  }
  return false;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  setTimeout(() => {
    res.writeHead(status, {
      'Content-Type': 'application/x-amz-json-1.1',
      'x-amzn-RequestId': `bench-${stats.requests}`,
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }, LATENCY_MS);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const target = String(req.headers['x-amz-target'] ?? '');
  if (!/CloudTrail_20131101\.LookupEvents$/.test(target))
    return reply(res, 400, { __type: 'UnknownOperationException', message: target });
  // Region from the SigV4 credential scope (every region shares this endpoint).
  const region =
    /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/cloudtrail\//.exec(String(req.headers.authorization ?? ''))?.[1] ??
    'unknown';
  stats.requests += 1;
  // Rate limits apply when the request arrives, as at AWS.
  if (!allow(`${ACCOUNT}:${region}`) || Math.random() < injectShare) {
    stats.throttled += 1;
    return reply(res, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
  }
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
    NextToken?: string;
    MaxResults?: number;
  };
  const from = body.NextToken ? Number(Buffer.from(body.NextToken, 'base64').toString('utf8')) : 0;
  const size = Math.min(body.MaxResults ?? PAGE, PAGE);
  const to = Math.min(EVENTS, from + size);
  const Events = [];
  for (let i = from; i < to; i++) Events.push(event(region, i));
  reply(res, 200, { Events, ...(to < EVENTS ? { NextToken: Buffer.from(String(to)).toString('base64') } : {}) });
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    res.writeHead(500);
    res.end(String(err));
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = endpoint;

function resetServer(inject = 0): void {
  injectShare = inject;
  buckets.clear();
  stats.requests = 0;
  stats.throttled = 0;
}

// ---- Trailhound ----------------------------------------------------------------------------

const { LiveTrailSource } = await import('../src/sources/live/cloudtrail');
const window = { start: new Date('2026-11-15T12:00:00Z'), end: new Date('2026-11-22T12:00:01Z') };
const account = { name: 'bench', accountId: ACCOUNT, roleArn: null, regions: REGIONS, remediationRoleArn: null };

interface RegionFigure {
  region: string;
  events: number;
  seconds: number;
  ok: boolean;
}

function fmt(r: RegionFigure): string {
  const eps = r.events / r.seconds;
  return `${r.region.padEnd(15)} ${String(r.events).padStart(6)} events in ${r.seconds.toFixed(1).padStart(6)} s = ${eps.toFixed(1).padStart(6)} events/s = ${(eps / (RATE * PAGE)).toFixed(3)} of the limit${r.ok ? '' : '  (FAILED)'}`;
}

console.log(
  `LookupEvents stand-in at ${endpoint}: ${EVENTS} events per region, ${PAGE} a page, ${RATE} requests/s per account-region (token bucket), ${LATENCY_MS} ms latency; ${REGIONS.length} regions in parallel.`,
);
console.log(`Ideal: ${(EVENTS / (RATE * PAGE)).toFixed(1)} s per region (${RATE * PAGE} events/s).\n`);

resetServer();
const source = new LiveTrailSource(account, { externalId: 'bench' });
const th: RegionFigure[] = await Promise.all(
  REGIONS.map(async (region) => {
    const t0 = performance.now();
    let n = 0;
    const ids = new Set<string>();
    for await (const r of source.events(region, { ...window, lookup: { key: 'AccessKeyId', value: KEY } })) {
      n += 1;
      ids.add(r.eventID);
    }
    if (ids.size !== n || n !== EVENTS)
      throw new Error(`${region}: read ${n} events, ${ids.size} distinct, expected ${EVENTS}`);
    return { region, events: n, seconds: (performance.now() - t0) / 1000, ok: true };
  }),
);
const thStats = { ...stats };
console.log(
  'Pacing (in process: the LiveTrailSource reader alone, no start-up; not an end-to-end figure — see below):',
);
for (const r of th) console.log(`  ${fmt(r)}`);
const thMean = th.reduce((s, r) => s + r.events / r.seconds, 0) / th.length / (RATE * PAGE);
console.log(
  `  mean fraction of the limit: ${thMean.toFixed(3)} (target ≥ 0.9); requests ${thStats.requests}, throttles absorbed ${source.throttles} (server sent ${thStats.throttled}); no event lost or duplicated.\n`,
);

// The same read while another client takes part of the quota: a share of requests is throttled at
// random. Every throttle is retried (backoff through the shared limiter), nothing is lost.
const INJECT = Number(values.inject);
if (INJECT > 0) {
  resetServer(INJECT);
  const src = new LiveTrailSource(account, { externalId: 'bench' });
  const res: RegionFigure[] = await Promise.all(
    REGIONS.map(async (region) => {
      const t0 = performance.now();
      const ids = new Set<string>();
      let n = 0;
      for await (const r of src.events(region, { ...window, lookup: { key: 'AccessKeyId', value: KEY } })) {
        n += 1;
        ids.add(r.eventID);
      }
      if (ids.size !== n || n !== EVENTS)
        throw new Error(`${region}: read ${n} events, ${ids.size} distinct, expected ${EVENTS}`);
      return { region, events: n, seconds: (performance.now() - t0) / 1000, ok: true };
    }),
  );
  const mean = res.reduce((s, r) => s + r.events / r.seconds, 0) / res.length / (RATE * PAGE);
  console.log(`With ${Math.round(INJECT * 100)} % of requests throttled at random (another client sharing the quota):`);
  for (const r of res) console.log(`  ${fmt(r)}`);
  console.log(
    `  mean fraction of the limit: ${mean.toFixed(3)}; requests ${stats.requests}, throttles absorbed ${src.throttles}; no event lost or duplicated.\n`,
  );
}

// Two questions at once on the same account-region share its limiter: together they stay at the
// limit (no extra throttles), each getting about half.
resetServer();
{
  const region = REGIONS[0]!;
  const q = [
    new LiveTrailSource(account, { externalId: 'bench' }),
    new LiveTrailSource(account, { externalId: 'bench' }),
  ];
  const t0 = performance.now();
  const counts = await Promise.all(
    q.map(async (src) => {
      let n = 0;
      for await (const _ of src.events(region, { ...window, lookup: { key: 'AccessKeyId', value: KEY } })) n += 1;
      return n;
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const total = counts[0]! + counts[1]!;
  console.log(
    `Two concurrent questions in ${region} (one shared limiter): ${total} events in ${seconds.toFixed(1)} s = ${(total / seconds / (RATE * PAGE)).toFixed(3)} of the limit together; throttles ${q[0]!.throttles + q[1]!.throttles} (server sent ${stats.throttled}).\n`,
  );
}

// ---- End to end: whole processes, process start to answer ------------------------------------

const aws = values['skip-cli'] ? { why: '--skip-cli' } : awsCliV2();
const thCmd = trailhound();
const env = cliEnv({
  AWS_ENDPOINT_URL_CLOUDTRAIL: endpoint,
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID!,
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY!,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_RETRY_MODE: 'adaptive',
  AWS_PAGER: '',
  TRAILHOUND_DATA_DIR: `${OUT}/lookup-events-data`,
});
const add = spawnSync(
  process.execPath,
  [`${ROOT}/bin/trailhound.mjs`, 'accounts', 'add', 'bench', '--account-id', ACCOUNT, '--regions', REGIONS.join(',')],
  { env: { ...process.env, ...env }, encoding: 'utf8' },
);
if (add.status !== 0) throw new Error(`accounts add failed: ${add.stderr}`);
const total = EVENTS * REGIONS.length;
const ours: Side = {
  label: `trailhound tool cloudtrail_search (${REGIONS.length} regions)`,
  cmd: `${thCmd} tool cloudtrail_search '${JSON.stringify({ access_key_id: KEY, start_time: window.start.toISOString(), end_time: window.end.toISOString(), max_events: 100_000 })}' --account bench`,
  env,
  check: (r) => {
    const out = JSON.parse(r.stdout);
    if (out.data?.matched !== total)
      throw new Error(`trailhound matched ${out.data?.matched}, expected ${total}: ${out.summary}`);
  },
};
const cliArgs = (region: string) =>
  `${aws.path} cloudtrail lookup-events --region ${region} --endpoint-url ${endpoint} --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=${KEY} --start-time ${window.start.toISOString()} --end-time ${window.end.toISOString()} --query 'length(Events)' --output text`;
const countCheck = (label: string) => (r: { code: number; stdout: string; stderr: string }) => {
  const n = r.stdout
    .trim()
    .split(/\s+/)
    .reduce((s, x) => s + Number(x), 0);
  if (r.code !== 0 || n !== total) throw new Error(`${label}: ${n} events (exit ${r.code}): ${r.stderr.slice(-400)}`);
};
console.log(
  `\nEnd to end (process start to answer), ${REGIONS.length} regions × ${EVENTS} events, whole processes in alternating rounds; median (min–max):`,
);
if (!aws.path) {
  console.log(`  (no AWS CLI peer: ${aws.why})`);
  const [o] = await roundsAsync(3, [ours], () => resetServer());
  console.log(line(o!));
} else {
  const seq: Side = {
    label: `aws cloudtrail lookup-events, one region after another`,
    cmd: `${REGIONS.map(cliArgs).join(' && ')}`,
    env,
    check: countCheck('AWS CLI sequential'),
  };
  const par: Side = {
    label: `aws cloudtrail lookup-events, regions concurrently`,
    cmd: `${REGIONS.map((r) => `(${cliArgs(r)} > ${OUT}/lookup-${r}.txt) &`).join(' ')} wait; cat ${REGIONS.map((r) => `${OUT}/lookup-${r}.txt`).join(' ')}`,
    env,
    check: countCheck('AWS CLI concurrent'),
  };
  const [o, sq, pa] = await roundsAsync(3, [ours, seq, par], () => resetServer());
  console.log(`  AWS CLI: ${aws.version?.split(' ')[0]} by absolute path, AWS_RETRY_MODE=adaptive`);
  for (const s of [o!, sq!, pa!]) console.log(line(s));
  const vsSeq = sq!.wall.median / o!.wall.median;
  console.log(
    `  → goal (faster than the CLI region by region): ${vsSeq > 1 ? 'met' : 'MISSED'} — ${vsSeq.toFixed(2)}× the sequential CLI's wall time, ${(pa!.wall.median / o!.wall.median).toFixed(2)}× the concurrent CLI's; CPU ${(sq!.cpu.median / o!.cpu.median).toFixed(2)}× / ${(pa!.cpu.median / o!.cpu.median).toFixed(2)}×.`,
  );
  console.log('  (Here wall time is the figure: both sides wait on the same 2 requests/s per region.)');
}

server.close();
const { resetAwsClients } = await import('../src/aws/clients');
resetAwsClients();
