/**
 * Privilege-graph benchmark: a generated account of 2,000 roles, 1,000 users, 300 groups and 500
 * customer policies; builds the privilege graph (every principal evaluated, every edge kind) and
 * answers "who can become admin?" plus one shortest path per principal. Target: under 2 s of
 * analysis on the 2-CPU dev container.
 *
 * Each run is a whole child process (so its CPU time and peak RSS are its own); the parent runs
 * `--runs` of them (default 3) and prints the median and spread of the analysis wall time, the
 * process's wall, CPU seconds and peak RSS.
 *   node bin/run-ts.mjs bench/privilege-paths.ts [--runs N --roles N --users N]
 */
import { spawnSync } from 'node:child_process';
import { actionCatalog } from '../src/iam/action-catalog';
import { analyseAll, evaluatorFor } from '../src/iam/analyze';
import { normaliseGaadPages } from '../src/iam/normalise';
import { privilegeGraphFor, shortestPathToAdmin, whoCanBecomeAdmin } from '../src/iam/privilege-graph';
import { emptySnapshot } from '../src/iam/snapshot';
import { gaadPages, generateIam } from './lib/generate-iam';

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};

if (process.argv.includes('--child')) {
  const t0 = performance.now();
  const gen = generateIam({
    roles: arg('roles', 2000),
    users: arg('users', 1000),
    groups: arg('groups', 300),
    customerPolicies: arg('policies', 500),
  });
  const snap = emptySnapshot(gen.accountId, new Date().toISOString(), 'evidence');
  Object.assign(
    snap,
    normaliseGaadPages(gaadPages(gen.gaad, 1000), (w) => snap.warnings.push(w)),
  );
  actionCatalog();
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const g = privilegeGraphFor(snap, evaluatorFor(snap));
  const who = whoCanBecomeAdmin(g, 25);
  let withPath = 0;
  for (const r of snap.roles) if (shortestPathToAdmin(g, r.arn)) withPath++;
  const graphMs = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  // The full per-principal analysis alongside (what analyze_roles does), for comparison.
  const t2 = performance.now();
  const cpu2 = process.cpuUsage();
  analyseAll(snap, new Date('2026-11-23T09:00:00Z'), { types: ['role', 'user'] });
  const analyseMs = performance.now() - t2;
  const acpu = process.cpuUsage(cpu2);
  const total = process.cpuUsage();
  console.log(
    JSON.stringify({
      graphMs,
      graphCpuMs: (cpu.user + cpu.system) / 1000,
      analyseMs,
      analyseCpuMs: (acpu.user + acpu.system) / 1000,
      analysisCpuMs: (cpu.user + cpu.system + acpu.user + acpu.system) / 1000,
      processMs: performance.now() - t0,
      processCpuMs: (total.user + total.system) / 1000,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      stats: g.stats,
      whoTotal: who.total,
      rolesWithPath: withPath,
    }),
  );
  process.exit(0);
}

const runs = Math.max(3, arg('runs', 3));
const passthrough = process.argv.slice(2).filter((a) => a !== '--runs' && a !== String(arg('runs', 3)));
const results: Record<string, number>[] = [];
let last: Record<string, unknown> = {};
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['bin/run-ts.mjs', 'bench/privilege-paths.ts', '--child', ...passthrough], {
    encoding: 'utf8',
  });
  const wall = performance.now() - t;
  if (r.status !== 0) {
    console.log(`run ${i + 1} failed (exit ${r.status}): ${r.stderr.slice(0, 500)}; the bench stops here.`);
    process.exit(1);
  }
  last = JSON.parse(r.stdout.trim().split('\n').pop()!);
  results.push({ ...(last as Record<string, number>), wallMs: wall });
}
const stat = (k: string) => {
  const v = results.map((r) => r[k]!).sort((a, b) => a - b);
  return { median: v[Math.floor(v.length / 2)]!, min: v[0]!, max: v[v.length - 1]! };
};
const fmt = (k: string, unit = 'ms') => {
  const s = stat(k);
  return `${s.median.toFixed(0)} ${unit} (spread ${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
};
console.log(
  `account: ${JSON.stringify(last.stats)}; ${last.whoTotal} principals can become admin; ${last.rolesWithPath} roles have a path`,
);
console.log(`privilege graph + who-can-become-admin + a shortest path per role, median of ${runs} processes:`);
console.log(`  analysis wall ${fmt('graphMs')}, analysis CPU ${fmt('graphCpuMs')}  (target: < 2000 ms)`);
console.log(
  `  whole process wall ${fmt('wallMs')}, process CPU ${fmt('processCpuMs')}, peak RSS ${fmt('peakRssMb', 'MB')}`,
);
console.log(
  `  then analyse_roles-style per-principal analysis (sharing the evaluations): wall ${fmt('analyseMs')}, CPU ${fmt('analyseCpuMs')}`,
);
console.log(`  graph + per-principal analysis together: CPU ${fmt('analysisCpuMs')}`);
console.log('(wall time depends on machine load; CPU time is the steadier figure)');
