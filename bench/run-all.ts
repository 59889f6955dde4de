/**
 * Runs every benchmark in turn, each in its own process, and prints their figures. Every goal is
 * timed as whole processes in alternating pairs against its peer (see bench/lib/pairs.ts);
 * iam-analysis.ts times pure analysis in process and says so. `npm run bench`, or one of them: `node bin/run-ts.mjs bench/<name>.ts`.
 */
import { spawnSync } from 'node:child_process';

const BENCHES = [
  'startup.ts',
  'evidence-scan.ts',
  'lookup-events.ts',
  'posture-scan.ts',
  'iam-analysis.ts',
  'privilege-paths.ts',
  'test-suite.ts',
];
const only = process.argv.slice(2);
let failed = 0;
for (const b of BENCHES.filter((x) => only.length === 0 || only.some((o) => x.includes(o)))) {
  console.log(`\n=== bench/${b} ===`);
  const r = spawnSync(process.execPath, ['bin/run-ts.mjs', `bench/${b}`], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`bench/${b} exited with ${r.status}`);
  }
}
process.exit(failed ? 1 : 0);
