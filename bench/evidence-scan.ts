/**
 * Benchmark: scanning an evidence folder of CloudTrail S3 delivery files (.json.gz) for one
 * access key, in bounded memory.
 *
 * Generates N records (default 1,000,000) as `{"Records":[…]}` .json.gz files in the S3 layout
 * under bench/.out/evidence-scan/ (reused when already there), then, each in a fresh child process
 * so peak memory is the scan's own:
 *   1. Trailhound: EvidenceTrailSource + runSearch filtered by access key id (what cloudtrail_search
 *      runs) — records/s and peak RSS;
 *   2. the same with a filter that cannot be pre-matched as text (a CIDR), so every record is parsed;
 *   3. `zcat … | jq` doing the access-key filter, for a ratio (jq installed with apt when absent).
 *
 *   node bin/run-ts.mjs bench/evidence-scan.ts [--records 1000000] [--files 200]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    files: { type: 'string', default: '200' },
    child: { type: 'string' },
    filter: { type: 'string', default: 'key' },
  },
});
const RECORDS = Number(values.records);
const FILES = Number(values.files);
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const ACCOUNT = '123456789012';
const REGIONS = ['us-east-1', 'eu-west-1'];
const OUT = resolve('bench/.out/evidence-scan');
process.env.LOG_LEVEL = 'silent';

// ---- child: one scan, reporting its own time and peak memory ----------------------------------
if (values.child) {
  const { EvidenceTrailSource } = await import('../src/sources/evidence/cloudtrail');
  const { runSearch } = await import('../src/cloudtrail/search');
  const account = { name: 'bench', accountId: ACCOUNT, roleArn: null, regions: REGIONS, remediationRoleArn: null };
  const source = new EvidenceTrailSource(account, values.child);
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const t0 = performance.now();
  const out = await runSearch({
    targets: [{ account, source, regions: REGIONS }],
    window: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') },
    filters: values.filter === 'key' ? { accessKeyId: KEY } : { sourceIp: '198.51.100.0/24' },
    maxMatches: 100_000,
  });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    JSON.stringify({
      seconds,
      records: source.stats.records,
      matched: out.matched,
      peakRss: peak,
      maxRss: process.resourceUsage().maxRSS * 1024,
      files: source.stats.files,
    }),
  );
  process.exit(0);
}

// ---- generate ---------------------------------------------------------------------------------
function record(i: number): Record<string, unknown> {
  const t = Date.parse('2026-11-16T00:00:00Z') + Math.floor((i * 7 * 86_400_000) / RECORDS);
  const attacker = i % 200 === 0; // 0.5 % of the records use the key
  const role = i % 3 === 0 && !attacker;
  return {
    eventVersion: '1.09',
    userIdentity: role
      ? {
          type: 'AssumedRole',
          principalId: `AROAEXAMPLE${i % 50}:session-${i % 500}`,
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-${i % 50}/session-${i % 500}`,
          accountId: ACCOUNT,
          accessKeyId: `ASIA${String(i % 100_000).padStart(16, '0')}`,
          sessionContext: {
            sessionIssuer: {
              type: 'Role',
              principalId: `AROAEXAMPLE${i % 50}`,
              arn: `arn:aws:iam::${ACCOUNT}:role/app-${i % 50}`,
              accountId: ACCOUNT,
              userName: `app-${i % 50}`,
            },
            attributes: {
              creationDate: new Date(t - 600_000).toISOString().replace('.000Z', 'Z'),
              mfaAuthenticated: 'false',
            },
          },
        }
      : {
          type: 'IAMUser',
          principalId: `AIDAEXAMPLE${i % 20}`,
          arn: `arn:aws:iam::${ACCOUNT}:user/user-${attacker ? 'ci-legacy' : i % 20}`,
          accountId: ACCOUNT,
          accessKeyId: attacker ? KEY : `AKIA${String(i % 20).padStart(16, '0')}`,
          userName: attacker ? 'ci-legacy' : `user-${i % 20}`,
        },
    eventTime: new Date(t).toISOString().replace('.000Z', 'Z'),
    eventSource: ['s3.amazonaws.com', 'ec2.amazonaws.com', 'iam.amazonaws.com', 'sts.amazonaws.com'][i % 4],
    eventName: ['GetBucketAcl', 'DescribeInstances', 'GetRole', 'AssumeRole', 'ListBuckets', 'DescribeVolumes'][i % 6],
    awsRegion: REGIONS[i % 2],
    sourceIPAddress: attacker ? '185.220.101.34' : i % 7 === 0 ? '198.51.100.23' : `10.0.${i % 256}.${i % 250}`,
    userAgent:
      i % 5 === 0
        ? 'aws-cli/2.22.12 md/awscrt#0.23.4 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard'
        : 'Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#5.10.227 md/arch#x86_64 lang/python#3.12.7 cfg/retry-mode#legacy Botocore/1.35.54',
    requestParameters: {
      resourceId: `res-${i % 10_000}`,
      maxResults: 100,
      filterSet: { items: [{ name: 'tag:env', valueSet: { items: [{ value: 'prod' }] } }] },
    },
    responseElements: null,
    requestID: `${i.toString(16).padStart(8, '0')}-5c2e-4b7e-9f3a-0c1d2e3f4a5b`,
    eventID: `${i.toString(16).padStart(8, '0')}-bench-4e3a-8c1d-${String(i).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: 'ec2.us-east-1.amazonaws.com',
    },
  };
}

const marker = join(OUT, `.complete-${RECORDS}-${FILES}`);
const dataDir = join(OUT, 'cloudtrail');
if (!existsSync(marker)) {
  rmSync(OUT, { recursive: true, force: true });
  console.log(`Generating ${RECORDS.toLocaleString('en-US')} records in ${FILES} .json.gz files under ${OUT} …`);
  const perFile = Math.ceil(RECORDS / FILES);
  let bytes = 0;
  for (let f = 0; f < FILES; f++) {
    const region = REGIONS[f % 2]!;
    const dir = join(dataDir, 'AWSLogs', ACCOUNT, 'CloudTrail', region, '2026', '11', String(16 + (f % 7)));
    mkdirSync(dir, { recursive: true });
    const recs = [];
    // Each file holds one region's records (as CloudTrail delivers them).
    for (let i = f * perFile; i < Math.min(RECORDS, (f + 1) * perFile); i++) {
      const r = record(i);
      r.awsRegion = region;
      recs.push(r);
    }
    const text = JSON.stringify({ Records: recs });
    bytes += text.length;
    const stamp = `202611${String(16 + (f % 7)).padStart(2, '0')}T${String(f % 24).padStart(2, '0')}05Z`;
    writeFileSync(
      join(dir, `${ACCOUNT}_CloudTrail_${region}_${stamp}_${String(f).padStart(16, '0')}.json.gz`),
      gzipSync(text, { level: 6 }),
    );
  }
  writeFileSync(marker, '');
  console.log(`  ${(bytes / 1e9).toFixed(2)} GB of JSON.\n`);
}
const files: string[] = [];
const walk = (d: string) => {
  for (const e of readdirSync(d, { withFileTypes: true }))
    e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.json.gz') && files.push(join(d, e.name));
};
walk(dataDir);
const attackerRecords = Math.ceil(RECORDS / 200);

// ---- Trailhound -------------------------------------------------------------------------------
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
function child(filter: string): { seconds: number; records: number; matched: number; peakRss: number; maxRss: number } {
  const r = spawnSync(
    process.execPath,
    [
      'bin/run-ts.mjs',
      'bench/evidence-scan.ts',
      '--records',
      String(RECORDS),
      '--files',
      String(FILES),
      '--child',
      OUT,
      '--filter',
      filter,
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

console.log(
  `${files.length} files, ${RECORDS.toLocaleString('en-US')} records; ${attackerRecords.toLocaleString('en-US')} use ${KEY}. Machine: ${process.platform}, Node ${process.version}.\n`,
);
const th = child('key');
if (th.matched !== attackerRecords) throw new Error(`Trailhound matched ${th.matched}, expected ${attackerRecords}`);
console.log(
  `Trailhound, access key filter : ${th.seconds.toFixed(1).padStart(6)} s, ${Math.round(th.records / th.seconds)
    .toLocaleString('en-US')
    .padStart(9)} records/s, peak RSS ${mb(Math.max(th.peakRss, th.maxRss))} (matched ${th.matched})`,
);
const full = child('cidr');
console.log(
  `Trailhound, CIDR filter (every record parsed): ${full.seconds.toFixed(1)} s, ${Math.round(full.records / full.seconds).toLocaleString('en-US')} records/s, peak RSS ${mb(Math.max(full.peakRss, full.maxRss))} (matched ${full.matched})`,
);

// ---- zcat | jq --------------------------------------------------------------------------------
let jq = spawnSync('jq', ['--version'], { encoding: 'utf8' });
if (jq.status !== 0) {
  console.log('jq not found: trying `apt-get install -y jq` …');
  spawnSync(
    'sh',
    [
      '-c',
      'apt-get install -y jq >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y jq >/dev/null 2>&1)',
    ],
    { stdio: 'ignore' },
  );
  jq = spawnSync('jq', ['--version'], { encoding: 'utf8' });
}
if (jq.status !== 0) {
  console.log('\nzcat | jq comparison skipped: jq is not installed and could not be installed.');
} else {
  const list = join(OUT, 'files.txt');
  writeFileSync(list, files.join('\n'));
  const cmd = `xargs -a '${list}' zcat | jq -c --arg k ${KEY} '.Records[] | select(.userIdentity.accessKeyId == $k)' | wc -l`;
  const timed = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%e %M', 'sh', '-c', cmd] : ['sh', '-c', cmd];
  const t0 = performance.now();
  const r = spawnSync(timed[0]!, timed.slice(1), { encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  const matched = Number(r.stdout.trim());
  const maxKb = Number(/(\d+)\s*$/.exec(r.stderr.trim())?.[1] ?? NaN);
  console.log(
    `zcat | jq (${jq.stdout.trim()}), same filter: ${seconds.toFixed(1).padStart(6)} s, ${Math.round(RECORDS / seconds)
      .toLocaleString('en-US')
      .padStart(
        9,
      )} records/s${Number.isFinite(maxKb) ? `, peak RSS of the largest process ${mb(maxKb * 1024)}` : ''} (matched ${matched})`,
  );
  console.log(
    `\nRatio (jq time ÷ Trailhound time, access key filter): ${(seconds / th.seconds).toFixed(2)}× — Trailhound is ${seconds > th.seconds ? 'faster' : 'slower'}.`,
  );
}
console.log(
  `Memory target < 300 MB: ${Math.max(th.peakRss, th.maxRss, full.peakRss, full.maxRss) < 300 * 1048576 ? 'met' : 'NOT met'}.`,
);
