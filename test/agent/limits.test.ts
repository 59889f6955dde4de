/**
 * Per-person question limits, enforced in ask() (every surface goes through it): questions running at
 * once (TRAILHOUND_MAX_CONCURRENT_QUESTIONS_PER_USER) and model tokens per UTC day
 * (TRAILHOUND_MAX_TOKENS_PER_USER_PER_DAY), kept in the database; refused with a clear message and
 * without calling the model. The Slack case goes through the real HTTP receiver.
 */
import { resolve } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../../src/agent/ask';
import { QuestionLimitError, startQuestion } from '../../src/agent/limits';
import type { DbHandle } from '../../src/db/client';
import { addTokens, tokensToday } from '../../src/db/queries/usage';
import { evidenceContext } from '../helpers/context';
import { backends, openTestDb } from '../helpers/db';
import { wireJson } from '../helpers/fixtures';
import { mention, send, settle, startApp } from '../helpers/slack';

const DEMO = resolve(import.meta.dirname, '../../evidence/demo');
const NOW = new Date('2026-11-23T21:30:00Z');
const anthropic = () => new Anthropic({ apiKey: 'sk-ant-test-key-000000000000', maxRetries: 0 });
/** input 412 + cache read 16,156 + output 96 in the fixture's usage. */
const FINAL_TOKENS = 16_664;

for (const backend of backends()) {
  describe(`per-person question limits (${backend})`, () => {
    let db: DbHandle;
    beforeAll(async () => {
      db = await openTestDb(backend);
    });
    afterAll(async () => db.close());

    const ctx = async (actor: string, env: Record<string, string>) => {
      const c = await evidenceContext(DEMO, { db: db.db, now: NOW, env });
      return { ...c, actor };
    };

    it('tokens per UTC day: the question that crosses the limit runs; the next is refused without calling the model', async () => {
      const env = { TRAILHOUND_MAX_TOKENS_PER_USER_PER_DAY: '20000' };
      const api = nock('https://api.anthropic.com')
        .post('/v1/messages')
        .times(2)
        .reply(200, wireJson('anthropic/message-final.json'));
      const first = await ask(await ctx('slack:U0ALICE01', env), 'what happened?', {
        surface: 'test',
        anthropic: anthropic(),
      });
      expect(first.mode).toBe('claude');
      expect(await tokensToday(db.db, 'slack:U0ALICE01', NOW)).toBe(FINAL_TOKENS);
      const second = await ask(await ctx('slack:U0ALICE01', env), 'and then?', {
        surface: 'test',
        anthropic: anthropic(),
      });
      expect(second.mode).toBe('claude');
      expect(await tokensToday(db.db, 'slack:U0ALICE01', NOW)).toBe(2 * FINAL_TOKENS);
      expect(api.isDone()).toBe(true);

      let refused: unknown;
      try {
        await ask(await ctx('slack:U0ALICE01', env), 'one more?', { surface: 'test', anthropic: anthropic() });
      } catch (err) {
        refused = err;
      }
      expect(refused).toBeInstanceOf(QuestionLimitError);
      expect((refused as Error).message).toBe(
        'You have used 33,328 of your 20,000 model tokens for today (TRAILHOUND_MAX_TOKENS_PER_USER_PER_DAY, UTC day). The limit resets at 00:00 UTC, in 2 h 30 min; an administrator can raise it.',
      );
      // Another person, and the offline planner (no model tokens), are not affected.
      nock('https://api.anthropic.com').post('/v1/messages').reply(200, wireJson('anthropic/message-final.json'));
      expect(
        (await ask(await ctx('slack:U0BOB0002', env), 'hi', { surface: 'test', anthropic: anthropic() })).mode,
      ).toBe('claude');
      expect((await ask(await ctx('slack:U0ALICE01', env), 'what happened?', { surface: 'test' })).mode).toBe(
        'offline',
      );
      // The next UTC day starts from zero.
      const tomorrow = new Date('2026-11-24T00:05:00Z');
      expect(await tokensToday(db.db, 'slack:U0ALICE01', tomorrow)).toBe(0);
    });

    it('concurrent questions: a second one while the first runs is refused; another person, and the same person after, may ask', async () => {
      const env = { TRAILHOUND_MAX_CONCURRENT_QUESTIONS_PER_USER: '1' };
      nock('https://api.anthropic.com')
        .post('/v1/messages')
        .delay(400)
        .reply(200, wireJson('anthropic/message-final.json'))
        .post('/v1/messages')
        .times(2)
        .reply(200, wireJson('anthropic/message-final.json'));
      const running = ask(await ctx('cli:carol', env), 'slow one', { surface: 'cli', anthropic: anthropic() });
      await new Promise((r) => setTimeout(r, 100));
      await expect(
        ask(await ctx('cli:carol', env), 'second one', { surface: 'cli', anthropic: anthropic() }),
      ).rejects.toThrow(
        'You already have 1 question running, the most one person may run at once (TRAILHOUND_MAX_CONCURRENT_QUESTIONS_PER_USER=1). Wait for it to finish, then ask again.',
      );
      expect(
        (await ask(await ctx('cli:dave', env), 'other person', { surface: 'cli', anthropic: anthropic() })).mode,
      ).toBe('claude');
      expect((await running).mode).toBe('claude');
      expect((await ask(await ctx('cli:carol', env), 'after', { surface: 'cli', anthropic: anthropic() })).mode).toBe(
        'claude',
      );
    });

    it('the lease is shared by every surface and expires if its process died; 0 means no limit', async () => {
      const c = await ctx('cli:erin', { TRAILHOUND_MAX_CONCURRENT_QUESTIONS_PER_USER: '1' });
      const slot = await startQuestion(c, { surface: 'slack', usesModel: true });
      await expect(startQuestion(c, { surface: 'cli', usesModel: false })).rejects.toThrow(/already have 1 question/);
      // A crashed holder: its lease expires after the question timeout and a minute.
      const later = new Date(NOW.getTime() + (240 + 61) * 1000);
      const again = await startQuestion({ ...c, now: () => later }, { surface: 'cli', usesModel: false });
      await again.finish(0);
      await slot.finish(0);
      const unlimited = await ctx('cli:erin', { TRAILHOUND_MAX_CONCURRENT_QUESTIONS_PER_USER: '0' });
      const slots = await Promise.all(
        [1, 2, 3].map(() => startQuestion(unlimited, { surface: 'cli', usesModel: false })),
      );
      for (const s of slots) await s.finish(0);
    });

    it('a question never spends more than what is left today: the per-question budget is capped', async () => {
      const c = await ctx('cli:frank', { TRAILHOUND_MAX_TOKENS_PER_USER_PER_DAY: '50000' });
      await addTokens(db.db, 'cli:frank', 45_000, NOW);
      const slot = await startQuestion(c, { surface: 'cli', usesModel: true });
      expect(slot.tokenBudget).toBe(5_000);
      await slot.finish(0);
    });
  });
}

describe('per-person limits in Slack (real HTTP receiver)', () => {
  let db: DbHandle;
  let s: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    db = await openTestDb('pglite');
    s = await startApp({
      db: db.db,
      evidenceDir: DEMO,
      now: () => NOW,
      anthropic: anthropic(),
      env: { SLACK_ALLOWED_USERS: 'U061F7AUR', TRAILHOUND_MAX_TOKENS_PER_USER_PER_DAY: '1000' },
    });
  });
  afterAll(async () => {
    await s.close();
    await db.close();
  });

  it("a person over today's tokens gets the limit message in the thread, and the model is not called", async () => {
    await addTokens(db.db, 'slack:U061F7AUR', 1_000, NOW);
    const api = nock('https://api.anthropic.com')
      .post('/v1/messages')
      .reply(200, wireJson('anthropic/message-final.json'));
    const r = await send(s.port, mention('what did AKIAIOSFODNN7EXAMPLE do this week?'));
    expect(r.status).toBe(200);
    await settle(s);
    const final = JSON.stringify(s.slack.of('chat.update').at(-1)!.params);
    expect(final).toContain('You have used 1,000 of your 1,000 model tokens for today');
    expect(final).not.toMatch(/reference [0-9a-f]{8}/);
    expect(api.isDone()).toBe(false);
    nock.cleanAll();
  });
});
