/**
 * The real binary, spawned as a user runs it (bin/trailhound.mjs → dist/): the CLI's one smoke test
 * from a shell (every other CLI test runs `main(argv)` in-process, test/helpers/cli.ts), and
 * `trailhound … | head -1`, where the reader closes before the CLI is done writing: the CLI must
 * stop quietly (exit 0, nothing on stderr), not crash on an unhandled EPIPE 'error' event.
 */
import { execFile, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { quietOnClosedStdout } from '../../src/cli/main';

describe('trailhound binary (spawned)', () => {
  it('runs a tool from a shell and prints its JSON result', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        'bin/trailhound.mjs',
        'tool',
        'cloudtrail_search',
        '{"access_key_id":"AKIAIOSFODNN7EXAMPLE","start_time":"2026-11-16T00:00:00Z","end_time":"2026-11-23T09:00:00Z"}',
        '--evidence',
        'evidence/demo',
      ],
      // As test/helpers/cli.ts's cliEnvironment: the embedded database (in the setup's temporary
      // XDG_DATA_HOME, not opened over evidence), no keys.
      { env: { ...process.env, DATABASE_URL: '', ANTHROPIC_API_KEY: '', LOG_LEVEL: 'silent' } },
    );
    const out = JSON.parse(stdout);
    expect(out.summary).toMatch(/events for AKIAIOSFODNN7EXAMPLE/);
    expect(out.sources[0].api).toBe('evidence:cloudtrail');
  });
});

function runWithClosedReader(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/trailhound.mjs', ...args], {
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Close our end of the pipe at once, as `head -c 0` would: every write the CLI makes fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('stdout closed early (EPIPE)', () => {
  it.each(['--help', 'tools --json', 'tools'])(
    'trailhound %s into a closed reader exits 0 with nothing on stderr',
    async (cmd) => {
      const r = await runWithClosedReader(cmd.split(' '));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    },
  );

  it('stops with 0 on EPIPE and rethrows any other stdout error', () => {
    const stream = new EventEmitter() as unknown as NodeJS.WriteStream;
    const codes: number[] = [];
    quietOnClosedStdout(stream, ((c: number) => {
      codes.push(c);
    }) as never);
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(codes).toEqual([0]);
    expect(() => stream.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }))).toThrow(/EIO/);
  });
});
