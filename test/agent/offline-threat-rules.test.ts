/**
 * The offline planner understands the threat-family questions it used to reject, and chat
 * follow-ups refer to the last entity instead of searching for a user named "it".
 */
import { describe, expect, it } from 'vitest';
import { type ChatMemory, followUp, remember } from '../../src/agent/follow-up';
import { offlineRules } from '../../src/agent/offline-rules';
import { threatRules } from '../../src/agent/offline-threat-rules';

const plan = (q: string) => [...offlineRules, ...threatRules].map((r) => r.match(q)).find((p) => p);

describe('map_identity questions', () => {
  it('"which sessions belong to jdoe?" maps the person, as the identity guide asks it', () => {
    expect(plan('which sessions belong to jdoe?')).toEqual([{ tool: 'map_identity', input: { identity: 'jdoe' } }]);
    expect(plan('what sessions belong to jane.doe@example.com?')).toEqual([
      { tool: 'map_identity', input: { identity: 'jane.doe@example.com' } },
    ]);
    expect(plan('map jane.doe@example.com to their AWS sessions')).toEqual([
      { tool: 'map_identity', input: { identity: 'jane.doe@example.com' } },
    ]);
  });
});

describe('threat-family questions', () => {
  const cases: [string, Record<string, unknown>][] = [
    [
      'did anyone stop cloudtrail?',
      { event_names: ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'] },
    ],
    ['who created access keys?', { event_names: ['CreateAccessKey'] }],
    [
      'any console logins without MFA today?',
      { event_names: ['ConsoleLogin'], rule_ids: ['initial-access.console-login-no-mfa'], last: '24h' },
    ],
    ['was any EBS snapshot shared?', { event_names: expect.arrayContaining(['ModifySnapshotAttribute']) }],
    [
      'did anyone try to leave the organization?',
      { event_names: ['LeaveOrganization', 'RemoveAccountFromOrganization'] },
    ],
    ['anything suspicious this week?', { threats_only: true, last: '7d' }],
  ];
  for (const [q, input] of cases)
    it(q, () => {
      expect(plan(q)).toEqual([{ tool: 'cloudtrail_search', input: expect.objectContaining(input) }]);
    });

  it('"what did 185.220.101.34 do?" (the search tool\'s own suggestion) searches the address, not a user of that name', () => {
    expect(plan('what did 185.220.101.34 do?')).toEqual([
      { tool: 'cloudtrail_search', input: { source_ip: '185.220.101.34', last: '7d' } },
    ]);
    expect(plan('what did 2001:db8::1 do?')?.[0]?.input).toMatchObject({ source_ip: '2001:db8::1' });
  });

  it('"what did it do?" without a memory is not a search for a user named "it"', () => {
    expect(plan('what did it do in eu-west-1?')).toBeUndefined();
    expect(plan('what did they do this week?')).toBeUndefined();
  });

  it('the questions that already worked still map as before', () => {
    expect(plan('what did AKIAIOSFODNN7EXAMPLE do this week?')?.[0]?.input).toMatchObject({
      access_key_id: 'AKIAIOSFODNN7EXAMPLE',
    });
    expect(plan('who called StopLogging this week?')?.[0]?.input).toMatchObject({ event_names: ['StopLogging'] });
  });
});

describe('chat follow-ups', () => {
  it('"what did it do in eu-west-1?" searches the last key in that region, not a user named "it"', () => {
    const m: ChatMemory = {};
    remember(m, plan('what did AKIAIOSFODNN7EXAMPLE do this week?'));
    expect(followUp(m, 'what did it do in eu-west-1?')).toEqual([
      {
        tool: 'cloudtrail_search',
        input: { access_key_id: 'AKIAIOSFODNN7EXAMPLE', regions: ['eu-west-1'], last: '7d' },
      },
    ]);
  });

  it('"show me the timeline" repeats the last search; without memory it is not a follow-up', () => {
    const m: ChatMemory = {};
    expect(followUp(m, 'show me the timeline')).toBeNull();
    remember(m, plan('what happened from 185.220.101.34?'));
    expect(followUp(m, 'show me the timeline')?.[0]?.input).toMatchObject({ source_ip: '185.220.101.34' });
  });

  it('"what else did they do?" after a family question follows the caller the answer led with', () => {
    const m: ChatMemory = {};
    remember(m, plan('who called StopLogging this week?'), [
      {
        principal: 'arn:aws:iam::123456789012:user/backup-admin',
        name: 'backup-admin',
        accessKeyIds: ['AKIAI44QH8DHBEXAMPLE'],
      },
    ]);
    expect(followUp(m, 'what else did they do?')).toEqual([
      { tool: 'cloudtrail_search', input: { access_key_id: 'AKIAI44QH8DHBEXAMPLE', last: '7d' } },
    ]);
    // "show me the timeline" still repeats the search itself.
    expect(followUp(m, 'show me the timeline')?.[0]?.input).toMatchObject({ event_names: ['StopLogging'] });
  });

  it('"is the key still active and who owns it?" reads the key and its owner, kept across a narrower empty search', () => {
    const m: ChatMemory = {};
    const who = [
      {
        principal: 'arn:aws:iam::123456789012:user/ci-legacy',
        name: 'ci-legacy',
        accessKeyIds: ['AKIAIOSFODNN7EXAMPLE'],
      },
    ];
    remember(m, plan('what did AKIAIOSFODNN7EXAMPLE do this week?'), who);
    const narrow = followUp(m, 'what did it do in eu-west-1?');
    remember(m, narrow, []);
    expect(followUp(m, 'is the key still active and who owns it?')).toEqual([
      { tool: 'cloudtrail_search', input: { access_key_id: 'AKIAIOSFODNN7EXAMPLE', last: '7d' } },
      { tool: 'map_identity', input: { identity: 'ci-legacy' } },
    ]);
  });

  it('a question without a pronoun is not rewritten', () => {
    const m: ChatMemory = {};
    remember(m, plan('what did AKIAIOSFODNN7EXAMPLE do this week?'));
    expect(followUp(m, 'who created access keys?')).toBeNull();
  });
});
