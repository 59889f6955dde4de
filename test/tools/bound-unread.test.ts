/**
 * Every tool result's `unread` list is bounded in one place (boundUnread, applied by executeTool):
 * at most UNREAD_MAX entries with clipped reasons, and the count left out in `unreadOmitted`, so a
 * surface never reports fewer unread sources than there were.
 */
import { describe, expect, it } from 'vitest';
import { unreadText } from '../../src/cli/output';
import { boundUnread, type ToolResult, UNREAD_MAX, UNREAD_REASON_MAX } from '../../tools/define-tool';

const result = (n: number, reason = 'Access denied'): ToolResult => ({
  summary: 's',
  data: {},
  sources: [],
  warnings: [],
  unread: Array.from({ length: n }, (_, i) => ({
    account: `acct${i}`,
    region: 'eu-west-1',
    api: 'cloudtrail:LookupEvents',
    reason,
  })),
});

describe('boundUnread', () => {
  it('keeps a short list whole, with no omitted count', () => {
    const r = boundUnread(result(3));
    expect(r.unread).toHaveLength(3);
    expect(r.unreadOmitted).toBeUndefined();
  });

  it('keeps the first UNREAD_MAX entries and counts the rest; reasons are clipped', () => {
    const r = boundUnread(result(UNREAD_MAX + 70, 'x'.repeat(2_000)));
    expect(r.unread).toHaveLength(UNREAD_MAX);
    expect(r.unread![0]!.account).toBe('acct0');
    expect(r.unreadOmitted).toBe(70);
    expect(r.unread!.every((u) => u.reason.length <= UNREAD_REASON_MAX)).toBe(true);
    // Bounding twice does not lose the count.
    expect(boundUnread(r).unreadOmitted).toBe(70);
  });

  it('stderr counts the omitted sources too', () => {
    const r = boundUnread(result(UNREAD_MAX + 7));
    const text = unreadText(r.unread!, r.unreadOmitted);
    expect(text).toMatch(new RegExp(`^Incomplete \\(exit 4\\): ${UNREAD_MAX + 7} source\\(s\\) could not be read`));
    expect(text).toMatch(/…and 7 more source\(s\)/);
  });
});
