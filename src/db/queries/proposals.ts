/**
 * Proposals: every state change is one conditional UPDATE … RETURNING, so concurrent callers (double
 * clicks, replays, replicas) can never both win. States:
 *   pending → approved → executing → succeeded | failed   (failed → executing on retry)
 *   pending → rejected | expired
 */
import { and, desc, eq, gt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { proposals } from '../schema';

export type ProposalRow = typeof proposals.$inferSelect;
export type ProposalStatus = 'pending' | 'approved' | 'executing' | 'succeeded' | 'failed' | 'rejected' | 'expired';

export interface ApprovalEntry {
  /** Approver key, e.g. `slack:U0123ABCD` or `cli:alice`. */
  by: string;
  at: string;
  surface: 'slack' | 'cli';
  /** The person behind `by` (`person:<name>` when configured): the two-person rule compares these. */
  person?: string;
}

export interface NewProposalRow {
  id: string;
  kind: string;
  account: string;
  region: string | null;
  params: unknown;
  paramsHash: string;
  reason: string;
  evidence: string[];
  confidence: string;
  requester: string;
  requiredApprovals: number;
  conversationId?: string | null;
  slackChannel?: string | null;
  threadTs?: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertProposal(db: Db, p: NewProposalRow): Promise<ProposalRow> {
  const rows = await db
    .insert(proposals)
    .values({ ...p, params: p.params as object, status: 'pending', updatedAt: p.createdAt })
    .returning();
  return rows[0]!;
}

export async function getProposalRow(db: Db, id: string): Promise<ProposalRow | undefined> {
  const rows = await db.select().from(proposals).where(eq(proposals.id, id));
  return rows[0];
}

export async function listProposalRows(
  db: Db,
  f: { status?: ProposalStatus; account?: string; limit?: number } = {},
): Promise<ProposalRow[]> {
  const where: SQL[] = [];
  if (f.status) where.push(eq(proposals.status, f.status));
  if (f.account) where.push(eq(proposals.account, f.account));
  return db
    .select()
    .from(proposals)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(proposals.createdAt), desc(proposals.id))
    .limit(Math.min(Math.max(f.limit ?? 50, 1), 500));
}

/** Pending rows that have not expired yet (at the database clock). */
export async function listOpenRows(db: Db, limit = 100): Promise<ProposalRow[]> {
  return db
    .select()
    .from(proposals)
    .where(and(eq(proposals.status, 'pending'), gt(proposals.expiresAt, sql`now()`)))
    .orderBy(desc(proposals.createdAt))
    .limit(limit);
}

/**
 * Records one approval atomically. Succeeds only while pending, unexpired and not already approved
 * by this approver; the status becomes 'approved' when the approvals reach the required count.
 * Under READ COMMITTED a concurrent UPDATE of the same row waits and re-checks the WHERE clause on
 * the new row version, so no two callers can both add "the last" approval.
 */
export async function recordApproval(db: Db, id: string, entry: ApprovalEntry): Promise<ProposalRow | undefined> {
  const e = JSON.stringify([entry]);
  const by = JSON.stringify([{ by: entry.by }]);
  const person = JSON.stringify([{ person: entry.person ?? entry.by }]);
  const rows = await db
    .update(proposals)
    .set({
      approvals: sql`${proposals.approvals} || ${e}::jsonb`,
      status: sql`CASE WHEN jsonb_array_length(${proposals.approvals}) + 1 >= ${proposals.requiredApprovals} THEN 'approved' ELSE 'pending' END`,
      decidedBy: sql`CASE WHEN jsonb_array_length(${proposals.approvals}) + 1 >= ${proposals.requiredApprovals} THEN ${entry.by} ELSE ${proposals.decidedBy} END`,
      decidedAt: sql`CASE WHEN jsonb_array_length(${proposals.approvals}) + 1 >= ${proposals.requiredApprovals} THEN now() ELSE ${proposals.decidedAt} END`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(proposals.id, id),
        eq(proposals.status, 'pending'),
        gt(proposals.expiresAt, sql`now()`),
        sql`NOT (${proposals.approvals} @> ${by}::jsonb)`,
        sql`NOT (${proposals.approvals} @> ${person}::jsonb)`,
      ),
    )
    .returning();
  return rows[0];
}

/** approved → executing (the one claim that leads to an execution). */
export async function claimExecution(db: Db, id: string): Promise<ProposalRow | undefined> {
  const rows = await db
    .update(proposals)
    .set({ status: 'executing', attempts: sql`${proposals.attempts} + 1`, updatedAt: sql`now()` })
    .where(and(eq(proposals.id, id), eq(proposals.status, 'approved')))
    .returning();
  return rows[0];
}

/** An execution that saved no progress for this long is presumed dead (crashed process) and may be retried. */
export const STALE_EXECUTION_MINUTES = 15;

/**
 * failed → executing for a retry (completed steps are skipped by the executor); also takes over an
 * 'executing' row whose process died (no progress saved for STALE_EXECUTION_MINUTES — a live
 * execution refreshes updated_at after every step).
 */
export async function claimRetry(db: Db, id: string, retryWindowMinutes: number): Promise<ProposalRow | undefined> {
  const rows = await db
    .update(proposals)
    .set({ status: 'executing', attempts: sql`${proposals.attempts} + 1`, updatedAt: sql`now()` })
    .where(
      and(
        eq(proposals.id, id),
        // The approval authorises a retry only inside the window; after it, approve a new proposal.
        sql`${proposals.decidedAt} > now() - make_interval(mins => ${retryWindowMinutes})`,
        sql`(${proposals.status} = 'failed' OR (${proposals.status} = 'executing' AND ${proposals.updatedAt} < now() - make_interval(mins => ${STALE_EXECUTION_MINUTES})))`,
      ),
    )
    .returning();
  return rows[0];
}

/** Saves the execution record while executing (before and after each step); false when not executing. */
export async function saveExecution(db: Db, id: string, execution: unknown): Promise<boolean> {
  const rows = await db
    .update(proposals)
    .set({ execution: execution as object, updatedAt: sql`now()` })
    .where(and(eq(proposals.id, id), eq(proposals.status, 'executing')))
    .returning({ id: proposals.id });
  return rows.length > 0;
}

/** Rows in 'executing' (candidates for reconciliation after a crash). */
export async function listExecutingRows(db: Db): Promise<ProposalRow[]> {
  return db.select().from(proposals).where(eq(proposals.status, 'executing'));
}

/**
 * executing → failed with the execution marked interrupted, only if nobody saved progress since it
 * was read (updated_at unchanged), so a live execution is never overwritten.
 */
export async function markInterruptedRow(
  db: Db,
  id: string,
  seenUpdatedAt: Date,
  execution: unknown,
): Promise<ProposalRow | undefined> {
  const rows = await db
    .update(proposals)
    .set({ status: 'failed', execution: execution as object, updatedAt: sql`now()` })
    .where(
      and(
        eq(proposals.id, id),
        eq(proposals.status, 'executing'),
        sql`date_trunc('milliseconds', ${proposals.updatedAt}) = ${seenUpdatedAt.toISOString()}::timestamptz`,
      ),
    )
    .returning();
  return rows[0];
}

/** executing → succeeded | failed. */
export async function finishExecution(
  db: Db,
  id: string,
  status: 'succeeded' | 'failed',
  execution: unknown,
): Promise<ProposalRow | undefined> {
  const rows = await db
    .update(proposals)
    .set({ status, execution: execution as object, updatedAt: sql`now()` })
    .where(and(eq(proposals.id, id), eq(proposals.status, 'executing')))
    .returning();
  return rows[0];
}

/** pending → rejected (only while pending and unexpired). */
export async function rejectRow(
  db: Db,
  id: string,
  by: string,
  reason: string | null,
): Promise<ProposalRow | undefined> {
  const rows = await db
    .update(proposals)
    .set({ status: 'rejected', decidedBy: by, decidedAt: sql`now()`, rejectionReason: reason, updatedAt: sql`now()` })
    .where(and(eq(proposals.id, id), eq(proposals.status, 'pending'), gt(proposals.expiresAt, sql`now()`)))
    .returning();
  return rows[0];
}

/** pending and past expiry → expired; returns the rows that changed. */
export async function expireRows(db: Db, id?: string): Promise<ProposalRow[]> {
  const where = [eq(proposals.status, 'pending'), lte(proposals.expiresAt, sql`now()`)];
  if (id) where.push(eq(proposals.id, id));
  return db
    .update(proposals)
    .set({ status: 'expired', updatedAt: sql`now()` })
    .where(and(...where))
    .returning();
}

export async function setCardLocationRow(db: Db, id: string, loc: { channel: string; ts: string }): Promise<boolean> {
  const rows = await db
    .update(proposals)
    .set({ slackChannel: loc.channel, slackTs: loc.ts, updatedAt: sql`now()` })
    .where(eq(proposals.id, id))
    .returning({ id: proposals.id });
  return rows.length > 0;
}
