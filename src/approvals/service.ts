/** The approvals service: create, read, decide (approve/reject), retry. See index.ts for the overview. */
import { ACCOUNT_ID, REGION, type AwsAccount } from '../aws/accounts';
import { awsClient } from '../aws/clients';
import { explainAwsError } from '../aws/errors';
import { getAccount, listAccounts } from '../db/queries/accounts';
import { appendAudit } from '../db/queries/audit';
import {
  claimExecution,
  claimRetry,
  expireRows,
  getProposalRow,
  insertProposal,
  listOpenRows,
  listProposalRows,
  recordApproval,
  rejectRow,
  setCardLocationRow,
  STALE_EXECUTION_MINUTES,
  type ProposalRow,
  type ProposalStatus,
} from '../db/queries/proposals';
import { installationExternalId } from '../db/queries/settings';
import { issuesText, type SchemaIssue } from '../errors';
import type { Db } from '../db/client';
import { ACTIONS, findAction } from '../remediation/actions/index';
import { ActionError, type ReadContext } from '../remediation/define-action';
import { executeClaimed } from './execute';
import { checkTargets } from './guard-rails';
import { needsRealArns, withRealArns } from '../remediation/target-arns';
import { newProposalId, paramsHash, PROPOSAL_ID } from './hash';
import {
  approverKey,
  approverPerson,
  canApprove,
  canReject,
  canRetry,
  policyFromConfig,
  requiredApprovalsFor,
} from './policy';
import { toProposal, type StoredParams } from './proposal-view';
import {
  ProposalError,
  type ApprovalDeps,
  type Approver,
  type DecisionResult,
  type Proposal,
  type ProposalRequest,
} from './types';

const MAX_EVIDENCE = 20;

/** Why remediation is unavailable for this account, with how to enable it; null when available. */
export function remediationUnavailable(config: ApprovalDeps['config'], account?: AwsAccount): string | null {
  if (!config.TRAILHOUND_REMEDIATION_ENABLED)
    return 'Remediation is switched off. Enable it with TRAILHOUND_REMEDIATION_ENABLED=true, give each account a remediation role (`trailhound accounts add NAME … --remediation-role-arn ARN`, policy in docs/remediation.md), and configure approvers (TRAILHOUND_APPROVERS="name=slack:U…,cli:login; …" and/or TRAILHOUND_APPROVERS_SLACK_GROUP).';
  if (account && !account.remediationRoleArn)
    return `Account ${account.name} has no remediation role. Create one (policy in docs/remediation.md) and add it: \`trailhound accounts add ${account.name} --account-id ${account.accountId} … --remediation-role-arn arn:aws:iam::${account.accountId}:role/TrailhoundRemediation\`.`;
  return null;
}

async function resolveAccount(db: Db, nameOrId: string): Promise<AwsAccount> {
  const byName = await getAccount(db, nameOrId);
  if (byName) return byName;
  const all = await listAccounts(db);
  const byId = ACCOUNT_ID.test(nameOrId) ? all.find((a) => a.accountId === nameOrId) : undefined;
  if (byId) return byId;
  throw new ProposalError(
    `Unknown account "${nameOrId}". ${all.length ? `Configured: ${all.map((a) => a.name).join(', ')}.` : 'None is configured: `trailhound accounts add …`.'}`,
  );
}

function audit(
  db: Db,
  actor: string,
  kind: string,
  row: Pick<ProposalRow, 'id' | 'account'>,
  data: Record<string, unknown> = {},
) {
  return appendAudit(db, { actor, kind, proposalId: row.id, account: row.account, data });
}

/**
 * Validates a proposal and stores it as pending. Reads (never writes) the target with the READ role
 * to capture its current state (`observed`) so execution can refuse if it changed. Throws
 * ProposalError with an actionable message when the input, account, guard-rails or target are wrong.
 */
export async function createProposal(
  deps: ApprovalDeps,
  req: ProposalRequest,
): Promise<{ proposal: Proposal; warnings: string[] }> {
  const { db, config } = deps;
  const now = deps.now?.() ?? new Date();
  const off = remediationUnavailable(config);
  if (off) throw new ProposalError(off);
  const action = findAction(req.kind);
  if (!action)
    throw new ProposalError(`Unknown action "${req.kind}". Available: ${ACTIONS.map((a) => a.kind).join(', ')}.`);
  const parsed = action.input.safeParse(req.input ?? {});
  if (!parsed.success) throw new ProposalError(issuesText(req.kind, parsed.error.issues as SchemaIssue[]));
  const input = parsed.data as Record<string, unknown>;
  const reason = (req.reason ?? '').trim();
  if (!reason)
    throw new ProposalError('A reason is required: say why this change is needed (what the investigation found).');
  if (reason.length > 2000)
    throw new ProposalError('The reason is too long (2000 characters at most); put details in evidence bullets.');
  const evidence = (req.evidence ?? []).map((e) => e.trim()).filter(Boolean);
  if (evidence.length > MAX_EVIDENCE) throw new ProposalError(`At most ${MAX_EVIDENCE} evidence bullets.`);
  if (evidence.some((e) => e.length > 500)) throw new ProposalError('Each evidence bullet is at most 500 characters.');
  const confidence = req.confidence ?? 'medium';
  if (!['low', 'medium', 'high'].includes(confidence))
    throw new ProposalError('confidence is one of low, medium, high.');
  if (!req.requester?.trim()) throw new ProposalError('The requester is required.');

  const account = await resolveAccount(db, req.account);
  const noRole = remediationUnavailable(config, account);
  if (noRole) throw new ProposalError(noRole);
  let region: string | null =
    action.region?.(parsed.data) ?? (action.regional ? (req.region ?? account.regions[0] ?? null) : null);
  if (region && !REGION.test(region))
    throw new ProposalError(`Region "${region}" is not a valid AWS region code (e.g. us-east-1).`);
  if (action.regional && !region) throw new ProposalError(`${req.kind} needs a region.`);
  const warnings: string[] = [];
  if (region && action.regional && !action.region?.(parsed.data) && !account.regions.includes(region))
    warnings.push(
      `Region ${region} is not among ${account.name}'s configured regions (${account.regions.join(', ')}).`,
    );
  region = region ?? null;

  const guard = checkTargets(action.targets(parsed.data), account, config);
  if (!guard.ok) throw new ProposalError(`Refused: ${guard.why}`);

  const externalId = deps.externalId ?? (await installationExternalId(db));
  const r = region ?? account.regions[0] ?? 'us-east-1';
  const readCtx = {
    account,
    region: r,
    settings: { wafBlockIpSets: config.TRAILHOUND_WAF_BLOCK_IP_SETS },
    now: () => now,
    client: ((Ctor, rr) => awsClient(Ctor, account, rr ?? r, { externalId, purpose: 'read' })) as ReadContext['client'],
  };
  if (needsRealArns(config)) {
    // Protected ARN patterns are matched against the principal's real ARN (with its IAM path).
    let real: Awaited<ReturnType<typeof withRealArns>>;
    try {
      real = await withRealArns(readCtx, action.targets(parsed.data));
    } catch (err) {
      throw new ProposalError(`Refused: ${(err as Error).message}`);
    }
    const g = checkTargets(real, account, config);
    if (!g.ok) throw new ProposalError(`Refused: ${g.why}`);
  }

  let observed: unknown = null;
  if (action.observe) {
    try {
      observed = await action.observe(readCtx, parsed.data);
    } catch (err) {
      if (err instanceof ActionError) throw new ProposalError(`Cannot propose ${req.kind}: ${err.message}`);
      warnings.push(
        `Could not read the target's current state with the read role (${
          // The explained text names the API and what to do (no credentials, access denied…), not the SDK's class name.
          explainAwsError(err, {
            api: `${action.kind} (read)`,
            account: account.name,
            accountId: account.accountId,
            region: r,
            roleArn: account.roleArn,
          }).message.replace(/\.$/, '')
        }); the precheck will still re-read it before execution.`,
      );
    }
  }

  const policy = policyFromConfig(config);
  const params: StoredParams = { kind: action.kind, account: account.name, region, input, observed: observed ?? null };
  const row = await insertProposal(db, {
    id: newProposalId(),
    kind: action.kind,
    account: account.name,
    region,
    params,
    paramsHash: paramsHash(params),
    reason,
    evidence,
    confidence,
    requester: req.requester.trim(),
    requiredApprovals: requiredApprovalsFor(policy, action.kind),
    conversationId: req.conversationId ?? null,
    slackChannel: req.slack?.channel ?? null,
    threadTs: req.slack?.threadTs ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + config.TRAILHOUND_PROPOSAL_TTL_MINUTES * 60_000),
  });
  await audit(db, row.requester, 'proposal.created', row, {
    kind: row.kind,
    region,
    input,
    paramsHash: row.paramsHash,
    reason,
    evidence,
    confidence,
    requiredApprovals: row.requiredApprovals,
  });
  return { proposal: toProposal(row), warnings };
}

export async function getProposal(db: Db, id: string): Promise<Proposal | undefined> {
  if (!PROPOSAL_ID.test(id)) return undefined;
  const row = await getProposalRow(db, id);
  return row && toProposal(row);
}

/** Lists proposals, newest first; pending ones past their expiry are marked expired (and audited) first. */
export async function listProposals(
  db: Db,
  f: { status?: ProposalStatus; account?: string; limit?: number } = {},
): Promise<Proposal[]> {
  await expireDue(db);
  return (await listProposalRows(db, f)).map((r) => toProposal(r));
}

/** Pending, unexpired proposals this approver may approve now. */
export async function pendingForApprover(deps: ApprovalDeps, approver: Approver): Promise<Proposal[]> {
  const policy = policyFromConfig(deps.config);
  return (await listOpenRows(deps.db)).map((r) => toProposal(r)).filter((p) => canApprove(policy, p, approver).ok);
}

/** Marks due pending proposals expired; returns how many. */
export async function expireDue(db: Db, id?: string): Promise<number> {
  const rows = await expireRows(db, id);
  for (const r of rows) await audit(db, 'system', 'proposal.expired', r, { expiresAt: r.expiresAt.toISOString() });
  return rows.length;
}

export async function setCardLocation(db: Db, id: string, loc: { channel: string; ts: string }): Promise<boolean> {
  if (!PROPOSAL_ID.test(id)) return false;
  return setCardLocationRow(db, id, loc);
}

function reproposeHint(p: Proposal): string {
  return `Re-propose it: \`trailhound propose ${p.kind} --account ${p.account}${p.region ? ` --region ${p.region}` : ''} --input '${JSON.stringify(p.input)}' --reason "…"\` (or ask Trailhound again in the thread).`;
}

/** Why a proposal cannot be decided now (after a claim failed), for the person. */
function explainState(p: Proposal, ttl: number): string {
  switch (p.status) {
    case 'expired':
      return `Proposal ${p.id} expired at ${p.expiresAt.toISOString()} (proposals are valid for ${ttl} minutes) and can no longer be approved. ${reproposeHint(p)}`;
    case 'rejected':
      return `Proposal ${p.id} was already rejected by ${p.decidedBy ?? 'someone'}${p.decidedAt ? ` at ${p.decidedAt.toISOString()}` : ''}.`;
    case 'approved':
    case 'executing':
      return `Proposal ${p.id} was already approved by ${p.decidedBy ?? 'another approver'} and is being executed; nothing more to do.`;
    case 'succeeded':
      return `Proposal ${p.id} was already approved by ${p.decidedBy ?? 'another approver'} and executed${p.execution?.finishedAt ? ` at ${p.execution.finishedAt}` : ''}.`;
    case 'failed':
      return `Proposal ${p.id} was approved and its execution failed: ${p.execution?.error ?? 'see `trailhound proposals`'}. An approver other than the requester can retry it within the retry window with \`trailhound approve ${p.id} --retry\`.`;
    default:
      return `Proposal ${p.id} is ${p.status}.`;
  }
}

async function loadForDecision(db: Db, id: string): Promise<Proposal | string> {
  if (!PROPOSAL_ID.test(id))
    return `"${id}" is not a proposal id (expected prp_ followed by 16 hex characters). List proposals with \`trailhound proposals\`.`;
  const row = await getProposalRow(db, id);
  if (!row) return `No proposal with id ${id}. List proposals with \`trailhound proposals\`.`;
  return toProposal(row);
}

async function runExecution(
  deps: ApprovalDeps,
  claimed: ProposalRow,
  actor: string,
  approvedMsg: string,
): Promise<DecisionResult> {
  const out = await executeClaimed(deps, claimed, actor);
  const proposal = out.row ? toProposal(out.row) : await getProposal(deps.db, claimed.id);
  const ex = out.execution;
  if (out.status === 'succeeded')
    return {
      outcome: 'executed',
      message: `${approvedMsg} Executed: ${ex.summary ?? 'done'}`,
      proposal,
      execution: ex,
    };
  return {
    outcome: 'failed',
    message: `${approvedMsg} ${ex.outcome === 'refused' ? 'Execution refused' : 'Execution failed'}: ${ex.summary ?? ex.error ?? 'unknown error'}`,
    proposal,
    execution: ex,
  };
}

/**
 * Approve or reject. Authorisation (configured approver, not the requester, distinct approvers for
 * two-person kinds) is checked first; the state change is one atomic conditional UPDATE, so a
 * double click, a replay or fifty concurrent approvals lead to at most one execution. An approval
 * that completes the required count executes the action before returning.
 */
export async function decide(
  deps: ApprovalDeps,
  d: { proposalId: string; approver: Approver; decision: 'approve' | 'reject'; reason?: string },
): Promise<DecisionResult> {
  const { db, config } = deps;
  const who = approverKey(d.approver);
  const loaded = await loadForDecision(db, d.proposalId.trim());
  if (typeof loaded === 'string') return { outcome: 'refused', message: loaded };
  let p = loaded;
  if (p.status === 'expired') {
    await expireDue(db, p.id);
    return { outcome: 'refused', message: explainState(p, config.TRAILHOUND_PROPOSAL_TTL_MINUTES), proposal: p };
  }
  const policy = policyFromConfig(config);

  if (d.decision === 'reject') {
    const may = canReject(policy, p, d.approver);
    if (!may.ok) {
      await audit(db, who, 'proposal.reject_refused', p, { why: may.why });
      return { outcome: 'refused', message: may.why, proposal: p };
    }
    const reason = d.reason?.trim().slice(0, 1000) || null;
    const row = await rejectRow(db, p.id, who, reason);
    if (!row) {
      p = (await getProposal(db, p.id)) ?? p;
      return { outcome: 'refused', message: explainState(p, config.TRAILHOUND_PROPOSAL_TTL_MINUTES), proposal: p };
    }
    await audit(db, who, 'proposal.rejected', row, { reason });
    return {
      outcome: 'rejected',
      message: `Rejected ${row.id}${reason ? `: ${reason}` : ''}. Nothing was changed.`,
      proposal: toProposal(row),
    };
  }

  if (p.status !== 'pending')
    return { outcome: 'refused', message: explainState(p, config.TRAILHOUND_PROPOSAL_TTL_MINUTES), proposal: p };
  const may = canApprove(policy, p, d.approver);
  if (!may.ok) {
    await audit(db, who, 'proposal.approve_refused', p, { why: may.why });
    return { outcome: 'refused', message: may.why, proposal: p };
  }
  if (remediationUnavailable(config))
    return { outcome: 'refused', message: remediationUnavailable(config)!, proposal: p };

  const row = await recordApproval(db, p.id, {
    by: who,
    at: new Date().toISOString(),
    surface: d.approver.surface,
    person: approverPerson(policy, d.approver),
  });
  if (!row) {
    p = (await getProposal(db, p.id)) ?? p;
    if (p.status === 'expired') await expireDue(db, p.id);
    const again = !canApprove(policy, p, d.approver).ok;
    return {
      outcome: 'refused',
      message:
        again && p.status === 'pending'
          ? canApprove(policy, p, d.approver).why
          : explainState(p, config.TRAILHOUND_PROPOSAL_TTL_MINUTES),
      proposal: p,
    };
  }
  if (row.status === 'pending') {
    await audit(db, who, 'proposal.approval_recorded', row, {
      approvals: row.approvals.length,
      required: row.requiredApprovals,
    });
    return {
      outcome: 'awaiting_second_approval',
      message: `Approval recorded for ${row.id} (${row.approvals.length} of ${row.requiredApprovals}): ${row.kind} needs a second, different approver before it runs.`,
      proposal: toProposal(row),
    };
  }
  await audit(db, who, 'proposal.approved', row, { approvals: row.approvals, paramsHash: row.paramsHash });
  const claimed = await claimExecution(db, row.id);
  if (!claimed) {
    const now = (await getProposal(db, row.id))!;
    return { outcome: 'refused', message: explainState(now, config.TRAILHOUND_PROPOSAL_TTL_MINUTES), proposal: now };
  }
  return runExecution(deps, claimed, who, `Approved ${row.id} by ${d.approver.displayName ?? who}.`);
}

/**
 * Retries a failed execution (or one left 'approved' by a crash, or interrupted). Only a configured
 * approver who is not the requester may retry, and only inside the retry window after the final
 * approval (TRAILHOUND_RETRY_WINDOW_MINUTES, default the proposal TTL); after that the change needs
 * a new proposal approved under the full policy. Steps that already succeeded are skipped. One atomic
 * claim: concurrent retries run at most once.
 */
export async function retryExecution(
  deps: ApprovalDeps,
  d: { proposalId: string; approver: Approver },
): Promise<DecisionResult> {
  const { db, config } = deps;
  const who = approverKey(d.approver);
  const loaded = await loadForDecision(db, d.proposalId.trim());
  if (typeof loaded === 'string') return { outcome: 'refused', message: loaded };
  const policy = policyFromConfig(config);
  const may = canRetry(policy, loaded, d.approver);
  if (!may.ok) {
    await audit(db, who, 'execution.retry_refused', loaded, { why: may.why });
    return { outcome: 'refused', message: may.why, proposal: loaded };
  }
  if (!['failed', 'approved', 'executing'].includes(loaded.status))
    return {
      outcome: 'refused',
      message: `Only a failed execution can be retried; ${explainState(loaded, config.TRAILHOUND_PROPOSAL_TTL_MINUTES)}`,
      proposal: loaded,
    };
  const windowMs = policy.retryWindowMinutes * 60_000;
  const approvedAt = loaded.decidedAt?.getTime() ?? 0;
  if (loaded.status !== 'approved' && (deps.now?.() ?? new Date()).getTime() > approvedAt + windowMs) {
    const why = `The retry window of ${loaded.id} closed at ${new Date(approvedAt + windowMs).toISOString()} (${policy.retryWindowMinutes} minutes after its approval, TRAILHOUND_RETRY_WINDOW_MINUTES). An old approval does not authorise a new attempt: ${reproposeHint(loaded)}`;
    await audit(db, who, 'execution.retry_refused', loaded, { why });
    return { outcome: 'refused', message: why, proposal: loaded };
  }
  const claimed =
    loaded.status === 'approved'
      ? await claimExecution(db, loaded.id)
      : await claimRetry(db, loaded.id, policy.retryWindowMinutes);
  if (!claimed) {
    const now = (await getProposal(db, loaded.id))!;
    const msg =
      now.status === 'executing'
        ? `Proposal ${now.id} is executing right now (last progress ${now.execution?.steps.at(-1)?.at ?? 'just now'}); it can be taken over only after ${STALE_EXECUTION_MINUTES} minutes without progress.`
        : now.status === 'failed'
          ? `The retry window of ${now.id} has closed. ${reproposeHint(now)}`
          : explainState(now, config.TRAILHOUND_PROPOSAL_TTL_MINUTES);
    return { outcome: 'refused', message: msg, proposal: now };
  }
  await audit(db, who, 'execution.retry', claimed, {
    attempt: claimed.attempts,
    person: approverPerson(policy, d.approver),
  });
  return runExecution(deps, claimed, who, `Retry of ${claimed.id} by ${d.approver.displayName ?? who}.`);
}

export { canApprove, policyFromConfig, approverKey };
