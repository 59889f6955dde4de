import { describe, expect, it } from 'vitest';
import { renderTimelineTable, timelineCsv } from '../../src/cloudtrail/render-timeline';
import type { TimelineEntry } from '../../src/cloudtrail/timeline';

const row = (over: Partial<TimelineEntry>): TimelineEntry => ({
  time: '2026-11-20T10:02:13.000Z',
  kind: 'threat',
  what: 'CloudTrail logging stopped',
  event: 'StopLogging',
  principal: 'arn:aws:iam::123456789012:user/ci-legacy',
  sourceIp: '185.220.101.34',
  region: 'us-east-1',
  severity: 'critical',
  ...over,
});

describe('timeline table', () => {
  it('shows time, severity, principal, IP, event, what and count; marks new values', () => {
    const t = renderTimelineTable([
      row({ new: ['sourceIp'] }),
      row({
        what: 'Attempted: Windows administrator password retrieved',
        severity: 'low',
        count: 30,
        event: 'GetPasswordData',
      }),
    ]);
    expect(t).toMatch(/2026-11-20 10:02Z +critical +ci-legacy +185\.220\.101\.34\* +StopLogging us-east-1/);
    expect(t).toMatch(/GetPasswordData.*Attempted: Windows.* 30$/m);
  });

  it('keeps the most severe rows when cut, and says what it left out', () => {
    const rows = [
      ...Array.from({ length: 30 }, (_, i) => row({ severity: 'low', what: `low ${i}` })),
      row({ severity: 'critical', what: 'the one that matters' }),
    ];
    const t = renderTimelineTable(rows, { critical: 0, high: 0, medium: 2, low: 5, newForPrincipal: 0, bursts: 0 }, 10);
    expect(t).toContain('the one that matters');
    expect(t).toMatch(/not shown: 21 row\(s\) beyond this table, 2 medium, 5 low/);
  });

  it('hostile text cannot break a row, and CSV cells cannot become formulas', () => {
    const t = renderTimelineTable([row({ what: 'x\n\u001b[31mFAKE ROW\u202e' })]);
    expect(t.split('\n')).toHaveLength(4);
    expect(timelineCsv([row({ what: '=HYPERLINK("http://evil")' })])).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});
