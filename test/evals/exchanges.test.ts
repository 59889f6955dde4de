/** --record: the fetch wrapper captures each Messages API exchange (request and response bodies) as a replay fixture. */
import Anthropic from '@anthropic-ai/sdk';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { countingFetch, type Exchange, fixtureSchema, missingTools, recordingFetch } from '../../evals/exchanges';
import { estimateCostUsd } from '../../evals/pricing';
import { wireJson } from '../helpers/fixtures';

describe('recordingFetch', () => {
  it('records the request and response of each POST /v1/messages, and the result is a valid fixture', async () => {
    const reply = wireJson('anthropic/message-final.json');
    nock('https://api.anthropic.com').post('/v1/messages').reply(200, reply);
    const exchanges: Exchange[] = [];
    const counter = { n: 0 };
    const client = new Anthropic({
      apiKey: 'sk-ant-test-000',
      maxRetries: 0,
      fetch: countingFetch(counter, recordingFetch(exchanges)),
    });
    const msg = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'what did AKIAIOSFODNN7EXAMPLE do?' }],
    });
    expect(msg.id).toBe(reply.id);
    expect(counter.n).toBe(1);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]!.request).toMatchObject({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'what did AKIAIOSFODNN7EXAMPLE do?' }],
    });
    expect(exchanges[0]!.response).toEqual({ status: 200, body: reply });
    const fx = fixtureSchema.parse({
      case: 'demo-key-week',
      model: 'claude-sonnet-4-5',
      source: 'recorded',
      exchanges,
    });
    expect(fx.synthetic).toBe(false);
  });

  it('lists tools a recorded request offered that are gone now', () => {
    expect(missingTools({ tools: [{ name: 'a' }, { name: 'b' }] }, ['a'])).toEqual(['b']);
    expect(missingTools({}, ['a'])).toEqual([]);
  });
});

describe('estimateCostUsd', () => {
  it('prices by model family, with cache reads and writes, and declines an unknown model', () => {
    const u = { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 0 };
    expect(estimateCostUsd('claude-sonnet-4-5-20250929', u)).toBeCloseTo(3 + 15 + 0.3);
    expect(estimateCostUsd('claude-haiku-4-5', { ...u, cacheReadTokens: 0, cacheWriteTokens: 1_000_000 })).toBeCloseTo(
      1 + 5 + 1.25,
    );
    expect(estimateCostUsd('some-other-model', u)).toBeUndefined();
  });
});
