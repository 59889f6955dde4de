import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../src/cloudtrail/timeline';
import { answerView } from '../../../src/slack/blocks/answer';
import { TIMELINE_BLOCK_ROWS, timelineBlocks } from '../../../src/slack/blocks/timeline';

const row = (over: Partial<TimelineEntry> = {}): TimelineEntry => ({
  time: '2026-11-20T10:31:30.000Z',
  kind: 'threat',
  what: 'Attempted: CloudTrail logging stopped (AccessDenied)',
  event: 'StopLogging',
  principal: 'arn:aws:iam::123456789012:user/ci-legacy',
  sourceIp: '185.220.101.34',
  region: 'us-east-1',
  severity: 'high',
  new: ['sourceIp'],
  ...over,
});

describe('Slack timeline blocks', () => {
  it('renders each row with severity, time, principal, IP (new marked), event and count', () => {
    const v = timelineBlocks([row(), row({ severity: 'low', count: 30, event: 'GetPasswordData', new: undefined })]);
    const text = JSON.stringify(v.blocks);
    // The new-for-this-principal mark survives Slack's formatting neutraliser as the :new: emoji.
    expect(text).toContain('185.220.101.34 :new:');
    expect(text).not.toContain('185.220.101.34∗');
    expect(text).toContain('`StopLogging us-east-1`');
    expect(text).toContain('×30');
    expect(v.file).toBeUndefined();
  });

  it('a long timeline keeps the severe rows in blocks and attaches the full table as CSV', () => {
    const rows = [
      ...Array.from({ length: 40 }, (_, i) => row({ severity: 'low', what: `noise ${i}` })),
      row({ severity: 'critical', what: 'LeaveOrganization' }),
    ];
    const v = timelineBlocks(rows);
    expect(v.blocks.length).toBeLessThanOrEqual(TIMELINE_BLOCK_ROWS + 2);
    expect(JSON.stringify(v.blocks)).toContain('LeaveOrganization');
    expect(v.file?.content.split('\n').filter(Boolean)).toHaveLength(42);
  });

  it('evidence text is escaped: no mention, link or markup reaches Slack', () => {
    const v = timelineBlocks([row({ what: '<!channel> <https://evil.example|click> *bold*' })]);
    const text = JSON.stringify(v.blocks);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil');
  });

  it('answers with a CloudTrail search carry the timeline blocks and, when long, the file', () => {
    const rows = Array.from({ length: 30 }, (_, i) => row({ what: `r${i}` }));
    const view = answerView(
      {
        text: 'summary',
        mode: 'offline',
        partial: false,
        toolRuns: [
          {
            id: '1',
            name: 'cloudtrail_search',
            input: {},
            ok: true,
            summary: 's',
            durationMs: 1,
            result: { summary: 's', data: { timeline: rows }, sources: [], warnings: [] },
          },
        ],
        usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
      } as never,
      { remediationAvailable: false },
    );
    expect(JSON.stringify(view.messages)).toContain('Timeline');
    expect(view.file?.filename).toBe('trailhound-timeline.csv');
  });
});
