/**
 * `trailhound … | head -1`: the reader closes before the CLI is done writing. The CLI must stop
 * quietly (exit 0, nothing on stderr), not crash on an unhandled EPIPE 'error' event.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { quietOnClosedStdout } from '../../src/cli/main';

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
    30_000,
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
