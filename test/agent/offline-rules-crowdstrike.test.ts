import { describe, expect, it } from 'vitest';
import { runOfflinePlanner } from '../../src/agent/offline-planner';
import { offlineRules } from '../../src/agent/offline-rules';
import { allTools } from '../../tools/index';
import { evidenceContext } from '../helpers/context';

const plan = (q: string) => offlineRules.map((r) => r.match(q)).find(Boolean);
const ALERT = 'c0ffee00c0ffee00c0ffee00c0ffee00:ind:5f4d3c2b1a0998877665544332211000:8642034524';

describe('offline planner: CrowdStrike questions', () => {
  it.each([
    [`what AWS activity is related to CrowdStrike alert ${ALERT}?`, { alert_id: ALERT }],
    [
      'What AWS activity is related to crowdstrike alert aggind:5f4d3c2b1a0998877665544332211000:8642034',
      {
        alert_id: 'aggind:5f4d3c2b1a0998877665544332211000:8642034',
      },
    ],
    ['what AWS activity is related to CrowdStrike host LT-JDOE-01?', { host: 'LT-JDOE-01' }],
    ['Falcon laptop WS-BSMITH-07: any related AWS sessions?', { host: 'WS-BSMITH-07' }],
    ['does CrowdStrike show any detections on i-0b7e6d5c4a3f21098?', { host: 'i-0b7e6d5c4a3f21098' }],
  ])('%s', (q, input) => {
    expect(plan(q)).toEqual([{ tool: 'crowdstrike_correlate', input }]);
  });

  it.each([
    'what AWS activity is related to host LT-JDOE-01?', // no CrowdStrike/Falcon: not this tool
    'is CrowdStrike installed on every host?', // not about AWS activity
  ])('near miss: %s', (q) => {
    expect(plan(q)?.[0]?.tool).not.toBe('crowdstrike_correlate');
  });

  it('answers offline over evidence/integrations', async () => {
    const ctx = await evidenceContext('evidence/integrations', { now: new Date('2026-11-23T09:00:00Z') });
    const tools = allTools({
      remediation: false,
      env: { config: ctx.config, evidenceDir: ctx.sources.evidenceDir, sources: ctx.sources },
    });
    const a = await runOfflinePlanner(ctx, `what AWS activity is related to CrowdStrike alert ${ALERT}?`, tools);
    expect(a.toolRuns.map((r) => [r.name, r.ok])).toEqual([['crowdstrike_correlate', true]]);
    expect(a.text).toMatch(/1 user-and-ip, 1 ip-only, 1 user-only/);
  });
});
