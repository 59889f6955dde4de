/**
 * Runs a claimed proposal (status 'executing'): re-verifies the parameter hash, the action's input
 * schema, the account's remediation role and the guard-rails; assumes the remediation role; runs the
 * precheck, then the action's steps. Before each mutating call the step is recorded as 'started' in
 * proposals.execution AND the audit log; if either write fails, the call is not made (fail closed).
 * After it, the result is recorded the same way; on a retry, steps that already succeeded are not run
 * again. Audit writes are awaited: a change is never made without a record that it was about to be.
 * This is the ONLY caller of remediation executors.
 */
import { hostname } from 'node:os';
import { awsClient } from '../aws/clients';
import { explainAwsError } from '../aws/errors';
import { getAccount } from '../db/queries/accounts';
import { appendAudit } from '../db/queries/audit';
import { finishExecution, saveExecution, type ProposalRow } from '../db/queries/proposals';
import { installationExternalId } from '../db/queries/settings';
import { log } from '../log';
import { findAction } from '../remediation/actions/index';
import { ActionError, awsCode, type ActionContext, type StepPlan } from '../remediation/define-action';
import { checkTargets } from './guard-rails';
import { isDraining, trackExecution } from './in-flight';
import { needsRealArns, withRealArns } from '../remediation/target-arns';
import { paramsHash } from './hash';
import type { StoredParams } from './proposal-view';
import type { ApprovalDeps, ExecutionRecord, StepRecord } from './types';

function errorText(err: unknown, api: string, account?: string, region?: string): string {
  if (err instanceof ActionError) return err.message;
  const code = awsCode(err);
  if (code === 'Error' || !(err as { $metadata?: unknown })?.$metadata) return (err as Error)?.message ?? String(err);
  const ex = explainAwsError(err, { api, account, region });
  return ex.kind === 'access-denied'
    ? `Access denied calling ${api}: grant it to the account's remediation role (see docs/remediation.md for the policy). AWS said (${code}): ${(err as Error).message}`
    : ex.message;
}

export type ExecutionOutcome = { status: 'succeeded' | 'failed'; execution: ExecutionRecord; row?: ProposalRow };

export function executeClaimed(deps: ApprovalDeps, row: ProposalRow, actor: string): Promise<ExecutionOutcome> {
  const done = run(deps, row, actor);
  trackExecution(row.id, done);
  return done;
}

async function run(deps: ApprovalDeps, row: ProposalRow, actor: string): Promise<ExecutionOutcome> {
  const { db, config } = deps;
  const previous = row.execution as ExecutionRecord | null;
  const done = new Map<string, StepRecord>();
  for (const s of previous?.steps ?? []) if (s.status === 'succeeded') done.set(s.id, s);
  const rec: ExecutionRecord = {
    attempt: row.attempts,
    startedAt: new Date().toISOString(),
    steps: (previous?.steps ?? []).filter((s) => s.status === 'succeeded'),
    notes: [],
    owner: { host: hostname(), pid: process.pid },
  };
  const planned: StepPlan[] = [];
  const nothing = done.size ? 'Nothing more was done in this attempt' : 'Nothing was done';
  const audit = (kind: string, data: Record<string, unknown>) =>
    appendAudit(db, { actor, kind, proposalId: row.id, account: row.account, data });

  const finish = async (
    status: 'succeeded' | 'failed',
    outcome: ExecutionRecord['outcome'],
    extra: Partial<ExecutionRecord>,
  ) => {
    Object.assign(rec, extra, { outcome, finishedAt: new Date().toISOString() });
    if (status === 'failed') {
      const ok = new Set(rec.steps.filter((s) => s.status === 'succeeded' || s.status === 'skipped').map((s) => s.id));
      rec.remaining = planned.filter((p) => !ok.has(p.id)).map((p) => p.title);
      if (outcome === 'failed' && rec.remaining.length)
        rec.summary = `${rec.summary ?? rec.error ?? 'Failed.'} Not done: ${rec.remaining.join('; ')}.`;
    }
    const updated = await finishExecution(db, row.id, status, rec);
    await audit(`execution.${outcome}`, {
      summary: rec.summary,
      error: rec.error,
      remaining: rec.remaining,
      attempt: rec.attempt,
    });
    return { status, execution: rec, row: updated };
  };

  // Durable before anything else: who runs it (so a restart can reconcile) and that it started.
  if (!(await saveExecution(db, row.id, rec)))
    throw new Error(`Proposal ${row.id} is no longer executing under this claim; nothing was done.`);
  await audit('execution.started', { attempt: row.attempts, kind: row.kind });
  const params = row.params as StoredParams;
  if (
    paramsHash(params) !== row.paramsHash ||
    params.kind !== row.kind ||
    params.account !== row.account ||
    (params.region ?? null) !== row.region
  )
    return finish('failed', 'refused', {
      error: `The stored parameters do not match their hash: the proposal was altered after it was created. ${nothing}; create a new proposal.`,
    });
  const action = findAction(row.kind);
  if (!action)
    return finish('failed', 'refused', { error: `Unknown action kind ${row.kind}; ${nothing.toLowerCase()}.` });
  const parsed = action.input.safeParse(params.input);
  if (!parsed.success)
    return finish('failed', 'refused', {
      error: `The stored parameters no longer validate for ${row.kind}; ${nothing.toLowerCase()}.`,
    });
  if (!config.TRAILHOUND_REMEDIATION_ENABLED)
    return finish('failed', 'refused', {
      error: `Remediation is switched off (TRAILHOUND_REMEDIATION_ENABLED=false); ${nothing.toLowerCase()}.`,
    });
  const account = await getAccount(db, row.account);
  if (!account)
    return finish('failed', 'refused', {
      error: `Account ${row.account} is no longer configured; ${nothing.toLowerCase()}.`,
    });
  if (!account.remediationRoleArn)
    return finish('failed', 'refused', {
      error: `Account ${row.account} has no remediation role; ${nothing.toLowerCase()}. Add one: \`trailhound accounts add ${row.account} … --remediation-role-arn ARN\`.`,
    });
  const guard = checkTargets(action.targets(parsed.data), account, config);
  if (!guard.ok) return finish('failed', 'refused', { error: `Refused by the guard-rails: ${guard.why} ${nothing}.` });

  const externalId = deps.externalId ?? (await installationExternalId(db));
  const region = row.region ?? account.regions[0] ?? 'us-east-1';
  if (needsRealArns(config)) {
    // Re-read the targets' real ARNs (IAM paths) with the read role and re-check protected patterns.
    try {
      const real = await withRealArns(
        { client: (Ctor, r) => awsClient(Ctor, account, r ?? region, { externalId, purpose: 'read' }) },
        action.targets(parsed.data),
      );
      const g = checkTargets(real, account, config);
      if (!g.ok) return finish('failed', 'refused', { error: `Refused by the guard-rails: ${g.why} ${nothing}.` });
    } catch (err) {
      return finish('failed', 'refused', { error: `${(err as Error).message} ${nothing}.` });
    }
  }
  const attemptOfStep = row.attempts;
  const ctx: ActionContext = {
    account,
    region,
    observed: params.observed ?? null,
    settings: { wafBlockIpSets: config.TRAILHOUND_WAF_BLOCK_IP_SETS },
    now: () => new Date(),
    client: (Ctor, r) => awsClient(Ctor, account, r ?? region, { externalId, purpose: 'remediate' }),
    plan(steps) {
      for (const s of steps) if (!planned.some((p) => p.id === s.id)) planned.push(s);
    },
    note(id, title, status, detail) {
      rec.steps.push({ id, title, status, attempt: attemptOfStep, at: new Date().toISOString(), detail });
    },
    async step(id, title, fn) {
      if (!planned.some((p) => p.id === id)) planned.push({ id, title });
      const prior = done.get(id);
      if (prior) return prior.result as never;
      if (isDraining())
        throw new ActionError(
          `Trailhound is shutting down, so "${title}" was not started; an approver can retry it.`,
          'ShuttingDown',
        );
      // Record "about to change" durably first; if the database cannot take it, do not change AWS.
      const started: StepRecord = {
        id,
        title,
        status: 'started',
        attempt: attemptOfStep,
        at: new Date().toISOString(),
      };
      rec.steps.push(started);
      try {
        if (!(await saveExecution(db, row.id, rec))) throw new Error('the proposal is no longer executing');
        await audit('execution.step_started', { step: id, title });
      } catch (err) {
        rec.steps.pop();
        log.error('could not record a step before running it; not running it', { proposalId: row.id, step: id, err });
        throw new ActionError(
          `Could not record "${title}" before running it (${(err as Error)?.message ?? err}), so it was not run.`,
          'RecordFailed',
        );
      }
      const replace = (s: StepRecord) => {
        rec.steps[rec.steps.indexOf(started)] = s;
      };
      let result: unknown;
      try {
        result = await fn();
      } catch (err) {
        const code = err instanceof ActionError && err.code ? err.code : awsCode(err);
        const message = errorText(err, title, account.name, region);
        replace({
          id,
          title,
          status: 'failed',
          attempt: attemptOfStep,
          at: new Date().toISOString(),
          error: message,
          detail: code,
        });
        await saveExecution(db, row.id, rec);
        await audit('execution.step', { step: id, title, status: 'failed', code, error: message });
        throw new ActionError(`${title} failed: ${message}`, code);
      }
      const s: StepRecord = {
        id,
        title,
        status: 'succeeded',
        attempt: attemptOfStep,
        at: new Date().toISOString(),
        result: result ?? null,
      };
      replace(s);
      done.set(id, s);
      await saveExecution(db, row.id, rec);
      await audit('execution.step', { step: id, title, status: 'succeeded' });
      return result as never;
    },
  };

  let before: unknown;
  try {
    const pre = await action.precheck(ctx, parsed.data);
    if (!pre.ok) return finish('failed', 'refused', { error: `Precheck refused: ${pre.why} ${nothing}.` });
    before = pre.before;
    rec.before = before;
    rec.notes = pre.notes ?? [];
  } catch (err) {
    return finish('failed', 'failed', {
      error: `Precheck could not read the live state: ${errorText(err, `${row.kind} precheck`, account.name, region)}. ${nothing}.`,
    });
  }
  try {
    const out = await action.execute(ctx, parsed.data, before);
    return finish('succeeded', 'succeeded', { after: out.after, summary: out.summary });
  } catch (err) {
    const ok = rec.steps.filter((s) => s.status === 'succeeded').map((s) => s.title);
    const msg = (err as Error)?.message ?? String(err);
    return finish('failed', 'failed', {
      error: msg,
      summary: `Stopped: ${msg}${ok.length ? ` Done: ${ok.join('; ')}.` : ' No step completed.'}`,
    });
  }
}
