import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { auditEvents } from '../schema';

export interface AuditEntry {
  actor: string;
  kind: string;
  proposalId?: string | null;
  account?: string | null;
  data?: Record<string, unknown>;
}

/** Appends to the audit log (the table refuses updates and deletes). */
export async function appendAudit(db: Db, e: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    actor: e.actor,
    kind: e.kind,
    proposalId: e.proposalId ?? null,
    account: e.account ?? null,
    data: e.data ?? {},
  });
}

export async function listAudit(db: Db, filter: { proposalId?: string; limit?: number } = {}) {
  const where: SQL[] = [];
  if (filter.proposalId) where.push(eq(auditEvents.proposalId, filter.proposalId));
  return db
    .select()
    .from(auditEvents)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(filter.limit ?? 200);
}
