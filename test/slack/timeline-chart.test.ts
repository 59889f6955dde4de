/**
 * The investigation timeline chart in the Slack thread: a CloudTrail answer is followed by a PNG
 * uploaded with files.getUploadURLExternal → POST to the upload URL → files.completeUploadExternal
 * (the shapes of Slack's method reference), into the question's thread.
 */
import { resolve } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngSize } from '../../src/charts/render';
import type { DbHandle } from '../../src/db/client';
import { answerActivity, TIMELINE_CHART_FILENAME } from '../../src/slack/timeline-chart';
import { openTestDb } from '../helpers/db';
import { CHANNEL, mention, send, settle, startApp } from '../helpers/slack';

const DEMO = resolve('evidence/demo');
let db: DbHandle;
beforeAll(async () => {
  db = await openTestDb('pglite');
});
afterAll(async () => {
  nock.cleanAll();
  await db.close();
});

describe('Slack: investigation timeline chart', () => {
  it('posts the chart as a PNG in the thread after a CloudTrail answer', async () => {
    const s = await startApp({ db: db.db, evidenceDir: DEMO, env: { SLACK_ALLOWED_USERS: 'U061F7AUR' } });
    try {
      const uploaded: Buffer[] = [];
      s.slack.on('files.getUploadURLExternal', (p) => ({
        ok: true,
        upload_url: 'https://files.slack.com/upload/v1/CHART1',
        file_id: 'F0TIMELINE1',
        length: p.length,
      }));
      s.slack.on('files.completeUploadExternal', () => ({
        ok: true,
        files: [{ id: 'F0TIMELINE1', title: 'Investigation timeline' }],
      }));
      nock('https://files.slack.com')
        .post('/upload/v1/CHART1')
        .reply(200, (_uri, body) => {
          // nock hands a binary body over hex-encoded.
          uploaded.push(Buffer.isBuffer(body) ? body : Buffer.from(body as string, 'hex'));
          return 'OK - 1';
        });
      await send(s.port, mention('what did AKIAIOSFODNN7EXAMPLE do this week?', { ts: '1741956500.000100' }));
      await settle(s);
      const get = s.slack.of('files.getUploadURLExternal')[0]!.params;
      expect(get.filename).toBe(TIMELINE_CHART_FILENAME);
      expect(Number(get.length)).toBeGreaterThan(10_000);
      expect(get.alt_text).toMatch(/CloudTrail events per hour by source IP, with \d+ tagged event row/);
      const complete = s.slack.of('files.completeUploadExternal')[0]!.params;
      expect(complete).toMatchObject({ channel_id: CHANNEL, thread_ts: '1741956500.000100' });
      const files = typeof complete.files === 'string' ? JSON.parse(complete.files) : complete.files;
      expect(files[0]).toMatchObject({ id: 'F0TIMELINE1', title: 'Investigation timeline' });
      // The answer text came first, then the picture.
      const order = s.slack.calls.map((c) => c.method);
      expect(order.lastIndexOf('chat.update')).toBeLessThan(order.indexOf('files.completeUploadExternal'));
      // The bytes posted to the upload URL (a multipart form) hold the PNG whose size was announced.
      const body = Buffer.concat(uploaded);
      const at = body.indexOf(Buffer.from('89504e470d0a1a0a', 'hex'));
      expect(at).toBeGreaterThanOrEqual(0);
      const png = body.subarray(at, at + Number(get.length));
      expect(pngSize(png)).toMatchObject({ height: expect.any(Number) });
      expect(pngSize(png)!.width).toBeGreaterThan(1000);
    } finally {
      await s.close();
    }
  });

  it('posts nothing for an answer without a CloudTrail search that found events', () => {
    const run = { id: 't', name: 'analyze_role', input: {}, ok: true, summary: '', durationMs: 1 };
    expect(answerActivity({ toolRuns: [run] })).toBeUndefined();
    expect(
      answerActivity({
        toolRuns: [
          {
            ...run,
            name: 'cloudtrail_search',
            result: {
              summary: '',
              data: {},
              sources: [],
              warnings: [],
              activity: { by: 'principal', buckets: [], marks: [], folded: 0 },
            },
          },
        ],
      }),
    ).toBeUndefined();
  });
});
