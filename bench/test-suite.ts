/**
 * Benchmark: the test suite as `npm test` runs it (embedded database only: TEST_DATABASE_URL and
 * DATABASE_URL unset), whole process timed by GNU time — wall, CPU-s (Vitest and every worker it
 * waited for) and peak RSS of its largest process. Goal: under 60 s wall on this 2-core machine
 * when idle.
 *   - first a cold run, as a fresh clone's first `npm test`: Vitest's transform cache
 *     (node_modules/.experimental-vitest-cache) and its record of the last run
 *     (node_modules/.vite/vitest, which orders files longest first) removed beforehand;
 *   - then `--runs` warm runs (default 3), as every later `npm test`.
 * A failing suite stops the bench (a red run is not a speed). Prints the load average before and
 * after: above about 1 per core at the start the machine was not idle, and the figures say so.
 *
 *   node bin/run-ts.mjs bench/test-suite.ts [--runs 3]
 */
import { rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/cli';
import { ceiling, line, type Run, repeat, type Side } from './lib/pairs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const N = Math.max(3, Number(values.runs));
const GOAL_S = 60;
const cores = availableParallelism();
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

const passed = (r: Run) => {
  const text = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  const tests = /Tests\s+(\d+) passed/.exec(text);
  if (r.code !== 0 || !tests || /\d+ failed/.test(text))
    throw new Error(`the suite failed (exit ${r.code}): ${text.slice(-1500)}`);
};
const suite = (label: string): Side => ({
  label,
  cmd: `cd ${JSON.stringify(ROOT)} && npx vitest run`,
  env: { TEST_DATABASE_URL: undefined, DATABASE_URL: undefined, CI: undefined },
  check: passed,
});
const testsLine = (r: Run) =>
  /Tests\s+[^\n]*/.exec(r.stdout.replace(/\x1b\[[0-9;]*m/g, ''))?.[0].trim() ?? '(no Tests line)';

console.log(`npm test (vitest run, embedded database only), whole process; ${cores} cores, Node ${process.version}.`);
const startLoad = loadavg()[0]!;
console.log(`Load average (1, 5, 15 min) at start: ${load()}\n`);

// Cold: what a fresh clone's first run pays (transform everything, no record of file durations).
rmSync(join(ROOT, 'node_modules/.experimental-vitest-cache'), { recursive: true, force: true });
rmSync(join(ROOT, 'node_modules/.vite/vitest'), { recursive: true, force: true });
const cold = repeat(1, suite('npm test, cold (fresh clone: no transform cache, no record)'));
console.log(line(cold));
console.log(`    ${testsLine(cold.runs[0]!)}`);
const warm = repeat(N, suite('npm test, warm (every later run)'));
console.log(line(warm));
console.log(`    ${testsLine(warm.runs[0]!)}`);

console.log(`\nLoad average at end: ${load()}`);
const idle = startLoad <= cores / 2;
console.log('\nGoals:');
console.log(
  `  npm test ≤ ${GOAL_S} s wall on an idle ${cores}-core machine, warm (median): ${ceiling(warm.wall.median, GOAL_S, 's')}`,
);
console.log(`  the same, cold (a fresh clone's first run): ${ceiling(cold.wall.median, GOAL_S, 's')}`);
if (!idle)
  console.log(
    `  (the machine was not idle: load average ${startLoad.toFixed(1)} at start on ${cores} cores; wall times are inflated)`,
  );
