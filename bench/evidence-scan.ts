/**
 * Benchmark: searching an evidence folder of CloudTrail S3 delivery files (.json.gz), whole process
 * against `zcat | jq`, in alternating pairs.
 *
 * Generates N records (default 1,000,000) as `{"Records":[…]}` .json.gz files (default 1,000) in
 * the S3 layout under bench/.out/evidence-scan/ (reused when already there), then times, each as a
 * whole process (start-up, reading, answer):
 *   1. access-key filter: `trailhound tool cloudtrail_search '{"access_key_id":…}' --evidence DIR`
 *      against `zcat … | jq -c 'select(.userIdentity.accessKeyId == $k)'`;
 *   2. source-IP (CIDR /24) filter: every record's sourceIPAddress value is checked with the real
 *      matcher on the raw text (records that cannot match are not JSON-parsed), every entry counted,
 *      against jq selecting on the address prefix.
 * Both sides must find every matching record (checked); neither stops early (max_events is above
 * the matches). Goals: ≥ 4× jq's CPU on the access-key filter, ≥ 2× on the CIDR filter, ≤ 200 MiB.
 *
 *   node bin/run-ts.mjs bench/evidence-scan.ts [--records 1000000] [--files 1000] [--pairs 3]
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { cliEnv, ensureApt, trailhound } from './lib/cli';
import { floor, ceiling, line, pairs, ratio } from './lib/pairs';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    files: { type: 'string', default: '1000' },
    pairs: { type: 'string', default: '3' },
  },
});
const RECORDS = Number(values.records);
const FILES = Number(values.files);
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const ACCOUNT = '123456789012';
const REGIONS = ['us-east-1', 'eu-west-1'];
const OUT = resolve('bench/.out/evidence-scan');
process.env.LOG_LEVEL = 'silent';

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

// ---- the pairs ----------------------------------------------------------------------------------
const N = Math.max(3, Number(values.pairs));
const th = trailhound();
const env = cliEnv();
if (!ensureApt('/usr/bin/jq', 'jq')) {
  console.log('zcat | jq comparison impossible: jq is not installed and `apt-get install jq` failed.');
  process.exit(1);
}
const jqVersion = spawnSync('/usr/bin/jq', ['--version'], { encoding: 'utf8' }).stdout.trim();
const list = join(OUT, 'files.txt');
writeFileSync(list, files.join('\n'));
const window = { start_time: '2026-11-01T00:00:00Z', end_time: '2026-12-01T00:00:00Z' };
console.log(
  `${files.length} files, ${RECORDS.toLocaleString('en-US')} records; ${attackerRecords.toLocaleString('en-US')} use ${KEY} from 185.220.101.34. ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}, Node ${process.version}, ${jqVersion}.`,
);
console.log('Whole processes, alternating pairs; median (min–max). Wall time on a shared machine is noise.\n');

function trailhoundSide(label: string, filter: Record<string, unknown>) {
  const input = JSON.stringify({ ...filter, ...window, max_events: 100_000 });
  return {
    label,
    cmd: `${th} tool cloudtrail_search '${input}' --evidence ${OUT}`,
    env,
    check: (r: { code: number; stdout: string; stderr: string }) => {
      if (r.code !== 0) throw new Error(`${label} exited ${r.code}: ${r.stderr.slice(-800)}`);
      const out = JSON.parse(r.stdout);
      const matched = out.data?.matched ?? out.data?.totalMatched;
      if (matched !== attackerRecords)
        throw new Error(`${label}: matched ${matched}, expected ${attackerRecords} (${out.summary})`);
      if (out.data?.evidenceFiles?.entries !== RECORDS)
        throw new Error(`${label}: counted ${out.data?.evidenceFiles?.entries} entries, expected ${RECORDS}`);
      if (out.data?.truncated || out.data?.stoppedBecause?.length)
        throw new Error(`${label} stopped early: ${JSON.stringify(out.data.stoppedBecause)}`);
    },
  };
}
function jqSide(label: string, select: string) {
  return {
    label,
    cmd: `xargs -a '${list}' zcat | /usr/bin/jq -c --arg k ${KEY} '.Records[] | select(${select})' | wc -l`,
    check: (r: { code: number; stdout: string }) => {
      if (Number(r.stdout.trim()) !== attackerRecords) throw new Error(`${label}: matched ${r.stdout.trim()}`);
    },
  };
}

const results: string[] = [];
for (const c of [
  {
    name: 'access-key filter',
    goal: 4,
    th: trailhoundSide('trailhound: access_key_id', { access_key_id: KEY }),
    jq: jqSide('zcat | jq: .userIdentity.accessKeyId == $k', '.userIdentity.accessKeyId == $k'),
  },
  {
    name: 'source-IP /24 filter (every record checked)',
    goal: 2,
    th: trailhoundSide('trailhound: source_ip 185.220.101.0/24', { source_ip: '185.220.101.0/24' }),
    jq: jqSide(
      'zcat | jq: .sourceIPAddress prefix 185.220.101.',
      '(.sourceIPAddress // "") | startswith("185.220.101.")',
    ),
  },
]) {
  const [ours, peer] = pairs(N, c.th, c.jq);
  console.log(`${c.name}:`);
  console.log(line(ours));
  console.log(line(peer));
  const r = ratio(ours, peer);
  const summary = `  → ${c.name}: ${r.toFixed(2)}× jq's CPU (wall ${ratio(ours, peer, 'wall').toFixed(2)}×): ${floor(r, c.goal, '×')}; peak RSS ${ceiling(ours.rssMiB.median, 200, 'MiB')}`;
  console.log(`${summary}\n`);
  results.push(summary);
}
console.log("Peak RSS of a pipeline is that of its largest process (GNU time); CPU is the whole pipeline's.");
