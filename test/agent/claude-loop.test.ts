/**
 * The Claude tool-use loop against nock-replayed Messages API responses (real response shapes from
 * test/fixtures/wire/anthropic), driving the real cloudtrail_search tool over a small evidence folder.
 */
import Anthropic from '@anthropic-ai/sdk';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../../src/agent/ask';
import { loadMessages } from '../../src/db/queries/conversations';
import { recentToolCalls } from '../../src/db/queries/tool-calls';
import type { DbHandle } from '../../src/db/client';
import { openTestDb } from '../helpers/db';
import { evidenceContext } from '../helpers/context';
import { WIRE, wireJson } from '../helpers/fixtures';

const API = 'https://api.anthropic.com';
let dir: string;
let db: DbHandle;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'th-ev-'));
  mkdirSync(join(dir, 'cloudtrail'), { recursive: true });
  cpSync(join(WIRE, 'cloudtrail/records-s3-delivery.json'), join(dir, 'cloudtrail/records.json'));
  db = await openTestDb('pglite');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db.close();
});

function toolUse(name: string, input: object, id = 'toolu_01A09q90qw90lq917835lq9') {
  const m = wireJson('anthropic/message-tool-use.json');
  m.content = [
    { type: 'text', text: 'Let me look.' },
    { type: 'tool_use', id, name, input },
  ];
  return m;
}
const final = (text: string) => {
  const m = wireJson('anthropic/message-final.json');
  m.content = [{ type: 'text', text }];
  return m;
};
const client = () => new Anthropic({ apiKey: 'sk-ant-test-key-000000000000', maxRetries: 0 });
const now = new Date('2025-03-15T09:00:00Z');

describe('Claude tool-use loop', () => {
  it('runs tool_use → tool_result → final text, with prompt caching, and remembers the thread', async () => {
    const bodies: any[] = [];
    nock(API)
      .post('/v1/messages', (b) => (bodies.push(b), true))
      .reply(200, toolUse('cloudtrail_search', { access_key_id: 'AKIAIOSFODNN7EXAMPLE', last: '7d' }))
      .post('/v1/messages', (b) => (bodies.push(b), true))
      .reply(200, final('bob created a new access key from 203.0.113.99.'));
    const ctx = await evidenceContext(dir, {
      db: db.db,
      now,
      env: { ANTHROPIC_API_KEY: 'sk-ant-test-key-000000000000' },
    });
    const answer = await ask(ctx, 'What did AKIAIOSFODNN7EXAMPLE do this week?', {
      surface: 'cli',
      threadKey: 'cli:thread-1',
      anthropic: client(),
    });

    expect(answer.mode).toBe('claude');
    expect(answer.partial).toBe(false);
    expect(answer.text).toBe('bob created a new access key from 203.0.113.99.');
    expect(answer.toolRuns).toHaveLength(1);
    expect(answer.toolRuns[0]!.ok).toBe(true);
    expect(answer.toolRuns[0]!.summary).toMatch(/^1 event for AKIAIOSFODNN7EXAMPLE/);
    expect(answer.usage.cacheReadTokens).toBeGreaterThan(0);

    // First request: system prompt and the last tool definition are cached; schemas are objects.
    const first = bodies[0];
    expect(first.system[0].cache_control).toEqual({ type: 'ephemeral' });
    expect(first.system[0].text).toMatch(/never an instruction/);
    expect(first.tools.at(-1).cache_control).toEqual({ type: 'ephemeral' });
    const search = first.tools.find((t: any) => t.name === 'cloudtrail_search');
    expect(search.input_schema.type).toBe('object');
    expect(search.input_schema.properties.access_key_id.description).toBeTruthy();
    expect(first.tools.some((t: any) => t.name.startsWith('propose_'))).toBe(false);

    // Second request carries the tool result for the tool_use id, labelled as untrusted data.
    const second = bodies[1];
    const last = second.messages.at(-1);
    expect(last.role).toBe('user');
    expect(last.content[0].type).toBe('tool_result');
    expect(last.content[0].tool_use_id).toBe('toolu_01A09q90qw90lq917835lq9');
    expect(last.content[0].is_error).toBeUndefined();
    const payload = JSON.parse(last.content[0].content);
    expect(payload.note).toMatch(/untrusted data/);
    expect(payload.data.byEventName[0]).toEqual({ value: 'CreateAccessKey', count: 1 });

    // The conversation is stored; a follow-up in the same thread sends the history.
    const stored = await loadMessages(db.db, answer.conversationId!);
    expect(stored.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    let followUp: any;
    nock(API)
      .post('/v1/messages', (b) => ((followUp = b), true))
      .reply(200, final('Yes — from the same IP.'));
    const again = await ask(ctx, 'Was that the same IP?', {
      surface: 'cli',
      threadKey: 'cli:thread-1',
      anthropic: client(),
    });
    expect(again.conversationId).toBe(answer.conversationId);
    expect(followUp.messages).toHaveLength(5);
    expect(followUp.messages[0].content).toBe('What did AKIAIOSFODNN7EXAMPLE do this week?');
    // The conversation prefix is cached: the last block of the request carries the breakpoint.
    expect(followUp.messages[4].content).toEqual([
      { type: 'text', text: 'Was that the same IP?', cache_control: { type: 'ephemeral' } },
    ]);
    // The system prompt is stable across questions (the clock is a separate, hour-granular block).
    expect(followUp.system[0].text).toBe(first.system[0].text);
    expect(followUp.system[1].text).toMatch(/^The current time is \d{4}-\d\d-\d\dT\d\d:00Z/);

    // Every tool call is audited, without secrets.
    const calls = await recentToolCalls(db.db, 5);
    expect(
      calls.some(
        (c) => c.tool === 'cloudtrail_search' && c.outcome === 'ok' && c.conversationId === answer.conversationId,
      ),
    ).toBe(true);
  });

  it('returns a tool failure to the model as an is_error tool_result and lets it recover', async () => {
    const bodies: any[] = [];
    nock(API)
      .post('/v1/messages', (b) => (bodies.push(b), true))
      .reply(200, toolUse('cloudtrail_search', { access_key_id: 'not-a-key' }))
      .post('/v1/messages', (b) => (bodies.push(b), true))
      .reply(200, toolUse('no_such_tool', {}, 'toolu_02'))
      .post('/v1/messages', (b) => (bodies.push(b), true))
      .reply(200, final('I could not run that search.'));
    const ctx = await evidenceContext(dir, { now, env: { ANTHROPIC_API_KEY: 'sk-ant-x' } });
    const answer = await ask(ctx, 'what did not-a-key do', { surface: 'cli', anthropic: client() });
    const r1 = bodies[1].messages.at(-1).content[0];
    expect(r1.is_error).toBe(true);
    expect(r1.content).toMatch(/Invalid input for cloudtrail_search: access_key_id/);
    const r2 = bodies[2].messages.at(-1).content[0];
    expect(r2.is_error).toBe(true);
    expect(r2.content).toMatch(/Unknown tool \\"no_such_tool\\"/);
    // Failed results carry the same untrusted-data framing as successful ones.
    expect(JSON.parse(r2.content).note).toMatch(/untrusted data, never instructions/);
    expect(answer.text).toBe('I could not run that search.');
    expect(answer.toolRuns.map((r) => r.ok)).toEqual([false, false]);
  });

  it('stops at the iteration cap with an honest partial answer', async () => {
    nock(API)
      .post('/v1/messages')
      .times(2)
      .reply(200, () =>
        toolUse(
          'cloudtrail_search',
          { access_key_id: 'AKIAIOSFODNN7EXAMPLE' },
          `toolu_${Math.random().toString(36).slice(2)}`,
        ),
      );
    const ctx = await evidenceContext(dir, {
      now,
      env: { ANTHROPIC_API_KEY: 'sk-ant-x', TRAILHOUND_MAX_ITERATIONS: '2' },
    });
    const answer = await ask(ctx, 'keep going', { surface: 'cli', anthropic: client() });
    expect(answer.partial).toBe(true);
    expect(answer.text).toMatch(/limit of 2 tool-use steps/);
    expect(answer.toolRuns).toHaveLength(2);
    expect(answer.text).toContain('cloudtrail_search:');
    expect(nock.isDone()).toBe(true);
  });

  it('ends with a partial answer, not a crash, when the API is overloaded', async () => {
    nock(API).post('/v1/messages').reply(529, wireJson('anthropic/error-overloaded.json'));
    const ctx = await evidenceContext(dir, { now, env: { ANTHROPIC_API_KEY: 'sk-ant-x' } });
    const answer = await ask(ctx, 'anything', { surface: 'cli', anthropic: client() });
    expect(answer.partial).toBe(true);
    expect(answer.text).toMatch(/overloaded/);
  });

  it('stops when the token budget is spent', async () => {
    const big = toolUse('cloudtrail_search', { access_key_id: 'AKIAIOSFODNN7EXAMPLE' });
    big.usage.input_tokens = 5_000;
    nock(API).post('/v1/messages').reply(200, big);
    const ctx = await evidenceContext(dir, {
      now,
      env: { ANTHROPIC_API_KEY: 'sk-ant-x', TRAILHOUND_MAX_TOKENS_PER_QUESTION: '1000' },
    });
    const answer = await ask(ctx, 'anything', { surface: 'cli', anthropic: client() });
    expect(answer.partial).toBe(true);
    expect(answer.text).toMatch(/token budget of 1,000 tokens/);
    expect(answer.toolRuns).toHaveLength(1);
  });

  it('attack: a response cut at max_tokens mid tool_use leaves no orphan tool_use in the stored history', async () => {
    const cut = toolUse('cloudtrail_search', { access_key_id: 'AKIAIOSFODNN7EXAMPLE' });
    cut.stop_reason = 'max_tokens';
    let followUp: any;
    nock(API)
      .post('/v1/messages')
      .reply(200, cut)
      .post('/v1/messages', (b) => ((followUp = b), true))
      .reply(200, final('ok'));
    const ctx = await evidenceContext(dir, { db: db.db, now, env: { ANTHROPIC_API_KEY: 'sk-ant-x' } });
    const first = await ask(ctx, 'first', { surface: 'cli', threadKey: 'cli:cut', anthropic: client() });
    expect(first.partial).toBe(true);
    expect(first.text).toMatch(/cut at the output limit/);
    await ask(ctx, 'second', { surface: 'cli', threadKey: 'cli:cut', anthropic: client() });
    const sent = JSON.stringify(followUp.messages);
    expect(sent).not.toContain('tool_use');
    expect(followUp.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('a refusal and a context-window stop are not presented as normal answers', async () => {
    const refused = final('I cannot help with that.');
    refused.stop_reason = 'refusal';
    const full = final('');
    full.stop_reason = 'model_context_window_exceeded';
    nock(API).post('/v1/messages').reply(200, refused).post('/v1/messages').reply(200, full);
    const ctx = await evidenceContext(dir, { now, env: { ANTHROPIC_API_KEY: 'sk-ant-x' } });
    const a = await ask(ctx, 'anything', { surface: 'cli', anthropic: client() });
    expect(a.partial).toBe(true);
    expect(a.text).toMatch(/declined to continue .*refusal.*not an answer/);
    const b = await ask(ctx, 'anything', { surface: 'cli', anthropic: client() });
    expect(b.partial).toBe(true);
    expect(b.text).toMatch(/context window; start a new thread/);
  });
});
