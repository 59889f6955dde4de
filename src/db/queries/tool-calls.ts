import { desc } from 'drizzle-orm';
import type { Db } from '../client';
import { toolCalls } from '../schema';

export interface ToolCallRecord {
  conversationId?: string | null;
  tool: string;
  input: unknown;
  account?: string | null;
  actor?: string | null;
  durationMs: number;
  apiCalls: number;
  outcome: 'ok' | 'error';
  error?: string | null;
}

export async function recordToolCall(db: Db, r: ToolCallRecord): Promise<void> {
  await db.insert(toolCalls).values({
    conversationId: r.conversationId ?? null,
    tool: r.tool,
    input: r.input ?? {},
    account: r.account ?? null,
    actor: r.actor ?? null,
    durationMs: Math.round(r.durationMs),
    apiCalls: r.apiCalls,
    outcome: r.outcome,
    error: r.error ?? null,
  });
}

export async function recentToolCalls(db: Db, limit = 50) {
  return db.select().from(toolCalls).orderBy(desc(toolCalls.id)).limit(limit);
}
