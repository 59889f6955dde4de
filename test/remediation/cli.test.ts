/**
 * The remediation CLI in-process (so AWS can be replayed with nock): propose, proposals, approve,
 * reject, audit — same policy as Slack, clear errors for unknown/forged/expired ids, and how to
 * enable remediation when it is off.
 */
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProposal } from '../../src/approvals/index';
import { resetAwsClients } from '../../src/aws/clients';
import { operatorLogin, setOperatorLoginForTests } from '../../src/cli/operator';
import { parseConfig } from '../../src/config';
import { upsertAccount } from '../../src/db/queries/accounts';
import type { DbHandle } from '../../src/db/client';
import { cliDb, cliEnvironment, runCli } from '../helpers/cli';
import { openTestDb, postgresUrl } from '../helpers/db';
import { FakeAws, xmlOk } from './fake-aws';
import { ACCOUNT, EXTERNAL_ID } from './harness';

// The CLI acts as the operating-system account running it (`operatorLogin`); tests switch "who is
// logged in" with the operator module's test hook (put back to the OS at the file's end).

let env: ReturnType<typeof cliEnvironment>;
let handle: DbHandle;
let dataDir: string;
let aws: FakeAws;

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runCli(...args);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

const KEY_INPUT = JSON.stringify({ user_name: 'bob', access_key_id: 'AKIAI44QH8DHBEXAMPLE' });

beforeAll(async () => {
  setOperatorLoginForTests('dave');
  const pg = postgresUrl() ? await openTestDb('postgres') : undefined;
  env = cliEnvironment('th-rem-cli-', {
    TRAILHOUND_REMEDIATION_ENABLED: 'true',
    TRAILHOUND_APPROVERS: 'alice=slack:U0ALICE,cli:alice; bob=slack:U0BOB,cli:bob',
    ...(pg ? { DATABASE_URL: pg.where } : {}),
  });
  dataDir = env.dataDir;
  // PGlite: the CLI's own handle (kept open across its runs; one opener per database).
  handle = pg ?? (await cliDb());
  await upsertAccount(handle.db, ACCOUNT);
  // The CLI reads the installation External ID from the settings table; use the tests' one.
  const { settings } = await import('../../src/db/schema');
  await handle.db.insert(settings).values({ key: 'external_id', value: EXTERNAL_ID }).onConflictDoNothing();
});

afterAll(async () => {
  if (postgresUrl()) await handle.close();
  await env.restore();
});

beforeEach(() => {
  resetAwsClients();
  aws = new FakeAws(['us-east-1', 'eu-west-1']);
  aws
    .on('iam', 'ListAccessKeys', xmlOk('iam/list-access-keys.xml'))
    .on('iam', 'DeleteAccessKey', xmlOk('iam/delete-access-key.xml'));
});

describe('remediation CLI', () => {
  it('the operator is the OS account running the process, whatever TRAILHOUND_USER says', () => {
    setOperatorLoginForTests(undefined);
    process.env.TRAILHOUND_USER = 'alice';
    try {
      expect(operatorLogin()).toBe(userInfo().username);
    } finally {
      delete process.env.TRAILHOUND_USER;
      setOperatorLoginForTests('dave');
    }
  });

  it('propose → proposals → approve executes once; replays and strangers are refused; audit shows it all', async () => {
    const p = await run(
      'propose',
      'delete_access_key',
      '--account',
      'prod',
      '--input',
      KEY_INPUT,
      '--reason',
      'Leaked key used from TOR',
      '--evidence',
      'CreateUser from 185.220.101.7',
      '--evidence',
      'key on pastebin',
      '--json',
    );
    expect(p.code, p.err).toBe(0);
    const proposal = JSON.parse(p.out).proposal;
    expect(proposal).toMatchObject({
      status: 'pending',
      requester: 'cli:dave',
      evidence: ['CreateUser from 185.220.101.7', 'key on pastebin'],
    });
    expect(aws.mutatingCalls()).toEqual([]);

    const list = await run('proposals', '--status', 'pending');
    expect(list.out).toContain(proposal.id);
    expect(list.out).toContain('Delete access key AKIAI44QH8DHBEXAMPLE of IAM user bob');
    // A table: a header row, a rule, then one row per proposal with a short expiry time.
    expect(list.out).toMatch(/^ID +STATUS +KIND +ACCOUNT +REQUESTED BY +APPROVALS +EXPIRES +WHAT\n-+ /m);
    expect(list.out).toMatch(/ pending +delete_access_key .* \d{4}-\d\d-\d\d \d\d:\d\dZ +Delete access key/);
    expect(JSON.parse((await run('proposals', '--json')).out).map((x: { id: string }) => x.id)).toContain(proposal.id);

    setOperatorLoginForTests('mallory');
    const stranger = await run('approve', proposal.id);
    expect(stranger.code).toBe(1);
    expect(stranger.out).toMatch(/mallory is not an authorised approver.*TRAILHOUND_APPROVERS/);
    setOperatorLoginForTests('dave');
    const self = await run('approve', proposal.id, '--approver', 'alice');
    expect(self.code).toBe(2);
    expect(self.err).toMatch(
      /--approver alice does not match the operating-system account running this command \(dave\)/,
    );
    expect(aws.mutatingCalls()).toEqual([]);

    setOperatorLoginForTests('alice');
    const ok = await run('approve', proposal.id, '--approver', 'alice');
    expect(ok.code, ok.out + ok.err).toBe(0);
    expect(ok.out).toMatch(/Executed: Deleted access key AKIAI44QH8DHBEXAMPLE of bob/);
    expect(ok.out).toMatch(/\[succeeded\] Delete access key AKIAI44QH8DHBEXAMPLE/);
    setOperatorLoginForTests('bob');
    const replay = await run('approve', proposal.id, '--approver', 'bob');
    setOperatorLoginForTests('alice');
    expect(replay.code).toBe(1);
    expect(replay.out).toMatch(/already approved by cli:alice and executed/);
    expect(aws.mutatingCalls()).toHaveLength(1);

    const show = await run('proposal', proposal.id);
    expect(show.out).toMatch(/succeeded/);
    expect(show.out).toMatch(/\[succeeded\] Delete access key/);

    const audit = JSON.parse((await run('audit', '--proposal', proposal.id, '--json')).out).map(
      (e: { kind: string; actor: string }) => `${e.kind}:${e.actor}`,
    );
    expect(audit.reverse()).toEqual([
      'proposal.created:cli:dave',
      'proposal.approve_refused:cli:mallory',
      'proposal.approved:cli:alice',
      'execution.started:cli:alice',
      'execution.step_started:cli:alice',
      'execution.step:cli:alice',
      'execution.succeeded:cli:alice',
    ]);
    expect((await run('audit')).out).toMatch(/proposal\.created/);
    // A table with a header row; `audit verify --json` is JSON (commander gave --json to `audit`).
    expect((await run('audit')).out.split('\n')[0]).toMatch(/^TIME\s+EVENT\s+ACTOR\s+PROPOSAL\s+DETAIL$/);
    const verified = await run('audit', 'verify', '--json');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.out)).toMatchObject({ ok: true, rows: expect.any(Number) });
    setOperatorLoginForTests('dave');
  });

  it('reject, unknown and forged ids, expired proposals and bad input give clear errors', async () => {
    const p = JSON.parse(
      (await run('propose', 'delete_access_key', '--account', 'prod', '--input', KEY_INPUT, '--reason', 'r', '--json'))
        .out,
    ).proposal;
    setOperatorLoginForTests('bob');
    const rej = await run('reject', p.id, '--reason', 'bob rotates it himself');
    setOperatorLoginForTests('alice');
    expect(rej.code).toBe(0);
    expect(rej.out).toMatch(/Rejected prp_[0-9a-f]{16}: bob rotates it himself\. Nothing was changed/);

    const unknown = await run('approve', 'prp_00000000deadbeef', '--approver', 'alice');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toMatch(/No proposal with id prp_00000000deadbeef/);
    const forged = await run('approve', '1; DROP TABLE proposals', '--approver', 'alice');
    expect(forged.out).toMatch(/is not a proposal id/);

    const db = handle.db;
    const stale = await createProposal(
      {
        db,
        config: parseConfig({ TRAILHOUND_REMEDIATION_ENABLED: 'true' }),
        externalId: EXTERNAL_ID,
        now: () => new Date(Date.now() - 3_600_000),
      },
      { kind: 'delete_access_key', account: 'prod', input: JSON.parse(KEY_INPUT), reason: 'r', requester: 'cli:dave' },
    );
    const expired = await run('approve', stale.proposal.id, '--approver', 'alice');
    expect(expired.code).toBe(1);
    expect(expired.out).toMatch(
      /expired at .*valid for 30 minutes.*trailhound propose delete_access_key --account prod/,
    );
    setOperatorLoginForTests('dave');

    const badJson = await run('propose', 'delete_access_key', '--account', 'prod', '--input', '{user', '--reason', 'r');
    expect(badJson.code).toBe(2);
    expect(badJson.err).toMatch(/--input is not valid JSON/);
    const badKind = await run('propose', 'nuke', '--account', 'prod', '--input', '{}', '--reason', 'r');
    expect(badKind.err).toMatch(/Unknown action "nuke". Available: delete_access_key, disable_iam_user/);
    expect(aws.mutatingCalls()).toEqual([]);
  });

  it('a target that could not be read (no AWS credentials) is proposed with a warning that says why, explained', async () => {
    const keep = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dataDir, 'no-such-credentials');
    process.env.AWS_CONFIG_FILE = join(dataDir, 'no-such-config');
    resetAwsClients();
    try {
      const p = await run('propose', 'delete_access_key', '--account', 'prod', '--input', KEY_INPUT, '--reason', 'r');
      expect(p.code, p.err).toBe(0);
      expect(p.out).toMatch(
        /warning: Could not read the target's current state with the read role \(No AWS credentials found for delete_access_key \(read\) on account prod .*\); the precheck will still re-read it/,
      );
      expect(p.out).not.toMatch(/CredentialsProviderError/);
    } finally {
      process.env.AWS_ACCESS_KEY_ID = keep.id;
      process.env.AWS_SECRET_ACCESS_KEY = keep.secret;
      delete process.env.AWS_SHARED_CREDENTIALS_FILE;
      delete process.env.AWS_CONFIG_FILE;
    }
  });

  it('says how to enable remediation when it is off', async () => {
    process.env.TRAILHOUND_REMEDIATION_ENABLED = 'false';
    const r = await run('propose', 'delete_access_key', '--account', 'prod', '--input', KEY_INPUT, '--reason', 'r');
    process.env.TRAILHOUND_REMEDIATION_ENABLED = 'true';
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /Remediation is switched off. Enable it with TRAILHOUND_REMEDIATION_ENABLED=true.*--remediation-role-arn/,
    );
    const policy = JSON.parse((await run('remediation-policy')).out);
    expect(policy.Statement[0].Action).toEqual(
      expect.arrayContaining(['iam:DeleteAccessKey', 'ec2:TerminateInstances', 'wafv2:UpdateIPSet']),
    );
  });

  it('attack: one person cannot pass the two-person rule by changing TRAILHOUND_USER, --approver or surface', async () => {
    process.env.TRAILHOUND_TWO_PERSON_KINDS = 'delete_access_key';
    try {
      // mallory (not an approver) requests; then tries to approve as alice and as bob.
      setOperatorLoginForTests('mallory');
      const p = JSON.parse(
        (
          await run(
            'propose',
            'delete_access_key',
            '--account',
            'prod',
            '--input',
            KEY_INPUT,
            '--reason',
            'r',
            '--json',
          )
        ).out,
      ).proposal;
      expect(p).toMatchObject({ requester: 'cli:mallory', requiredApprovals: 2 });
      const asAlice = await run('approve', p.id, '--approver', 'alice');
      expect(asAlice.code).toBe(2);
      process.env.TRAILHOUND_USER = 'x';
      const asBob = await run('approve', p.id, '--approver', 'bob');
      expect(asBob.code).toBe(2);
      const asX = await run('approve', p.id);
      expect(asX.code).toBe(1);
      expect(asX.out).toMatch(/mallory is not an authorised approver/);
      delete process.env.TRAILHOUND_USER;

      // alice approves from the CLI; her Slack id is the same person, so it is not a second approver.
      setOperatorLoginForTests('alice');
      const first = await run('approve', p.id, '--json');
      expect(JSON.parse(first.out).outcome).toBe('awaiting_second_approval');
      const db = handle.db;
      const { decide } = await import('../../src/approvals/index');
      const cfg = parseConfig({ ...process.env });
      const viaSlack = await decide(
        { db, config: cfg, externalId: EXTERNAL_ID },
        {
          proposalId: p.id,
          approver: { id: 'U0ALICE', surface: 'slack', slackUserId: 'U0ALICE' },
          decision: 'approve',
        },
      );
      expect(viaSlack.outcome).toBe('refused');
      expect(viaSlack.message).toMatch(/already approved .*as alice.*different person/);

      // A Slack requester cannot approve their own proposal from the CLI.
      const own = await createProposal(
        { db, config: cfg, externalId: EXTERNAL_ID },
        {
          kind: 'delete_access_key',
          account: 'prod',
          input: JSON.parse(KEY_INPUT),
          reason: 'r',
          requester: 'slack:U0BOB',
        },
      );
      setOperatorLoginForTests('bob');
      const self = await run('approve', own.proposal.id);
      expect(self.code).toBe(1);
      expect(self.out).toMatch(/requested .*another person must approve it/);

      const approvals = JSON.parse((await run('proposal', p.id, '--json')).out).approvals;
      expect(approvals).toEqual([expect.objectContaining({ by: 'cli:alice', person: 'person:alice' })]);
      expect(aws.mutatingCalls()).toEqual([]);
    } finally {
      delete process.env.TRAILHOUND_TWO_PERSON_KINDS;
      delete process.env.TRAILHOUND_USER;
      setOperatorLoginForTests('dave');
    }
  });
});
