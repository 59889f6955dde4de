import { openDb } from '../src/db/client';
import { upsertSeenFindings, recordMisses, recordResources } from '../src/db/queries/findings';
const N = Number(process.argv[2] ?? 7500);
const db = await openDb({ url: process.env.PROBE_PG, dataDir: 'memory://' });
const seen = Array.from({ length: N }, (_, i) => ({ ruleId: `rule-${i % 40}`, resourceId: `arn:aws:iam::123456789012:role/app-${i}`, region: null, severity: 'high', title: `Role app-${i} has an issue`, detail: { a: i, b: 'x'.repeat(100) } }));
const res = Array.from({ length: N }, (_, i) => ({ resourceId: `arn:aws:iam::123456789012:role/app-${i}`, type: 'iam-role' }));
for (let run = 0; run < 2; run++) {
  let t = performance.now();
  const r = await upsertSeenFindings(db.db, 'acct', run + 1, new Date(Date.now() + run * 1000), seen);
  const t1 = performance.now() - t; t = performance.now();
  await recordMisses(db.db, 'acct', run + 1, new Date(), ['rule-1']);
  const t2 = performance.now() - t; t = performance.now();
  await recordResources(db.db, 'acct', new Date(Date.now() + run * 1000), res, true);
  const t3 = performance.now() - t;
  console.log(JSON.stringify({ run, ...r, upsertMs: Math.round(t1), missesMs: Math.round(t2), resourcesMs: Math.round(t3), rss: Math.round(process.memoryUsage().rss / 1048576) }));
}
await db.close();
