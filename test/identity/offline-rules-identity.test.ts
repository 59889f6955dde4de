import { describe, expect, it } from 'vitest';
import { offlineRules } from '../../src/agent/offline-rules';
import { allTools } from '../../tools/index';

const plan = (q: string) => offlineRules.map((r) => r.match(q)).find(Boolean) ?? null;

describe('offline rules: identity, auth model, activity from an IP', () => {
  it('map a person to sessions', () => {
    expect(plan('map jane.doe@example.com to their AWS sessions')).toEqual([
      { tool: 'map_identity', input: { identity: 'jane.doe@example.com' } },
    ]);
    expect(plan('Which AWS sessions belong to sam.lee@example.com in the last 30 days?')).toEqual([
      { tool: 'map_identity', input: { identity: 'sam.lee@example.com', last: '30d' } },
    ]);
    expect(plan('map jdoe to their sessions')).toEqual([{ tool: 'map_identity', input: { identity: 'jdoe' } }]);
    expect(plan('map out our exposure to the internet')?.[0]?.tool).not.toBe('map_identity');
  });
  it('how people authenticate', () => {
    expect(plan('how do people authenticate to this account?')).toEqual([{ tool: 'discover_auth_model', input: {} }]);
    expect(plan('How do engineers log in to AWS this month?')).toEqual([
      { tool: 'discover_auth_model', input: { last: '30d' } },
    ]);
    expect(plan("what's the auth model of prod?")).toEqual([{ tool: 'discover_auth_model', input: {} }]);
  });
  it('activity from an IP or CIDR maps to cloudtrail_search source_ip', () => {
    expect(plan('what happened from 185.220.101.34?')).toEqual([
      { tool: 'cloudtrail_search', input: { source_ip: '185.220.101.34', last: '7d' } },
    ]);
    expect(plan('show activity from 185.220.101.0/24 in the last 3 days')).toEqual([
      { tool: 'cloudtrail_search', input: { source_ip: '185.220.101.0/24', last: '3d' } },
    ]);
    expect(plan('what did 2001:db8::5 do?')).toEqual([
      { tool: 'cloudtrail_search', input: { source_ip: '2001:db8::5', last: '7d' } },
    ]);
  });
  it('every planned tool exists and its input validates', () => {
    const tools = new Map(allTools().map((t) => [t.name, t]));
    for (const q of [
      'map jane.doe@example.com to their AWS sessions',
      'how do people authenticate to this account?',
      'what happened from 185.220.101.34?',
    ]) {
      for (const c of plan(q)!) {
        const t = tools.get(c.tool);
        expect(t, c.tool).toBeDefined();
        expect(t!.input.safeParse(c.input).success).toBe(true);
      }
    }
  });
  it('does not steal other questions', () => {
    expect(plan('what did AKIAIOSFODNN7EXAMPLE do this week?')![0]!.tool).toBe('cloudtrail_search');
    expect(plan('what did ci-legacy do in the last 3 days?')![0]).toEqual({
      tool: 'cloudtrail_search',
      input: { user_name: 'ci-legacy', last: '3d' },
    });
  });
});
