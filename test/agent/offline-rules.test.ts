import { describe, expect, it } from 'vitest';
import { offlineRules, windowFrom } from '../../src/agent/offline-rules';

const plan = (q: string) => offlineRules.map((r) => r.match(q)).find(Boolean);

describe('offline planner rules', () => {
  it.each([
    ['what did AKIAIOSFODNN7EXAMPLE do today?', { access_key_id: 'AKIAIOSFODNN7EXAMPLE', last: '24h' }],
    ['What did AKIAIOSFODNN7EXAMPLE do this week', { access_key_id: 'AKIAIOSFODNN7EXAMPLE', last: '7d' }],
    ['what did ASIAJ2UCCR6DPEXAMPLE do in the last 3 days?', { access_key_id: 'ASIAJ2UCCR6DPEXAMPLE', last: '3d' }],
    ['what did AKIAIOSFODNN7EXAMPLE do in the past 12 hours', { access_key_id: 'AKIAIOSFODNN7EXAMPLE', last: '12h' }],
    ['what did ci-legacy do this week?', { user_name: 'ci-legacy', last: '7d' }],
    ['What did user jane.doe@example.com do in the last 2 hours?', { user_name: 'jane.doe@example.com', last: '2h' }],
  ])('%s', (q, input) => {
    expect(plan(q)).toEqual([{ tool: 'cloudtrail_search', input }]);
  });

  it('defaults to a week', () => expect(windowFrom('what did x do')).toBeUndefined());
  it('does not invent a plan for unrelated text', () => expect(plan('hello there')).toBeUndefined());
});
