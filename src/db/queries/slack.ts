/** Queries the Slack surface needs: thread follow-ups and the App Home summary. */
import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { conversations, scans } from '../schema';

/** True when Trailhound already has a conversation for this thread (a follow-up needs no mention). */
export async function conversationExists(db: Db, threadKey: string): Promise<boolean> {
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.threadKey, threadKey))
    .limit(1);
  return rows.length > 0;
}

/** Who started the thread's conversation (`slack:U…`), or undefined when Trailhound has none for it. */
export async function conversationStarter(db: Db, threadKey: string): Promise<string | null | undefined> {
  const rows = await db
    .select({ userId: conversations.userId })
    .from(conversations)
    .where(eq(conversations.threadKey, threadKey))
    .limit(1);
  return rows.length ? rows[0]!.userId : undefined;
}

export type ScanRow = typeof scans.$inferSelect;

/** The latest finished (complete, partial or failed) scan of each account. */
export async function latestScanPerAccount(db: Db): Promise<ScanRow[]> {
  const latest = db
    .select({ id: sql<number>`max(${scans.id})`.as('id') })
    .from(scans)
    .where(inArray(scans.status, ['complete', 'partial', 'failed']))
    .groupBy(scans.account)
    .as('latest');
  const rows = await db
    .select()
    .from(scans)
    .where(inArray(scans.id, db.select({ id: latest.id }).from(latest)))
    .orderBy(desc(scans.startedAt));
  return rows;
}
