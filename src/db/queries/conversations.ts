import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { conversations, messages } from '../schema';

export interface StoredMessage {
  role: 'user' | 'assistant';
  content: unknown;
}

/** The conversation for a thread, created on first use (safe under concurrent first messages). */
export async function conversationFor(
  db: Db,
  threadKey: string,
  who: { surface: string; userId?: string | null; userEmail?: string | null },
): Promise<string> {
  await db
    .insert(conversations)
    .values({
      id: randomUUID(),
      threadKey,
      surface: who.surface,
      userId: who.userId ?? null,
      userEmail: who.userEmail ?? null,
    })
    .onConflictDoNothing();
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.threadKey, threadKey));
  return rows[0]!.id;
}

export async function loadMessages(db: Db, conversationId: string): Promise<StoredMessage[]> {
  const rows = await db
    .select({ role: messages.role, content: messages.content })
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(asc(messages.id));
  return rows as StoredMessage[];
}

export async function appendMessages(db: Db, conversationId: string, msgs: StoredMessage[]): Promise<void> {
  if (msgs.length === 0) return;
  await db.insert(messages).values(msgs.map((m) => ({ conversationId, role: m.role, content: m.content as object })));
  await db.update(conversations).set({ updatedAt: sql`now()` }).where(eq(conversations.id, conversationId));
}

export async function setConversationStatus(db: Db, conversationId: string, status: string): Promise<void> {
  await db.update(conversations).set({ status, updatedAt: sql`now()` }).where(eq(conversations.id, conversationId));
}
