/**
 * Verifies the audit log's hash chain. Each row's hash is recomputed here, in Node, from the row's
 * columns as the database renders them (jsonb's canonical text, the timestamp in UTC) — not by the
 * database function that wrote it, so replacing that function does not make an edit pass.
 * Detects: an edited row (hash mismatch), a removed or re-ordered row (seq gap, broken link), rows
 * written with the chain trigger disabled (no hash). It cannot detect removal of the newest rows
 * unless the head hash printed here was recorded somewhere else first.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../client';

export interface ChainReport {
  ok: boolean;
  rows: number;
  headSeq: number | null;
  headHash: string | null;
  problems: string[];
}

const GENESIS = '0'.repeat(64);
const MAX_PROBLEMS = 20;

interface ChainRow {
  id: string | number;
  seq: string | number | null;
  prev_hash: string | null;
  hash: string | null;
  at_text: string;
  actor: string;
  kind: string;
  proposal_id: string | null;
  account: string | null;
  data_text: string;
}

function rowsOf(r: unknown): ChainRow[] {
  return (Array.isArray(r) ? r : ((r as { rows?: ChainRow[] }).rows ?? [])) as ChainRow[];
}

export function rowHash(prev: string, r: ChainRow): string {
  const text = [
    prev,
    String(r.seq),
    String(r.id),
    r.at_text,
    r.actor,
    r.kind,
    r.proposal_id ?? '',
    r.account ?? '',
    r.data_text,
  ].join('\n');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<ChainReport> {
  const problems: string[] = [];
  let prev = GENESIS;
  let expectSeq = 1;
  let rows = 0;
  let lastId = -1;
  for (;;) {
    const page = rowsOf(
      await db.execute(sql`
        SELECT id, seq, prev_hash, hash, actor, kind, proposal_id, account, data::text AS data_text,
               to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text
        FROM audit_events
        WHERE coalesce(seq, 0) > ${lastId}
        ORDER BY coalesce(seq, 0), id
        LIMIT ${pageSize}`),
    );
    for (const r of page) {
      rows++;
      const seq = r.seq == null ? null : Number(r.seq);
      if (seq == null || !r.hash) {
        problems.push(`Row id ${r.id} (${r.kind}) has no chain hash: it was written with the chain trigger disabled.`);
        continue;
      }
      if (seq !== expectSeq)
        problems.push(
          seq > expectSeq
            ? `Rows seq ${expectSeq}…${seq - 1} are missing before id ${r.id}: rows were removed.`
            : `Row id ${r.id} repeats seq ${seq}.`,
        );
      if (r.prev_hash !== prev)
        problems.push(`Row seq ${seq} (id ${r.id}) does not link to the row before it: a row was removed or replaced.`);
      const h = rowHash(r.prev_hash ?? '', r);
      if (h !== r.hash) problems.push(`Row seq ${seq} (id ${r.id}, ${r.kind}) was edited after it was written.`);
      prev = r.hash;
      expectSeq = seq + 1;
      if (problems.length >= MAX_PROBLEMS) break;
    }
    if (problems.length >= MAX_PROBLEMS || page.length < pageSize) break;
    const last = page.at(-1)!;
    const lastSeq = Number(last.seq ?? 0);
    if (lastSeq <= lastId) break;
    lastId = lastSeq;
  }
  return {
    ok: problems.length === 0,
    rows,
    headSeq: rows ? expectSeq - 1 : null,
    headHash: rows ? prev : null,
    problems,
  };
}
