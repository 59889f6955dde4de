/** Scheduled digests: due runs are claimed once (even by two concurrent runners), scanned and posted. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client';
import { listAudit } from '../../src/db/queries/audit';
import { getSchedule, upsertSchedule } from '../../src/db/queries/schedules';
import { digestText } from '../../src/scheduler/digest';
import { runDueSchedules } from '../../src/scheduler/runner';
import { digestMessages } from '../../src/slack/blocks/digest';
import { evidenceContext } from '../helpers/context';
import { backends, openTestDb } from '../helpers/db';

describe.each(backends())('scheduled digests on %s', (backend) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb(backend);
  });
  afterAll(async () => h?.close());

  it('claims a due schedule once across two runners, scans, posts and moves the next run', async () => {
    const now = new Date('2026-11-23T09:00:30Z');
    await upsertSchedule(h.db, {
      name: 'weekly',
      cron: '0 9 * * 1',
      channel: 'C0123456789',
      accounts: [],
      createdBy: 'test',
      nextRunAt: new Date('2026-11-23T09:00:00Z'),
    });
    await upsertSchedule(h.db, {
      name: 'later',
      cron: '0 9 * * 1',
      channel: 'C0123456789',
      accounts: [],
      createdBy: 'test',
      nextRunAt: new Date('2026-11-30T09:00:00Z'),
    });
    const posted: { channel: string; text: string }[] = [];
    const deps = {
      db: h.db,
      now: () => now,
      context: () => evidenceContext('evidence/demo', { db: h.db, now }),
      post: async (channel: string, d: any) => void posted.push({ channel, text: digestText(d) }),
    };
    const [a, b] = await Promise.all([runDueSchedules(deps), runDueSchedules(deps)]);
    expect([...a.ran, ...b.ran]).toEqual(['weekly']);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.channel).toBe('C0123456789');
    expect(posted[0]!.text).toMatch(/Posture digest “weekly”/);
    expect(posted[0]!.text).toMatch(/demo-prod: \d+ critical, \d+ high/);
    expect(posted[0]!.text).toMatch(/\[critical\]/);
    const s = await getSchedule(h.db, 'weekly');
    expect(s!.nextRunAt!.toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(s!.lastRunAt!.toISOString()).toBe(now.toISOString());
    expect((await listAudit(h.db)).some((e) => e.kind === 'digest.posted' && e.actor === 'schedule:weekly')).toBe(true);
    // Nothing is due any more.
    expect((await runDueSchedules(deps)).ran).toEqual([]);
  });
});

describe('digest message', () => {
  it('escapes AWS-sourced text and stays within Block Kit limits', () => {
    const msgs = digestMessages({
      title: 'Posture digest',
      accounts: [{ account: 'prod', status: 'complete', line: '1 critical' }],
      top: [
        {
          severity: 'critical',
          account: 'prod',
          rule: 'r',
          resource: 'x',
          message: 'role <!channel> <https://evil|x> is open',
        },
      ],
      warnings: [],
      totals: { critical: 1, high: 0, medium: 0, low: 0 },
      failed: false,
    });
    const json = JSON.stringify(msgs);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
    expect(msgs[0]!.blocks.length).toBeLessThanOrEqual(50);
  });
});
