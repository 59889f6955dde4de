/** A separate process that opens the embedded database in a folder and appends one audit row (lock tests). */
import { openDb } from '../../src/db/client';
import { appendAudit } from '../../src/db/queries/audit';

const [dir, n, wait] = process.argv.slice(2);
try {
  const h = await openDb({ dataDir: dir!, lockWaitMs: Number(wait ?? 60_000) });
  await appendAudit(h.db, { actor: `proc:${n}`, kind: 'lock.test', data: { n: Number(n) } });
  await h.close();
  process.stdout.write('ok\n');
} catch (err) {
  process.stdout.write(`error: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
