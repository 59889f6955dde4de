/** One base for errors a person can act on: every surface recognises them by class, not by name. */
import { describe, expect, it } from 'vitest';
import { InvalidAccountError } from '../src/aws/accounts';
import { AwsReadError } from '../src/aws/errors';
import { CliError } from '../src/cli/errors';
import { WindowError } from '../src/cloudtrail/time-window';
import { ConfigError } from '../src/config';
import { ToolError, UserFacingError } from '../src/errors';
import { executeTool } from '../src/runtime/execute-tool';
import { EvidenceError } from '../src/sources/evidence/files';
import { defineTool } from '../tools/define-tool';
import { z } from 'zod';
import { liveContext } from './helpers/context';

const make = [
  () => new ToolError('t'),
  () => new AwsReadError('a', 'access-denied'),
  () => new EvidenceError('e'),
  () => new WindowError('w'),
  () => new CliError('c', 2),
  () => new ConfigError('k'),
  () => new InvalidAccountError('i'),
];

describe('UserFacingError', () => {
  it('is the base of every error whose message is written for the reader, each named after its class', () => {
    const names = make.map((m) => {
      const e = m();
      expect(e).toBeInstanceOf(UserFacingError);
      expect(e).toBeInstanceOf(Error);
      return e.name;
    });
    expect(names).toEqual([
      'ToolError',
      'AwsReadError',
      'EvidenceError',
      'WindowError',
      'CliError',
      'ConfigError',
      'InvalidAccountError',
    ]);
    expect(new CliError('c', 2).exitCode).toBe(2);
    expect(new AwsReadError('a', 'throttled').kind).toBe('throttled');
  });

  it('a tool run shows a user-facing error as it is, and anything else as unexpected', async () => {
    const failing = (err: Error) =>
      defineTool({
        name: 'failing',
        description: 'fails',
        input: z.object({}),
        async run() {
          throw err;
        },
      });
    const ctx = liveContext();
    const known = await executeTool(ctx, failing(new WindowError('Use a window of at most 90 days.')), {});
    expect(known).toMatchObject({ ok: false, error: 'Use a window of at most 90 days.' });
    const bug = await executeTool(ctx, failing(new TypeError('x is undefined')), {});
    expect(bug).toMatchObject({ ok: false, error: 'failing failed unexpectedly: x is undefined' });
  });

  it('refuses a field the tool does not declare instead of dropping it (a misspelt window would narrow the search)', async () => {
    let ran = 0;
    const tool = defineTool({
      name: 'search',
      description: 'counts runs',
      input: z.object({ start_time: z.string().optional(), max_events: z.number().optional() }),
      async run() {
        ran += 1;
        return { summary: 'ran', data: {}, sources: [], warnings: [] };
      },
    });
    const ctx = liveContext();
    const bad = await executeTool(ctx, tool, { start: '2026-11-01T00:00:00Z', max_events: 5 });
    expect(bad).toMatchObject({
      ok: false,
      error: 'search: unknown field "start"; nothing was run. The fields are: start_time, max_events.',
    });
    expect(ran).toBe(0);
    const good = await executeTool(ctx, tool, { start_time: '2026-11-01T00:00:00Z' });
    expect(good.ok).toBe(true);
    expect(ran).toBe(1);
  });
});

describe('schema issues as sentences (never a raw regex)', () => {
  it('rephrases zod defaults and keeps messages written in the schema', async () => {
    const { z } = await import('zod');
    const { issuesText } = await import('../src/errors');
    const { windowFields } = await import('../tools/window-input');
    const schema = z.strictObject({
      ...windowFields({ last: 'window' }),
      max_events: z.number().int().min(1).max(100_000).optional(),
      severity: z.enum(['critical', 'high']).optional(),
      name: z.string().min(2).optional(),
      key: z
        .string()
        .regex(/^AKIA[A-Z0-9]{16}$/)
        .optional(),
    });
    const r = schema.safeParse({
      last: 'week',
      max_events: 'lots',
      severity: 'urgent',
      name: 'x',
      key: 'nope',
      extra: 1,
    });
    expect(r.success).toBe(false);
    const text = issuesText('cloudtrail_search', r.error!.issues as never);
    expect(text).toContain('last must look like 24h, 7d or 2w (a number, then m, h, d or w)');
    expect(text).toContain('max_events must be a number, not a string');
    expect(text).toContain('severity must be one of critical, high');
    expect(text).toContain('name must be at least 2 characters');
    expect(text).toContain('key is not in the expected format');
    expect(text).toContain('unknown field extra');
    expect(text).not.toMatch(/\/\^|pattern|Invalid string/);
    expect(text).toMatch(/^Invalid input for cloudtrail_search: .*[^.]\.$/);
    const big = z.object({ n: z.number().max(10) }).safeParse({ n: 11 });
    expect(issuesText('t', big.error!.issues as never)).toBe('Invalid input for t: n must be at most 10.');
    const missing = z.object({ n: z.number() }).safeParse({});
    expect(issuesText('t', missing.error!.issues as never)).toBe('Invalid input for t: n is required.');
  });
});
