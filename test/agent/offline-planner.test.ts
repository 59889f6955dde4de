/**
 * The offline planner end to end over the bundled demo (planner → tool → evidence → summary): the
 * issue's five family questions answered right, every "Next:" suggestion answerable in this mode,
 * and the chat follow-ups it quoted ("what did it do in eu-west-1?", "show me the timeline", "is
 * the key still active and who owns it?", "what else did they do?").
 */
import { describe, expect, it } from 'vitest';
import { ask } from '../../src/agent/ask';
import type { ChatMemory } from '../../src/agent/follow-up';
import type { AgentAnswer } from '../../src/agent/types';
import { evidenceContext } from '../helpers/context';
import { DEMO_DIR } from '../cloudtrail/threats/demo-records';

const NOW = new Date('2026-11-23T09:00:00Z');
const askDemo = async (q: string, memory?: ChatMemory) =>
  ask(await evidenceContext(DEMO_DIR, { now: NOW }), q, { surface: 'test', ...(memory ? { memory } : {}) });
const inputs = (a: AgentAnswer) => a.toolRuns.map((r) => ({ name: r.name, input: r.input }));

describe('the five family questions over evidence/demo', () => {
  it('"did anyone stop cloudtrail?" names the caller of StopLogging and PutEventSelectors', async () => {
    const a = await askDemo('did anyone stop cloudtrail?');
    expect(a.text).toMatch(/Who: arn:aws:iam::123456789012:user\/backup-admin \(key AKIAI44QH8DHBEXAMPLE\)/);
    expect(a.text).toMatch(/Attempted: CloudTrail logging stopped \(AccessDenied\)/);
  });

  it('"who created access keys?" names ci-legacy and the user it made the key for', async () => {
    const a = await askDemo('who created access keys?');
    expect(a.text).toMatch(/Who: arn:aws:iam::123456789012:user\/ci-legacy/);
    expect(a.text).toMatch(/Access key created for another user \(target user backup-admin/);
  });

  it('"any console logins without MFA this week?" is bob only (root signed in with MFA)', async () => {
    const a = await askDemo('any console logins without MFA this week?');
    expect(a.text).toMatch(/^1 event tagged initial-access\.console-login-no-mfa for calls to ConsoleLogin/m);
    expect(a.text).toMatch(/user\/bob/);
    expect(a.text).not.toMatch(/Root user signed in/);
  });

  it('"… today?" says none in the last 24 hours and what it searched', async () => {
    const a = await askDemo('any console logins without MFA today?');
    expect(a.text).toMatch(
      /No CloudTrail events tagged initial-access\.console-login-no-mfa for calls to ConsoleLogin in demo-prod · every region in the folder · 2026-11-22 09:00Z → 2026-11-23 09:00Z/,
    );
  });

  it('"was any EBS snapshot shared?" finds the share with the outside account', async () => {
    const a = await askDemo('was any EBS snapshot shared?');
    expect(a.text).toMatch(/EBS snapshot shared with another account \(shared with account 9999888/);
    expect(a.text).toMatch(/backup-admin/);
  });

  it('"did anyone try to leave the organization?" answers no, naming what was searched', async () => {
    const a = await askDemo('did anyone try to leave the organization?');
    expect(a.toolRuns).toHaveLength(1);
    expect(a.text).toMatch(
      /No CloudTrail events for calls to LeaveOrganization\/RemoveAccountFromOrganization in demo-prod · every region in the folder/,
    );
  });
});

describe('"Next:" suggestions are answerable offline', () => {
  it('every suggestion of the demo answers maps to a tool that succeeds, and none searches an IP as a user name', async () => {
    const seen = new Set<string>();
    for (const q of ['What did AKIAIOSFODNN7EXAMPLE do this week?', 'who called StopLogging this week?']) {
      const a = await askDemo(q);
      for (const r of a.toolRuns) for (const n of r.result?.next ?? []) seen.add(n);
    }
    expect(seen.size).toBeGreaterThan(0);
    for (const n of seen) {
      const a = await askDemo(n);
      expect(a.toolRuns.length, n).toBeGreaterThan(0);
      expect(
        a.toolRuns.every((r) => r.ok),
        n,
      ).toBe(true);
      expect(a.text, n).not.toMatch(/^No CloudTrail events/m);
    }
  });
});

describe('chat follow-ups (one memory per conversation)', () => {
  it('follows the key, repeats the last search, and reads its status and owner', async () => {
    const m: ChatMemory = {};
    await askDemo('What did AKIAIOSFODNN7EXAMPLE do this week?', m);
    const region = await askDemo('what did it do in eu-west-1?', m);
    expect(inputs(region)).toEqual([
      {
        name: 'cloudtrail_search',
        input: { access_key_id: 'AKIAIOSFODNN7EXAMPLE', regions: ['eu-west-1'], last: '7d' },
      },
    ]);
    // The key made no eu-west-1 call; the answer says which files it did not read and why.
    expect(region.text).toMatch(/No CloudTrail events for AKIAIOSFODNN7EXAMPLE/);
    expect(region.text).toMatch(/under us-east-1 were not read: their path names a region you did not ask for/);
    const timeline = await askDemo('show me the timeline', m);
    expect(inputs(timeline)[0]!.input).toMatchObject({ access_key_id: 'AKIAIOSFODNN7EXAMPLE' });
    const status = await askDemo('is the key still active and who owns it?', m);
    expect(status.toolRuns.map((r) => r.name)).toEqual(['cloudtrail_search', 'map_identity']);
    expect(status.text).toMatch(/IAM user ci-legacy: 2 active access keys/);
  });

  it('"what else did they do?" after "who called StopLogging" follows backup-admin', async () => {
    const m: ChatMemory = {};
    await askDemo('who called StopLogging this week?', m);
    const a = await askDemo('what else did they do?', m);
    expect(inputs(a)[0]!.input).toMatchObject({ access_key_id: 'AKIAI44QH8DHBEXAMPLE' });
    expect(a.text).toMatch(/^16 events for AKIAI44QH8DHBEXAMPLE/m);
  });
});
