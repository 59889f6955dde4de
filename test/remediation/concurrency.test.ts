/**
 * Exactly-once execution under contention, against REAL PostgreSQL (two connection pools standing
 * in for two replicas): fifty concurrent approvals of one proposal lead to exactly one mutating AWS
 * call on the wire; with the two-person rule, exactly two approvals are recorded and one execution runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createProposal, decide, type ApprovalDeps } from '../../src/approvals/index';
import type { DbHandle } from '../../src/db/client';
import { listAudit } from '../../src/db/queries/audit';
import { openDbForFile, postgresUrl } from '../helpers/db';
import { FakeAws, xmlOk } from './fake-aws';
import { cli, harness } from './harness';

const APPROVERS = Array.from({ length: 50 }, (_, i) => `approver${i}`);
const input = { user_name: 'bob', access_key_id: 'AKIAI44QH8DHBEXAMPLE' };

if (!postgresUrl())
  console.warn(
    '[concurrency.test] TEST_DATABASE_URL is not set: the 50-concurrent-approvals test on real PostgreSQL is SKIPPED. Run with TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test.',
  );

describe.skipIf(!postgresUrl())('exactly-once execution on PostgreSQL', () => {
  let h: Awaited<ReturnType<typeof harness>> | undefined;
  let replica: DbHandle | undefined;
  afterEach(async () => {
    await replica?.close();
    await h?.close();
  });

  async function setup(env: Record<string, string> = {}) {
    h = await harness('postgres', { TRAILHOUND_APPROVERS_CLI: APPROVERS.join(','), ...env });
    replica = await openDbForFile({ url: h.handle.where, migrate: false });
    const aws = new FakeAws(['us-east-1', 'eu-west-1']);
    aws
      .on('iam', 'ListAccessKeys', xmlOk('iam/list-access-keys.xml'))
      .on('iam', 'DeleteAccessKey', xmlOk('iam/delete-access-key.xml'));
    const { proposal } = await createProposal(h.deps, {
      kind: 'delete_access_key',
      account: 'prod',
      input,
      reason: 'leaked key',
      requester: 'cli:dave',
    });
    const replicaDeps: ApprovalDeps = { ...h.deps, db: replica.db };
    return { aws, proposal, replicaDeps };
  }

  it('fifty concurrent approvals (distinct approvers, two replicas) → exactly one DeleteAccessKey on the wire', async () => {
    const { aws, proposal, replicaDeps } = await setup();
    const results = await Promise.all(
      APPROVERS.map((a, i) =>
        decide(i % 2 ? replicaDeps : h!.deps, { proposalId: proposal.id, approver: cli(a), decision: 'approve' }),
      ),
    );
    const outcomes = results.map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'executed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(49);
    expect(aws.mutatingCalls().map((c) => c.action)).toEqual(['DeleteAccessKey']);
    const audit = await listAudit(h!.db, { proposalId: proposal.id });
    expect(audit.filter((e) => e.kind === 'proposal.approved')).toHaveLength(1);
    expect(audit.filter((e) => e.kind === 'execution.started')).toHaveLength(1);
  });

  it('fifty concurrent clicks by the SAME approver (double click, replay) → one execution', async () => {
    const { aws, proposal, replicaDeps } = await setup();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        decide(i % 2 ? replicaDeps : h!.deps, {
          proposalId: proposal.id,
          approver: cli('approver7'),
          decision: 'approve',
        }),
      ),
    );
    expect(results.filter((r) => r.outcome === 'executed')).toHaveLength(1);
    expect(aws.mutatingCalls()).toHaveLength(1);
  });

  it('two-person rule under contention: exactly two distinct approvals recorded, one execution', async () => {
    const { aws, proposal, replicaDeps } = await setup({ TRAILHOUND_TWO_PERSON_KINDS: 'delete_access_key' });
    const results = await Promise.all(
      APPROVERS.map((a, i) =>
        decide(i % 2 ? replicaDeps : h!.deps, { proposalId: proposal.id, approver: cli(a), decision: 'approve' }),
      ),
    );
    const outcomes = results.map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'executed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'awaiting_second_approval')).toHaveLength(1);
    expect(aws.mutatingCalls()).toHaveLength(1);
    const final = results.find((r) => r.outcome === 'executed')!.proposal!;
    expect(final.approvals).toHaveLength(2);
    expect(new Set(final.approvals.map((a) => a.by)).size).toBe(2);
  });

  it('concurrent approve and reject: exactly one wins', async () => {
    const { aws, proposal, replicaDeps } = await setup();
    const results = await Promise.all(
      APPROVERS.map((a, i) =>
        decide(i % 2 ? replicaDeps : h!.deps, {
          proposalId: proposal.id,
          approver: cli(a),
          decision: i % 3 ? 'approve' : 'reject',
        }),
      ),
    );
    const winners = results.filter((r) => r.outcome === 'executed' || r.outcome === 'rejected');
    expect(winners).toHaveLength(1);
    expect(aws.mutatingCalls()).toHaveLength(winners[0]!.outcome === 'executed' ? 1 : 0);
  });
});
