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
});
