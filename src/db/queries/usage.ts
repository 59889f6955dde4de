/**
 * Per-person question limits: leases for questions running now (one row per question, expiring so a
 * crashed process frees its slot) and tokens spent per UTC day. Taking a lease is serialised per
 * person with a transaction-scoped advisory lock, so two replicas (or `serve` and a CLI) cannot both
 * take the last slot.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { questionLeases, userUsage } from '../schema';

export type LeaseResult = { ok: true; id: string } | { ok: false; running: number };

/** Takes a slot for one question unless `max` are already running for this person (0: no limit). */
export async function acquireQuestionLease(
  db: Db,
  o: { userId: string; surface: string; max: number; ttlMs: number; now?: Date },
): Promise<LeaseResult> {
  const now = o.now ?? new Date();
  const id = `qst_${randomUUID()}`;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`trailhound-question:${o.userId}`}))`);
    await tx.delete(questionLeases).where(and(eq(questionLeases.userId, o.userId), lte(questionLeases.expiresAt, now)));
    if (o.max > 0) {
      const [row] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(questionLeases)
        .where(and(eq(questionLeases.userId, o.userId), gt(questionLeases.expiresAt, now)));
      const running = Number(row?.n ?? 0);
      if (running >= o.max) return { ok: false as const, running };
    }
    await tx.insert(questionLeases).values({
      id,
      userId: o.userId,
      surface: o.surface,
      startedAt: now,
      expiresAt: new Date(now.getTime() + o.ttlMs),
    });
    return { ok: true as const, id };
  });
}

export async function releaseQuestionLease(db: Db, id: string): Promise<void> {
  await db.delete(questionLeases).where(eq(questionLeases.id, id));
}

export const utcDay = (d: Date): string => d.toISOString().slice(0, 10);

/** Tokens this person has spent on questions on the UTC day of `now`. */
export async function tokensToday(db: Db, userId: string, now: Date = new Date()): Promise<number> {
  const [row] = await db
    .select({ tokens: userUsage.tokens })
    .from(userUsage)
    .where(and(eq(userUsage.userId, userId), eq(userUsage.day, utcDay(now))));
  return Number(row?.tokens ?? 0);
}

/** Adds one question's tokens to this person's day (atomic upsert). */
export async function addTokens(db: Db, userId: string, tokens: number, now: Date = new Date()): Promise<void> {
  await db
    .insert(userUsage)
    .values({ userId, day: utcDay(now), tokens, questions: 1, updatedAt: now })
    .onConflictDoUpdate({
      target: [userUsage.userId, userUsage.day],
      set: {
        tokens: sql`${userUsage.tokens} + ${tokens}`,
        questions: sql`${userUsage.questions} + 1`,
        updatedAt: now,
      },
    });
}
