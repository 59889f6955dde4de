/**
 * IAM analysis benchmark: a generated account of 2,000 roles, 1,000 users, 300 groups and 500
 * customer policies (+10 AWS managed), analysed in full (effective permissions, risk categories,
 * trust, score) for every principal. Prints phase times and peak memory.
 *   node bin/run-ts.mjs bench/iam-analysis.ts [--roles N --users N --groups N --policies N]
 */
import { actionCatalog } from '../src/iam/action-catalog';
import { analyseAll } from '../src/iam/analyze';
import { parseCredentialReportCsv } from '../src/iam/credential-report';
import { normaliseGaadPages } from '../src/iam/normalise';
import { emptySnapshot } from '../src/iam/snapshot';
import { gaadPages, generateIam } from './lib/generate-iam';
import { peakMemory } from './lib/measure';

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const opts = {
  roles: arg('roles', 2000),
  users: arg('users', 1000),
  groups: arg('groups', 300),
  customerPolicies: arg('policies', 500),
};

const mem = peakMemory();
const sample = mem.sample;
const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

let t = performance.now();
const gen = generateIam(opts);
const pages = gaadPages(gen.gaad, 1000);
console.log(
  `generated: ${opts.roles} roles, ${opts.users} users, ${opts.groups} groups, ${opts.customerPolicies} customer policies in ${pages.length} GAAD pages (${ms(t)})`,
);

t = performance.now();
const snap = emptySnapshot(gen.accountId, new Date().toISOString(), 'evidence');
Object.assign(
  snap,
  normaliseGaadPages(pages, (w) => snap.warnings.push(w)),
);
snap.credentialReport = parseCredentialReportCsv(gen.credentialReportCsv);
console.log(`snapshot built (URL-decoding every document): ${ms(t)}`);
sample();

t = performance.now();
const cat = actionCatalog();
console.log(`action catalog loaded: ${cat.size} actions, ${cat.services.size} services (${ms(t)})`);

t = performance.now();
const cpu0 = process.cpuUsage();
const all = analyseAll(snap, new Date('2026-11-23T09:00:00Z'));
const analysis = performance.now() - t;
const cpu = process.cpuUsage(cpu0);
const peak = mem.stop();
const bySev: Record<string, number> = {};
for (const a of all) bySev[a.severity] = (bySev[a.severity] ?? 0) + 1;
console.log(
  `analysed ${all.length} principals in ${analysis.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU (${((analysis / all.length) * 1000).toFixed(0)} µs each): ${JSON.stringify(bySev)}`,
);
console.log('(wall time depends on machine load; CPU time is the steadier figure)');
console.log(`peak memory: rss ${mb(peak.rss)}, heap ${mb(peak.heap)}`);
