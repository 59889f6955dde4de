/** Row → public Proposal (with the action's title, summary, risk and permissions for rendering). */
import type { ProposalRow, ProposalStatus, ApprovalEntry } from '../db/queries/proposals';
import { findAction } from '../remediation/actions/index';
import type { ExecutionRecord, Proposal } from './types';

export interface StoredParams {
  kind: string;
  account: string;
  region: string | null;
  input: Record<string, unknown>;
  observed: unknown;
}

export function toProposal(r: ProposalRow, now: Date = new Date()): Proposal {
  const params = (r.params ?? {}) as Partial<StoredParams>;
  const input = (params.input ?? {}) as Record<string, unknown>;
  const action = findAction(r.kind);
  let summary = `${r.kind} on ${r.account}`;
  if (action) {
    const parsed = action.input.safeParse(input);
    if (parsed.success) summary = action.describe(parsed.data, params.observed ?? null);
  }
  const status = (
    r.status === 'pending' && r.expiresAt.getTime() <= now.getTime() ? 'expired' : r.status
  ) as ProposalStatus;
  return {
    id: r.id,
    kind: r.kind,
    title: action?.title ?? r.kind,
    summary,
    account: r.account,
    region: r.region,
    input,
    observed: params.observed ?? null,
    paramsHash: r.paramsHash,
    reason: r.reason,
    evidence: r.evidence ?? [],
    confidence: r.confidence,
    requester: r.requester,
    status,
    approvals: (r.approvals ?? []) as ApprovalEntry[],
    requiredApprovals: r.requiredApprovals,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
    rejectionReason: r.rejectionReason,
    execution: (r.execution as ExecutionRecord | null) ?? null,
    attempts: r.attempts,
    risk: action?.risk ?? 'unknown',
    permissions: action?.permissions ?? [],
    reversal: action?.reversal ?? null,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    conversationId: r.conversationId,
    slack: { channel: r.slackChannel, ts: r.slackTs, threadTs: r.threadTs },
  };
}
