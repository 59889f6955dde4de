/**
 * Approval cards in Slack, on the approvals service (src/approvals): post a proposal's card in the
 * requester's thread (and remember where, for later edits), re-render it after a decision, and tell
 * the requester's thread the result.
 */
import { getProposal, setCardLocation, type ApprovalDeps, type Proposal } from '../approvals/index';
import { log } from '../log';
import { approvalCard, type CardProposal, decisionNotice } from './blocks/approval-card';
import type { SlackDeps } from './deps';
import type { WebClient } from './types';

export function approvalDeps(deps: SlackDeps): ApprovalDeps {
  return { db: deps.db, config: deps.config };
}

export function toCard(p: Proposal): CardProposal {
  const ex = p.execution;
  const steps = [
    ...(ex?.steps ?? []).map((s) => ({ title: s.title, status: s.status, detail: s.error ?? s.detail ?? null })),
    ...(ex?.remaining ?? []).map((title) => ({ title, status: 'remaining', detail: 'not done' })),
  ];
  return {
    id: p.id,
    kind: p.kind,
    title: p.title,
    summary: p.summary,
    account: p.account,
    region: p.region,
    reason: p.reason,
    evidence: p.evidence,
    confidence: p.confidence,
    permissions: p.permissions,
    risk: p.risk,
    reversal: p.reversal,
    requester: p.requester,
    createdAt: p.createdAt,
    expiresAt: p.expiresAt,
    status: p.status,
    requiredApprovals: p.requiredApprovals,
    approvals: p.approvals,
    decidedBy: p.decidedBy,
    decidedAt: p.decidedAt,
    rejectionReason: p.rejectionReason,
    steps,
    outcome: ex?.summary ?? null,
    error: ex?.outcome && ex.outcome !== 'succeeded' ? (ex.error ?? null) : null,
  };
}

/** Posts each proposal's card in the thread and records the card's location on the proposal. */
export async function postProposalCards(
  deps: SlackDeps,
  client: WebClient,
  ids: string[],
  thread: { channel: string; threadTs: string },
): Promise<void> {
  for (const id of ids) {
    const p = await getProposal(deps.db, id);
    if (!p) {
      log.warn('proposal from a tool run not found', { id });
      continue;
    }
    const card = approvalCard(toCard(p));
    const r = await client.chat.postMessage({
      channel: thread.channel,
      thread_ts: thread.threadTs,
      text: card.text,
      blocks: card.blocks,
    });
    if (r.ts) await setCardLocation(deps.db, id, { channel: thread.channel, ts: r.ts });
  }
}

/** Re-renders the card where it lives (buttons gone once decided). */
export async function refreshCard(
  client: WebClient,
  p: Proposal,
  where?: { channel?: string; ts?: string },
): Promise<void> {
  const channel = where?.channel ?? p.slack.channel;
  const ts = where?.ts ?? p.slack.ts;
  if (!channel || !ts) return;
  const card = approvalCard(toCard(p));
  await client.chat.update({ channel, ts, text: card.text, blocks: card.blocks });
}

/** Posts the decision and outcome in the requester's thread. */
export async function notifyThread(
  client: WebClient,
  p: Proposal,
  thread?: { channel?: string; threadTs?: string },
): Promise<void> {
  const channel = thread?.channel ?? p.slack.channel;
  const threadTs = thread?.threadTs ?? p.slack.threadTs ?? undefined;
  if (!channel || !threadTs) return;
  const m = decisionNotice(toCard(p));
  await client.chat
    .postMessage({ channel, thread_ts: threadTs, text: m.text, blocks: m.blocks })
    .catch((err) => log.warn('could not notify the thread', { err }));
}
