import { describe, expect, it } from 'vitest';
import { offlineRules } from '../../src/agent/offline-rules';

const rule = offlineRules.find((r) => r.id === 'who-called-api')!;

describe('offline rule: who called an API', () => {
  it.each([
    ['who called StopLogging or DeleteTrail this week?', { event_names: ['StopLogging', 'DeleteTrail'], last: '7d' }],
    ['any PutEventSelectors events in the last 3 days', { event_names: ['PutEventSelectors'], last: '3d' }],
    ['show calls to GetSecretValue today', { event_names: ['GetSecretValue'], last: '24h' }],
  ])('%s', (q, input) => {
    expect(rule.match(q)).toEqual([{ tool: 'cloudtrail_search', input }]);
  });
  it('leaves other questions alone', () => {
    expect(rule.match('what did AKIAIOSFODNN7EXAMPLE do this week?')).toBeNull();
    expect(rule.match('is the AdminRole over-privileged?')).toBeNull();
    expect(rule.match('who can assume OpenRole?')).toBeNull();
  });
});
