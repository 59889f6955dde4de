/**
 * Benchmark: `trailhound scan --evidence` of a large generated account, whole process: peak RSS and
 * CPU of the whole scan, and how long storing its findings takes (the store's own duration, logged at
 * debug level), with the embedded database (PGlite) against PostgreSQL and against not storing.
 *
 * The account (bench/lib/generate-iam.ts): 10,000 roles, 2,000 users, 300 groups, 500 customer
 * policies, written as an evidence folder (iam/authorization-details.json pages, the credential
 * report) under bench/.out/posture-evidence-<roles>/. Goal: ≤ 400 MiB peak with PGlite, storing ≤ 3 s.
 * The embedded database lives in a new temporary data folder (TRAILHOUND_DATA_DIR) for each bench
 * run: it is created once before timing by `migrate` (from the build's pre-migrated template,
 * dist/pgdata-template-*.tar, or by initdb in WebAssembly without one; reported apart); the
 * first timed scan then inserts every finding and the later ones update them. The folder has no
 * password policy, MFA devices, buckets or identity provider, so each scan is partial (exit 4,
 * accepted; any other exit stops the bench).
 *
 * Then the services part (bench/lib/services-bench.ts): the S3, KMS, RDS, Lambda and
 * monitoring/detection readers of one account with 500 buckets, 200 KMS keys, 100 RDS instances
 * and 300 Lambda functions across 3 regions, served by a local fake (bench/lib/fake-aws.ts) with
 * 50 ms per request — calls made, wall time, CPU seconds and peak RSS, and the floor the per-API
 * paces of src/aws/pace.ts set.
 *
 *   node bin/run-ts.mjs bench/posture-scan.ts [--roles 10000] [--pairs 3] [--part all|evidence|services]
 *                                             [--buckets 500] [--keys 200] [--rds 100] [--functions 300]
 *                                             [--latency 50]
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/trailhound_bench,
 * created with createdb when missing); skipped with a note when it cannot be reached.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { templateFile } from '../src/db/template';
import { cliEnv, OUT, trailhound } from './lib/cli';
import { gaadPages, generateIam } from './lib/generate-iam';
import { ceiling, line, repeat, type Run, runOnce, type Side, summarise } from './lib/pairs';
import { servicesBench } from './lib/services-bench';

const { values } = parseArgs({
  options: {
    roles: { type: 'string', default: '10000' },
    pairs: { type: 'string', default: '3' },
    part: { type: 'string', default: 'all' },
    buckets: { type: 'string', default: '500' },
    keys: { type: 'string', default: '200' },
    rds: { type: 'string', default: '100' },
    functions: { type: 'string', default: '300' },
    latency: { type: 'string', default: '50' },
  },
});
if (!['all', 'evidence', 'services'].includes(values.part!))
  throw new Error('--part must be all, evidence or services.');
const servicesPart = () =>
  servicesBench({
    latencyMs: Number(values.latency),
    regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
    buckets: Number(values.buckets),
    keys: Number(values.keys),
    rdsInstances: Number(values.rds),
    functions: Number(values.functions),
  });
if (values.part === 'services') {
  await servicesPart();
  process.exit(0);
}
const ROLES = Number(values.roles);
const N = Math.max(3, Number(values.pairs));
const DIR = join(OUT, `posture-evidence-${ROLES}`);

if (!existsSync(join(DIR, 'account.json'))) {
  const iam = generateIam({ roles: ROLES, users: 2000, groups: 300, customerPolicies: 500 });
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(join(DIR, 'iam'), { recursive: true });
  writeFileSync(join(DIR, 'iam', 'authorization-details.json'), JSON.stringify(gaadPages(iam.gaad, 1000)));
  writeFileSync(join(DIR, 'iam', 'credential-report.csv'), iam.credentialReportCsv);
  writeFileSync(
    join(DIR, 'account.json'),
    JSON.stringify({ accountId: iam.accountId, name: 'bench-large', regions: [], collectedAt: '2026-11-23T09:00:00Z' }),
  );
}

const th = trailhound();
const dataDir = mkdtempSync(join(tmpdir(), 'trailhound-bench-'));
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
const pgliteEnv = cliEnv({ LOG_LEVEL: 'debug', TRAILHOUND_DATA_DIR: dataDir });
const storeMs = (r: Run) => Number(/"msg":"posture scan stored".*?"ms":(\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
const storeCpuMs = (r: Run) => Number(/"msg":"posture scan stored".*?"cpuMs":(\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
const scan = (label: string, env: Record<string, string | undefined>, extra = ''): Side => ({
  label,
  cmd: `${th} scan --evidence ${DIR} --json ${extra}`,
  env,
  check: (r) => {
    // 4: partial (the folder lacks some parts, see above); anything else is a failure.
    if (r.code !== 0 && r.code !== 4) throw new Error(`${label} exited ${r.code}: ${r.stderr.slice(-600)}`);
    JSON.parse(r.stdout);
  },
});

console.log(
  `scan --evidence of ${ROLES.toLocaleString('en-US')} roles, 2,000 users, whole process, ${N} alternating rounds; median (min–max); load average ${loadavg()[0]!.toFixed(1)}.`,
);
console.log(
  'Wall time on a shared machine is noise: compare CPU seconds and peak RSS. Store: the store phase alone (its debug log).',
);
const first = repeat(1, {
  label: `first run ever: migrate (creates the embedded database ${existsSync(templateFile()) ? "from the build's template" : 'by initdb: no template in dist/'})`,
  cmd: `${th} migrate`,
  env: pgliteEnv,
});
console.log(line(first));

const pg = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/trailhound_bench';
spawnSync('createdb', ['-h', '127.0.0.1', '-U', 'postgres', 'trailhound_bench'], { stdio: 'ignore' });
const pgOk = spawnSync('psql', [pg, '-c', 'select 1'], { stdio: 'ignore' }).status === 0;

const sides: Side[] = [
  scan('scan --evidence, embedded PGlite', pgliteEnv),
  scan('scan --evidence --no-store (no database)', pgliteEnv, '--no-store'),
  ...(pgOk ? [scan('scan --evidence, PostgreSQL', { ...pgliteEnv, DATABASE_URL: pg })] : []),
];
const runs: Run[][] = sides.map(() => []);
for (let i = 0; i < N; i++) {
  const order = sides.map((_, k) => k);
  if (i % 2) order.reverse();
  for (const k of order) runs[k]!.push(runOnce(sides[k]!));
}
const [lite, none, post] = sides.map((s, k) => summarise(s.label, runs[k]!));
const median = (xs: number[]) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? v[v.length >> 1]! : Number.NaN;
};
for (const s of [lite!, none!, ...(post ? [post] : [])]) {
  const ms = median(s.runs.map(storeMs));
  const cpu = median(s.runs.map(storeCpuMs));
  console.log(
    `${line(s)}${Number.isFinite(ms) ? `   store ${(ms / 1000).toFixed(2)} s wall, ${(cpu / 1000).toFixed(2)} CPU-s` : ''}`,
  );
}
if (!pgOk) console.log(`  (PostgreSQL peer skipped: ${pg.replace(/:[^:@/]*@/, '@')} not reachable)`);
const liteStore = median(lite!.runs.map(storeMs)) / 1000;
console.log(
  `  → PGlite: peak RSS ${ceiling(lite!.rssMiB.median, 400, 'MiB')}; storing ${ceiling(liteStore, 3, 's')} wall (${(median(lite!.runs.map(storeCpuMs)) / 1000).toFixed(2)} CPU-s: on a loaded machine the wall time waits for a core)`,
);
console.log(
  `    without storing (no database) the same scan peaks at ${none!.rssMiB.median.toFixed(0)} MiB: storing in PGlite adds ${(lite!.rssMiB.median - none!.rssMiB.median).toFixed(0)} MiB and ${(lite!.cpu.median - none!.cpu.median).toFixed(2)} CPU-s`,
);
if (post) {
  const pgStore = median(post.runs.map(storeMs)) / 1000;
  console.log(
    `  → PostgreSQL (DATABASE_URL): peak RSS ${ceiling(post.rssMiB.median, 400, 'MiB')}; storing ${ceiling(pgStore, 3, 's')} (the server's own CPU and memory are not counted)`,
  );
}
console.log(`  (load average ${loadavg()[0]!.toFixed(1)} at the end)`);
if (values.part === 'all') await servicesPart();
