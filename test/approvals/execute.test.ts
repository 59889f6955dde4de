/**
 * A change is never made without a record, and an old failure cannot be replayed: against every
 * database backend (real PostgreSQL when TEST_DATABASE_URL is set), with AWS replayed on the wire.
 *  - the database dies right after DeleteAccessKey → the step is on record as started, and start-up
 *    reconciliation marks the proposal interrupted (last step named), retryable by an approver;
 *  - the database dies before the step → no mutating call at all (fail closed);
 *  - retry: not by the requester, not after the retry window;
 *  - SIGTERM mid-execution: the running step finishes, no new one starts, an approver retries the rest.
 */
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drainExecutions, resetInFlight } from '../../src/approvals/in-flight';
import { createProposal, decide, getProposal, retryExecution } from '../../src/approvals/index';
import { reconcileInterrupted } from '../../src/approvals/reconcile';
import type { Db } from '../../src/db/client';
import { listAudit } from '../../src/db/queries/audit';
import { backends } from '../helpers/db';
import { FakeAws, xmlErr, xmlOk } from '../remediation/fake-aws';
import { cli, harness } from '../remediation/harness';

const KEY = 'AKIAI44QH8DHBEXAMPLE';

/** The database as the executor sees it; `broken = true` makes every query fail like a lost connection. */
function breakable(db: Db) {
  const state = { broken: false };
  const proxy = new Proxy(db, {
    get(t, k, r) {
      if (state.broken && ['insert', 'update', 'select', 'execute', 'transaction'].includes(String(k)))
        throw new Error('Connection terminated unexpectedly');
      return Reflect.get(t, k, r);
    },
  });
  return { db: proxy, state };
}

for (const backend of backends()) {
  describe(`execution records (${backend})`, () => {
    let h: Awaited<ReturnType<typeof harness>>;
    let aws: FakeAws;
    beforeEach(() => {
      resetInFlight();
      aws = new FakeAws(['us-east-1', 'eu-west-1']);
    });
    afterEach(async () => h?.close());

    const propose = (requester = 'cli:dave') =>
      createProposal(h.deps, {
        kind: 'delete_access_key',
        account: 'prod',
        input: { user_name: 'bob', access_key_id: KEY },
        reason: 'Key used from a TOR exit node',
        requester,
      });

    it('attack: the database fails right after DeleteAccessKey — the step is on record and the proposal is reconciled as interrupted', async () => {
      h = await harness(backend);
      const b = breakable(h.db);
      aws.on('iam', 'ListAccessKeys', xmlOk('iam/list-access-keys.xml')).on('iam', 'DeleteAccessKey', () => {
        b.state.broken = true; // AWS did it; the database is gone before the result is recorded
        return xmlOk('iam/delete-access-key.xml');
      });
      const { proposal } = await propose();
      await expect(
        decide({ ...h.deps, db: b.db }, { proposalId: proposal.id, approver: cli('alice'), decision: 'approve' }),
      ).rejects.toThrow(/Connection terminated/);
      b.state.broken = false;
      expect(aws.mutatingCalls().map((c) => c.action)).toEqual(['DeleteAccessKey']);

      // What survived: the step recorded as started before the call, in the row and in the audit log.
      const stuck = (await getProposal(h.db, proposal.id))!;
      expect(stuck.status).toBe('executing');
      expect(stuck.execution?.steps).toEqual([
        expect.objectContaining({ id: `delete-access-key:${KEY}`, status: 'started' }),
      ]);
      const kinds = (await listAudit(h.db, { proposalId: proposal.id })).map((e) => e.kind).reverse();
      expect(kinds).toEqual(['proposal.created', 'proposal.approved', 'execution.started', 'execution.step_started']);

      // A live execution in this process is left alone; after the process is gone it is reconciled.
      expect(await reconcileInterrupted(h.db)).toEqual([]);
      await h.db.execute(
        sql`UPDATE proposals SET execution = jsonb_set(execution, '{owner,pid}', '4194303'::jsonb) WHERE id = ${proposal.id}`,
      );
      expect(await reconcileInterrupted(h.db)).toEqual([{ id: proposal.id, lastStep: `Delete access key ${KEY}` }]);
      const after = (await getProposal(h.db, proposal.id))!;
      expect(after.status).toBe('failed');
      expect(after.execution).toMatchObject({ outcome: 'interrupted' });
      expect(after.execution?.summary).toMatch(
        /Last step started: Delete access key AKIAI44QH8DHBEXAMPLE \(it may or may not have happened/,
      );
      expect(after.execution?.steps[0]).toMatchObject({ status: 'interrupted' });
      const last = (await listAudit(h.db, { proposalId: proposal.id }))[0]!;
      expect(last).toMatchObject({ kind: 'execution.interrupted', actor: 'system' });

      // Offered to approvers: a retry inside the window re-reads the live state and runs again.
      const retry = await retryExecution(h.deps, { proposalId: proposal.id, approver: cli('bob') });
      expect(retry.outcome).toBe('executed');
    });

    it('SIGTERM mid-execution: the running step finishes, no new step starts, and an approver can retry the rest', async () => {
      h = await harness(backend);
      let drained: Promise<string[]> | undefined;
      aws
        .on('iam', 'GetUser', xmlOk('iam/get-user.xml'))
        .on('iam', 'ListAccessKeys', xmlOk('iam/list-access-keys.xml'))
        .on('iam', 'GetLoginProfile', xmlOk('iam/get-login-profile.xml'))
        .on('iam', 'UpdateAccessKey', () => {
          drained ??= drainExecutions(5_000); // the signal arrives while this step's call is in flight
          return xmlOk('iam/update-access-key.xml');
        })
        .on('iam', 'DeleteLoginProfile', xmlOk('iam/delete-login-profile.xml'));
      const { proposal } = await createProposal(h.deps, {
        kind: 'disable_iam_user',
        account: 'prod',
        input: { user_name: 'bob' },
        reason: 'Key used from a TOR exit node',
        requester: 'cli:dave',
      });
      const r = await decide(h.deps, { proposalId: proposal.id, approver: cli('alice'), decision: 'approve' });
      expect(await drained).toEqual([]);
      expect(aws.mutatingCalls().map((c) => c.action)).toEqual(['UpdateAccessKey']);
      expect(r.outcome).toBe('failed');
      expect(r.message).toMatch(/Trailhound is shutting down/);
      const p = (await getProposal(h.db, proposal.id))!;
      expect(p.status).toBe('failed');
      expect(p.execution?.steps.filter((x) => x.status === 'succeeded').map((x) => x.id)).toEqual([
        'deactivate-key:AKIAIOSFODNN7EXAMPLE',
      ]);
      // The next process: an approver retries; the finished step is not repeated.
      resetInFlight();
      const retry = await retryExecution(h.deps, { proposalId: proposal.id, approver: cli('bob') });
      expect(retry.outcome).toBe('executed');
      expect(aws.mutatingCalls().map((c) => c.action)).toEqual(['UpdateAccessKey', 'DeleteLoginProfile']);
    });

    it('attack: the database fails before the mutating call — the call is not made', async () => {
      h = await harness(backend);
      const b = breakable(h.db);
      aws
        .on('iam', 'ListAccessKeys', () => {
          b.state.broken = true; // the precheck read works, then the database goes away
          return xmlOk('iam/list-access-keys.xml');
        })
        .on('iam', 'DeleteAccessKey', xmlOk('iam/delete-access-key.xml'));
      const { proposal } = await propose();
      // The precheck's read happens with the remediation role during decide.
      await expect(
        decide({ ...h.deps, db: b.db }, { proposalId: proposal.id, approver: cli('alice'), decision: 'approve' }),
      ).rejects.toThrow(/Connection terminated/);
      expect(aws.mutatingCalls()).toEqual([]);
    });

    it('attack: a failed execution cannot be retried by the requester, nor long after its approval', async () => {
      h = await harness(backend, { TRAILHOUND_RETRY_WINDOW_MINUTES: '60' });
      aws
        .on('iam', 'ListAccessKeys', xmlOk('iam/list-access-keys.xml'))
        .on('iam', 'DeleteAccessKey', xmlErr('iam/error-delete-conflict.xml', 409), xmlOk('iam/delete-access-key.xml'));
      const { proposal } = await propose('cli:carol');
      const r = await decide(h.deps, { proposalId: proposal.id, approver: cli('alice'), decision: 'approve' });
      expect(r.outcome).toBe('failed');

      const byRequester = await retryExecution(h.deps, { proposalId: proposal.id, approver: cli('carol') });
      expect(byRequester.outcome).toBe('refused');
      expect(byRequester.message).toMatch(/requested .* so you cannot retry/);

      await h.db.execute(sql`UPDATE proposals SET decided_at = now() - interval '2 hours' WHERE id = ${proposal.id}`);
      const late = await retryExecution(h.deps, { proposalId: proposal.id, approver: cli('bob') });
      expect(late.outcome).toBe('refused');
      expect(late.message).toMatch(/retry window .* closed .*60 minutes after its approval.*Re-propose it/);
      const calls = aws.mutatingCalls().length;

      await h.db.execute(
        sql`UPDATE proposals SET decided_at = now() - interval '10 minutes' WHERE id = ${proposal.id}`,
      );
      const inWindow = await retryExecution(h.deps, { proposalId: proposal.id, approver: cli('bob') });
      expect(inWindow.outcome, inWindow.message).toBe('executed');
      expect(aws.mutatingCalls().length).toBe(calls + 1);
      const refusals = (await listAudit(h.db, { proposalId: proposal.id })).filter(
        (e) => e.kind === 'execution.retry_refused',
      );
      expect(refusals.map((e) => e.actor).sort()).toEqual(['cli:bob', 'cli:carol']);
    });
  });
}
