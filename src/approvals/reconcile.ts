/**
 * Start-up (and shutdown) reconciliation: an execution whose process died stays 'executing' with
 * its last step 'started'. Those are marked interrupted — status failed, outcome 'interrupted', the
 * step that was running named as "may or may not have happened" — and audited, so approvers see
 * them and can retry inside the retry window (the precheck re-reads AWS first).
 *
 * Which 'executing' rows are dead: this process's own (at shutdown), those owned by a process on
 * this host that no longer exists, and any with no progress for STALE_EXECUTION_MINUTES.
 */
import { hostname } from 'node:os';
import { appendAudit } from '../db/queries/audit';
import {
  listExecutingRows,
  markInterruptedRow,
  STALE_EXECUTION_MINUTES,
  type ProposalRow,
} from '../db/queries/proposals';
import type { Db } from '../db/client';
import type { ExecutionRecord } from './types';

export interface Interrupted {
  id: string;
  /** Title of the step that was started and never recorded as finished. */
  lastStep: string | null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isDead(row: ProposalRow, now: number, ownIds: Set<string>): boolean {
  if (ownIds.has(row.id)) return true;
  const owner = (row.execution as ExecutionRecord | null)?.owner;
  if (owner && owner.host === hostname() && owner.pid !== process.pid && !alive(owner.pid)) return true;
  return now - row.updatedAt.getTime() > STALE_EXECUTION_MINUTES * 60_000;
}

export async function reconcileInterrupted(
  db: Db,
  opts: { ownIds?: string[]; reason?: string } = {},
): Promise<Interrupted[]> {
  const own = new Set(opts.ownIds ?? []);
  const out: Interrupted[] = [];
  const now = Date.now();
  for (const row of await listExecutingRows(db)) {
    if (!isDead(row, now, own)) continue;
    const ex: ExecutionRecord = (row.execution as ExecutionRecord | null) ?? {
      attempt: row.attempts,
      startedAt: row.updatedAt.toISOString(),
      steps: [],
    };
    const started = ex.steps.filter((s) => s.status === 'started');
    const lastStep = started.at(-1)?.title ?? null;
    const why =
      opts.reason ?? 'the process running it stopped (crash, restart or lost database) before recording the outcome';
    const next: ExecutionRecord = {
      ...ex,
      steps: ex.steps.map((s) =>
        s.status === 'started'
          ? {
              ...s,
              status: 'interrupted',
              detail: 'started but never recorded as finished: it may or may not have happened in AWS',
            }
          : s,
      ),
      outcome: 'interrupted',
      finishedAt: new Date().toISOString(),
      error: `Interrupted: ${why}.`,
      summary: `Interrupted: ${why}.${lastStep ? ` Last step started: ${lastStep} (it may or may not have happened; a retry re-reads the live state first).` : ' No step had started.'} An approver other than the requester can retry it.`,
    };
    const updated = await markInterruptedRow(db, row.id, row.updatedAt, next);
    if (!updated) continue;
    await appendAudit(db, {
      actor: 'system',
      kind: 'execution.interrupted',
      proposalId: row.id,
      account: row.account,
      data: { lastStep, why, attempt: ex.attempt },
    });
    out.push({ id: row.id, lastStep });
  }
  return out;
}
