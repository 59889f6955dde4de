import { describe, expect, it } from 'vitest';
import { offlineRules } from '../../src/agent/offline-rules';

const plan = (q: string) => offlineRules.map((r) => r.match(q)).find(Boolean);

describe('offline planner: posture questions', () => {
  it.each([
    ['run a posture scan', {}],
    ['What are our biggest risks?', { min_severity: 'high' }],
    ['are we CIS compliant?', {}],
    ['any critical security issues?', { min_severity: 'critical' }],
  ])('%s → posture_scan', (q, input) => {
    expect(plan(q)).toEqual([{ tool: 'posture_scan', input }]);
  });
  it('leaves role and activity questions to their tools', () => {
    expect(plan('which roles are riskiest?')?.[0]?.tool).toBe('analyze_roles');
    expect(plan('what did bob do this week?')?.[0]?.tool).toBe('cloudtrail_search');
  });
});
