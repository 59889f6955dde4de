/**
 * No mutating AWS call happens anywhere except from an approved proposal: every HTTP request is
 * recorded while the model proposes (through ask() and the Claude loop), while proposals are listed,
 * rejected, refused and expire — and none of them mutates or even assumes the remediation role.
 * Also: propose_* tools are offered to the model only when remediation is enabled and an account has
 * a remediation role; and mutating SDK commands are imported only by src/remediation/actions, which
 * only src/approvals reaches.
 */
import Anthropic from '@anthropic-ai/sdk';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ask } from '../../src/agent/ask';
import {
  createProposal,
  decide,
  expireDue,
  getProposal,
  listProposals,
  pendingForApprover,
} from '../../src/approvals/index';
import { resetAwsClients } from '../../src/aws/clients';
import { parseConfig } from '../../src/config';
import { executeTool } from '../../src/runtime/execute-tool';
import { findTool, proposeTools } from '../../tools/index';
import { liveContext } from '../helpers/context';
import { wireJson } from '../helpers/fixtures';
import { FakeAws, READ_KEY, REMEDIATION_ROLE, xmlOk } from './fake-aws';
import { ACCOUNT, BASE_ENV, cli, harness } from './harness';

let h: Awaited<ReturnType<typeof harness>>;
let aws: FakeAws;
beforeAll(async () => {
  h = await harness('pglite');
});
afterAll(async () => h.close());
beforeEach(() => {
  resetAwsClients();
  aws = new FakeAws(['us-east-1', 'eu-west-1']);
  aws
    .on('iam', 'ListAccessKeys', xmlOk('iam/list-access-keys.xml'))
    .on('iam', 'GetUser', xmlOk('iam/get-user.xml'))
    .on('iam', 'ListAttachedUserPolicies', xmlOk('iam/list-attached-user-policies.xml'))
    .on('ec2', 'DescribeInstances', xmlOk('ec2/describe-instances.xml'))
    .on('wafv2', 'ListIPSets', xmlOk('wafv2/list-ip-sets.json'))
    .on('wafv2', 'GetIPSet', xmlOk('wafv2/get-ip-set.json'))
    .on('wafv2', 'ListWebACLs', (p) =>
      xmlOk(p.NextMarker ? 'wafv2/list-web-acls-last-page.json' : 'wafv2/list-web-acls.json'),
    )
    .on('wafv2', 'GetWebACL', xmlOk('wafv2/get-web-acl.json'));
});

const ctx = (env: Record<string, string> = {}, accounts = [ACCOUNT]) =>
  liveContext({ db: h.db, accounts, env: { ...BASE_ENV, ...env } });

const INPUTS: Record<string, Record<string, unknown>> = {
  propose_delete_access_key: { user_name: 'bob', access_key_id: 'AKIAI44QH8DHBEXAMPLE' },
  propose_disable_iam_user: { user_name: 'bob' },
  propose_delete_iam_user: { user_name: 'bob' },
  propose_detach_admin_policies: { principal_type: 'user', principal_name: 'bob' },
  propose_terminate_ec2_instances: { instance_ids: ['i-0598c7d356eba48d7'], region: 'us-east-1' },
  propose_block_ip_in_waf: { ip_set_name: 'trailhound-blocklist', scope: 'REGIONAL', cidr: '185.220.101.7' },
};
const WHY = {
  reason: 'Key used from a TOR exit node to create users',
  evidence: ['CreateUser by AKIAI44QH8DHBEXAMPLE from 185.220.101.7'],
  confidence: 'high',
};

function assertNothingMutated() {
  expect(aws.mutatingCalls()).toEqual([]);
  expect(aws.calls.filter((c) => c.action === 'AssumeRole' && c.params.RoleArn === REMEDIATION_ROLE)).toEqual([]);
  expect(aws.calls.filter((c) => c.service !== 'sts').every((c) => c.signedWith === READ_KEY)).toBe(true);
}

describe('nothing mutates outside an approved proposal', () => {
  it('every propose_* tool records a pending proposal with reads only; listing, rejecting, refusing and expiring never mutate', async () => {
    expect(proposeTools.map((t) => t.name).sort()).toEqual(Object.keys(INPUTS).sort());
    const c = ctx();
    const ids: string[] = [];
    for (const [name, input] of Object.entries(INPUTS)) {
      const tool = findTool(name)!;
      expect(tool.kind).toBe('propose');
      expect(tool.description).toMatch(/PROPOSES \(does not perform\)/);
      expect(tool.description).toMatch(/human approver must approve/);
      const out = await executeTool(c, tool, { ...input, ...WHY });
      expect(out.ok, out.ok ? '' : out.error).toBe(true);
      if (!out.ok) continue;
      const d = out.result.data as { proposal_id: string; status: string };
      expect(d.status).toBe('pending');
      expect(out.result.summary).toMatch(/PENDING — nothing has been changed yet/);
      ids.push(d.proposal_id);
    }
    expect(ids).toHaveLength(6);
    expect(aws.calls.length).toBeGreaterThan(6);
    assertNothingMutated();

    expect((await listProposals(h.db, { status: 'pending' })).length).toBeGreaterThanOrEqual(6);
    expect((await pendingForApprover(h.deps, cli('alice'))).map((p) => p.id)).toEqual(expect.arrayContaining(ids));
    expect(await getProposal(h.db, ids[0]!)).toMatchObject({ status: 'pending', requester: 'test:analyst' });
    for (const id of ids.slice(0, 3))
      expect(
        (await decide(h.deps, { proposalId: id, approver: cli('bob'), decision: 'reject', reason: 'not now' })).outcome,
      ).toBe('rejected');
    for (const id of ids.slice(3)) {
      expect((await decide(h.deps, { proposalId: id, approver: cli('mallory'), decision: 'approve' })).outcome).toBe(
        'refused',
      );
      expect(
        (
          await decide(h.deps, {
            proposalId: id,
            approver: { id: 'test:analyst', surface: 'cli' },
            decision: 'approve',
          })
        ).outcome,
      ).toBe('refused');
    }
    const stale = await createProposal(
      { ...h.deps, now: () => new Date(Date.now() - 3_600_000) },
      {
        kind: 'delete_access_key',
        account: 'prod',
        input: INPUTS.propose_delete_access_key,
        reason: 'r',
        requester: 'cli:dave',
      },
    );
    expect(await expireDue(h.db)).toBeGreaterThanOrEqual(1);
    expect(
      (await decide(h.deps, { proposalId: stale.proposal.id, approver: cli('alice'), decision: 'approve' })).outcome,
    ).toBe('refused');
    assertNothingMutated();
  });

  it('a model that calls propose_* through the Claude loop only creates a pending proposal', async () => {
    const bodies: any[] = [];
    const use = wireJson('anthropic/message-tool-use.json');
    use.content = [
      {
        type: 'tool_use',
        id: 'toolu_01PROPOSE000000000000001',
        name: 'propose_delete_access_key',
        input: { ...INPUTS.propose_delete_access_key, ...WHY },
      },
    ];
    const fin = wireJson('anthropic/message-final.json');
    fin.content = [{ type: 'text', text: 'I proposed deleting the key; it awaits approval.' }];
    nock('https://api.anthropic.com')
      .post('/v1/messages', (b) => (bodies.push(b), true))
      .reply(200, use)
      .post('/v1/messages', (b) => (bodies.push(b), true))
      .reply(200, fin);
    const answer = await ask(ctx(), 'Contain the leaked key AKIAI44QH8DHBEXAMPLE', {
      surface: 'test',
      anthropic: new Anthropic({ apiKey: 'sk-ant-test-key-000000000000', maxRetries: 0 }),
    });
    expect(bodies[0].tools.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(Object.keys(INPUTS)));
    const result = JSON.stringify(bodies[1].messages.at(-1).content);
    expect(result).toMatch(/prp_[0-9a-f]{16}/);
    expect(answer.text).toMatch(/awaits approval/);
    const id = /prp_[0-9a-f]{16}/.exec(result)![0];
    expect((await getProposal(h.db, id))?.status).toBe('pending');
    assertNothingMutated();
  });

  it('a proposal may only act in an account the question covers: text naming another account is refused', async () => {
    const staging = { ...ACCOUNT, name: 'staging', accountId: '333333333333' };
    const out = await executeTool(ctx({}, [staging]), findTool('propose_block_ip_in_waf')!, {
      ...INPUTS.propose_block_ip_in_waf,
      account: 'prod',
      ...WHY,
    });
    expect(out.ok).toBe(false);
    expect(out.ok ? '' : out.error).toMatch(/Account prod is not in this question's scope \(staging\)/);
    const byId = await executeTool(ctx({}, [staging]), findTool('propose_delete_access_key')!, {
      ...INPUTS.propose_delete_access_key,
      account: ACCOUNT.accountId,
      ...WHY,
    });
    expect(byId.ok).toBe(false);
    expect(aws.calls).toEqual([]);
  });

  it('propose_* tools are not offered without remediation enabled, or without a remediation role', async () => {
    for (const [env, accounts] of [
      [{ TRAILHOUND_REMEDIATION_ENABLED: 'false' }, [ACCOUNT]],
      [{}, [{ ...ACCOUNT, remediationRoleArn: null }]],
    ] as const) {
      const bodies: any[] = [];
      const fin = wireJson('anthropic/message-final.json');
      nock('https://api.anthropic.com')
        .post('/v1/messages', (b) => (bodies.push(b), true))
        .reply(200, fin);
      await ask(ctx(env, [...accounts]), 'delete the key', {
        surface: 'test',
        anthropic: new Anthropic({ apiKey: 'sk-ant-test-key-000000000000', maxRetries: 0 }),
      });
      const names = bodies[0].tools.map((t: { name: string }) => t.name);
      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((n: string) => n.startsWith('propose_'))).toEqual([]);
    }
    // And the service itself refuses, with how to enable it, when called anyway.
    await expect(
      createProposal(
        { ...h.deps, config: parseConfig({ ...BASE_ENV, TRAILHOUND_REMEDIATION_ENABLED: 'false' }) },
        { kind: 'delete_iam_user', account: 'prod', input: { user_name: 'bob' }, reason: 'r', requester: 'x' },
      ),
    ).rejects.toThrow(/TRAILHOUND_REMEDIATION_ENABLED=true/);
    assertNothingMutated();
  });
});

describe('where mutating AWS calls can live', () => {
  const root = join(import.meta.dirname, '../..');
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) return f === 'node_modules' ? [] : files(p);
      return /\.ts$/.test(f) && !/\.test\.ts$/.test(f) ? [p] : [];
    });
  }
  const sources = [...files(join(root, 'src')), ...files(join(root, 'tools'))].map((p) => ({
    path: relative(root, p),
    text: readFileSync(p, 'utf8'),
  }));
  const MUTATING =
    /\b(Delete|Update|Detach|Terminate|Remove|Deactivate|Put|Create|Attach|Stop|Modify|Revoke|Disable)\w*Command\b/;

  it('mutating SDK commands are imported only in src/remediation/actions', () => {
    const offenders = sources
      .filter(
        (s) =>
          /from '@aws-sdk\/client-/.test(s.text) &&
          MUTATING.test(s.text.match(/import[^;]+from '@aws-sdk\/client-[^']+'/g)?.join('\n') ?? ''),
      )
      .map((s) => s.path);
    expect(offenders.every((p) => p.startsWith('src/remediation/actions/'))).toBe(true);
    expect(offenders.length).toBeGreaterThanOrEqual(6);
  });

  it('the action modules are reached only through src/approvals', () => {
    const importers = sources
      .filter(
        (s) =>
          /from '[./]*(\.\.\/)*(src\/)?remediation\/actions\//.test(s.text) ||
          /from '\.\.\/remediation\/actions\/index'/.test(s.text),
      )
      .map((s) => s.path);
    expect(importers.filter((p) => !p.startsWith('src/approvals/') && !p.startsWith('src/remediation/'))).toEqual([]);
  });
});
