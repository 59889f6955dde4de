/** Scheduled digests: due runs are claimed once (even by two concurrent runners), scanned and posted. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client';
import { listAudit } from '../../src/db/queries/audit';
import { getSchedule, upsertSchedule } from '../../src/db/queries/schedules';
import { digestText } from '../../src/scheduler/digest';
import { runDueSchedules, runSchedule } from '../../src/scheduler/runner';
import { digestMessages } from '../../src/slack/blocks/digest';
import { WebClient } from '@slack/web-api';
import nock from 'nock';
import { pngSize } from '../../src/charts/render';
import { postDigestChart } from '../../src/slack/digest-chart';
import { evidenceContext } from '../helpers/context';
import { FakeSlack } from '../helpers/slack';
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

  it('a digest carries the trend of its accounts, and serve posts it as a PNG with files.uploadV2', async () => {
    const at = [new Date('2026-11-30T09:00:10Z'), new Date('2026-12-07T09:00:10Z')];
    await upsertSchedule(h.db, {
      name: 'trend',
      cron: '0 9 * * 1',
      channel: 'C0TREND0001',
      accounts: [],
      createdBy: 'test',
      nextRunAt: new Date('2026-11-30T09:00:00Z'),
    });
    const digests: any[] = [];
    const schedule = (await getSchedule(h.db, 'trend'))!;
    for (const now of at) {
      const deps = {
        db: h.db,
        now: () => now,
        context: () => evidenceContext('evidence/demo', { db: h.db, now }),
        post: async (_c: string, d: any) => void digests.push(d),
      };
      await runSchedule(deps, schedule);
    }
    const last = digests.at(-1)!;
    // Every stored scan of demo-prod so far (the earlier test's included), oldest first, counts from the scan.
    expect(last.trend.length).toBeGreaterThanOrEqual(2);
    expect(last.trend.every((p: any) => p.account === 'demo-prod')).toBe(true);
    const times = last.trend.map((p: any) => p.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Object.values(last.trend.at(-1).bySeverity).reduce((a: number, b: any) => a + b, 0)).toBeGreaterThan(0);

    const slack = new FakeSlack();
    let uploaded = Buffer.alloc(0);
    slack.on('files.getUploadURLExternal', (p) => ({
      ok: true,
      upload_url: 'https://files.slack.com/upload/v1/TREND1',
      file_id: 'F0TREND',
      length: p.length,
    }));
    slack.on('files.completeUploadExternal', () => ({ ok: true, files: [{ id: 'F0TREND', title: 'Posture trend' }] }));
    nock('https://files.slack.com')
      .post('/upload/v1/TREND1')
      .reply(200, (_u, body) => {
        // A multipart form, which nock hands over hex-encoded (it is binary): keep the PNG part.
        const raw = Buffer.from(body as string, 'hex');
        const at = raw.indexOf(Buffer.from('89504e470d0a1a0a', 'hex'));
        uploaded = at >= 0 ? raw.subarray(at) : Buffer.alloc(0);
        return 'OK - 1';
      });
    const client = new WebClient('xoxb-test-token', { retryConfig: { retries: 0 } });
    expect(await postDigestChart(client, 'C0TREND0001', last)).toBe(true);
    const get = slack.of('files.getUploadURLExternal')[0]!.params;
    expect(get.filename).toBe('posture-trend.png');
    expect(Number(get.length)).toBeGreaterThan(10_000);
    expect(slack.of('files.completeUploadExternal')[0]!.params).toMatchObject({ channel_id: 'C0TREND0001' });
    expect(pngSize(uploaded)?.width).toBeGreaterThan(1000);
  });

  it('a digest without history posts no chart (and says nothing failed)', async () => {
    const client = new WebClient('xoxb-test-token', { retryConfig: { retries: 0 } });
    expect(await postDigestChart(client, 'C0TREND0001', { ...digestStub(), trend: [] })).toBe(false);
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

function digestStub() {
  return {
    title: 'Posture digest “x” — 2026-11-23 09:00 UTC',
    accounts: [],
    top: [],
    warnings: [],
    totals: { critical: 0, high: 0, medium: 0, low: 0 },
    failed: false,
  };
}
