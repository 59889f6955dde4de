/**
 * Approvals: the ONLY path from a proposal to a change in AWS.
 *
 * ── Public API (used by the propose_* tools, the CLI and the Slack layer) ─────────────────────────
 *
 *   deps: ApprovalDeps = { db, config, externalId?, now? }
 *     externalId defaults to the installation's (settings table); `now` only affects creation/expiry.
 *
 *   createProposal(deps, { kind, account, region?, input, reason, evidence?, confidence?, requester,
 *                          conversationId?, slack?: { channel, threadTs? } })
 *     → { proposal: Proposal, warnings: string[] }            throws ProposalError (actionable text)
 *     Validates input with the action's zod schema, applies the guard-rails, reads the target's current
 *     state with the READ role (`proposal.observed`), stores it as 'pending' (expires after
 *     TRAILHOUND_PROPOSAL_TTL_MINUTES), audits 'proposal.created'. Never calls a mutating API.
 *
 *   getProposal(db, id) → Proposal | undefined                 (undefined for unknown or malformed ids)
 *   listProposals(db, { status?, account?, limit? }) → Proposal[]   newest first; expires due ones first
 *   pendingForApprover(deps, approver) → Proposal[]             pending + unexpired + this approver may approve
 *   setCardLocation(db, id, { channel, ts }) → boolean          where the Slack card was posted (chat.update later)
 *
 *   decide(deps, { proposalId, approver, decision: 'approve'|'reject', reason? }) → DecisionResult
 *     approver: Approver = { id, surface: 'slack'|'cli', slackUserId?, groups?, displayName? }
 *       Slack: id = Slack user id; groups = the user's Slack user-group ids (resolve membership with
 *       usergroups.users.list in the Slack layer — this module never imports the Slack SDK).
 *       CLI: id = the --approver NAME; operator = `cli:<os user>` (the person at the terminal also
 *       counts as the requester, so they cannot approve their own proposal under another name).
 *     DecisionResult = { outcome, message, proposal?, execution? }
 *       outcome: 'executed'                 approved and executed successfully (execution has steps)
 *                'failed'                   approved, but the execution failed or the precheck refused
 *                                           (execution.error / .summary / .remaining say what and why)
 *                'awaiting_second_approval' two-person kind: first approval recorded
 *                'rejected'                 rejected (nothing changed)
 *                'refused'                  not allowed or not possible: unknown/forged id, not an
 *                                           approver, self-approval, same approver twice, expired,
 *                                           already decided/executed. `message` says why and what to do.
 *     An approval that completes the required count executes the action BEFORE returning (seconds;
 *     ack() the Slack click first). The claim is one atomic UPDATE … WHERE status='pending' AND
 *     expires_at > now() RETURNING: a double click, replay or race executes at most once.
 *
 *   retryExecution(deps, { proposalId, approver }) → DecisionResult
 *     Re-runs a failed execution (or one stuck 'approved', or 'executing' with no progress for 15
 *     minutes after a crash); steps that already succeeded are skipped. Configured approvers only.
 *
 *   canApprove(policy, proposal, approver) → { ok, why }; policyFromConfig(config) → ApproverPolicy
 *     For rendering (e.g. hide buttons); decide() re-checks everything itself.
 *   approverKey(approver) → 'slack:U…' | 'cli:name' (how approvals are recorded in proposal.approvals)
 *   remediationUnavailable(config, account?) → string | null   why propose_* is off, and how to enable
 *
 *   Action registry, for rendering cards:
 *     ACTIONS / findAction(kind) → { kind, title, description, risk: 'low'|'medium'|'high', destructive,
 *       reversal: string|null, permissions: string[], describe(input) }
 *     A Proposal already carries title, summary (describe(input)), risk, permissions, reversal,
 *     reason, evidence[], confidence, requester, approvals[], requiredApprovals, expiresAt, status,
 *     execution { outcome, summary, error, steps[{id,title,status,error}], remaining[], before, after }.
 *
 * States: pending → approved → executing → succeeded | failed;  pending → rejected | expired;
 *         failed → executing (retry).
 */
export {
  createProposal,
  decide,
  expireDue,
  getProposal,
  listProposals,
  pendingForApprover,
  remediationUnavailable,
  retryExecution,
  setCardLocation,
} from './service';
export { approverKey, canApprove, canReject, policyFromConfig, type ApproverPolicy } from './policy';
export { PROPOSAL_ID } from './hash';
export { ACTIONS, findAction, remediationPolicy } from '../remediation/actions/index';
export type { AnyAction } from '../remediation/define-action';
export {
  ProposalError,
  type ApprovalDeps,
  type Approver,
  type DecisionOutcome,
  type DecisionResult,
  type ExecutionRecord,
  type Proposal,
  type ProposalRequest,
  type ProposalStatus,
  type StepRecord,
} from './types';
