/**
 * The audit log cannot be emptied or edited unnoticed (real PostgreSQL when TEST_DATABASE_URL is
 * set, and PGlite): TRUNCATE, UPDATE and DELETE are refused; each row carries the hash of the one
 * before; `verifyAuditChain` (behind `trailhound audit verify`) names an edited or removed row even
 * when the table owner disabled the triggers to do it.
 */
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client';
import { appendAudit, listAudit } from '../../src/db/queries/audit';
import { verifyAuditChain } from '../../src/db/queries/audit-chain';
import { backends, openTestDb } from '../helpers/db';

for (const backend of backends()) {
  describe(`audit hash chain (${backend})`, () => {
    let h: DbHandle;
    afterEach(async () => h?.close());

    async function seed(n: number) {
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          appendAudit(h.db, {
            actor: `cli:u${i}`,
            kind: 'proposal.created',
            proposalId: `prp_${i}`,
            data: { i, note: 'ünïcode "q"' },
          }),
        ),
      );
    }

    it('attack: TRUNCATE, UPDATE and DELETE are refused', async () => {
      h = await openTestDb(backend);
      await seed(3);
      const refusal = (q: ReturnType<typeof sql>) =>
        h.db.execute(q).then(
          () => 'accepted',
          (e) => String((e as { cause?: Error }).cause?.message ?? (e as Error).message),
        );
      expect(await refusal(sql`TRUNCATE audit_events`)).toMatch(/append-only \(TRUNCATE refused\)/);
      expect(await refusal(sql`UPDATE audit_events SET actor = 'x'`)).toMatch(/UPDATE refused/);
      expect(await refusal(sql`DELETE FROM audit_events`)).toMatch(/DELETE refused/);
      expect(await listAudit(h.db)).toHaveLength(3);
    });

    it('chains concurrent appends without gaps and verifies them', async () => {
      h = await openTestDb(backend);
      await seed(25);
      const r = await verifyAuditChain(h.db);
      expect(r).toMatchObject({ ok: true, rows: 25, headSeq: 25, problems: [] });
      expect(r.headHash).toMatch(/^[0-9a-f]{64}$/);
      const rows = (await listAudit(h.db)).sort((a, b) => Number(a.seq) - Number(b.seq));
      expect(rows.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(rows[0]!.prevHash).toBe('0'.repeat(64));
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
      // Client-supplied chain values are overwritten by the trigger.
      await h.db.execute(
        sql`INSERT INTO audit_events (actor, kind, data, seq, prev_hash, hash) VALUES ('x', 'forged', '{}', 1, 'bad', 'bad')`,
      );
      expect((await verifyAuditChain(h.db)).ok).toBe(true);
    });

    it('attack: an owner who disables the triggers to edit or delete rows is caught by verify', async () => {
      h = await openTestDb(backend);
      await seed(6);
      await h.db.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER USER`);
      await h.db.execute(sql`UPDATE audit_events SET actor = 'cli:someone-else' WHERE seq = 3`);
      let r = await verifyAuditChain(h.db);
      expect(r.ok).toBe(false);
      expect(r.problems).toEqual([expect.stringMatching(/Row seq 3 .* was edited after it was written/)]);

      await h.db.execute(sql`DELETE FROM audit_events WHERE seq = 5`);
      r = await verifyAuditChain(h.db);
      expect(r.problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/seq 5…5 are missing/),
          expect.stringMatching(/Row seq 6 .* does not link/),
        ]),
      );
      await h.db.execute(sql`INSERT INTO audit_events (actor, kind) VALUES ('x', 'sneaked-in')`);
      r = await verifyAuditChain(h.db);
      expect(r.problems).toEqual(
        expect.arrayContaining([expect.stringMatching(/written with the chain trigger disabled/)]),
      );
    });
  });
}
