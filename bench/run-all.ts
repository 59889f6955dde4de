/**
 * Runs every benchmark in turn, each in its own process (so peak-memory figures are its own), and
 * prints their figures. `npm run bench`, or one of them: `node bin/run-ts.mjs bench/<name>.ts`.
 */
import { spawnSync } from 'node:child_process';

const BENCHES = ['iam-analysis.ts', 'privilege-paths.ts', 'posture-scan.ts', 'lookup-events.ts', 'evidence-scan.ts'];
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
