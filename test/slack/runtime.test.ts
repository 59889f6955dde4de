/** Runtime pieces of the Slack surface: throttled progress edits, the per-thread work queue, the Bolt logger adapter. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { boltLogger } from '../../src/slack/logger';
import { ProgressUpdater } from '../../src/slack/progress';
import type { WebClient } from '../../src/slack/types';
import { WorkTracker } from '../../src/slack/work-tracker';

function fakeClient() {
  const updates: { text: string; blocks: unknown }[] = [];
  const client = {
    chat: { update: async (a: { text: string; blocks: unknown }) => (updates.push(a), { ok: true }) },
  } as unknown as WebClient;
  return { client, updates };
}

describe('ProgressUpdater', () => {
  afterEach(() => vi.useRealTimers());

  it('edits at most once per interval with the latest status, and never after stop()', async () => {
    vi.useFakeTimers();
    const { client, updates } = fakeClient();
    const p = new ProgressUpdater(client, { channel: 'C1', ts: '1.1' }, 'Looking into it…', 1000);
    for (let i = 1; i <= 50; i++)
      p.setStatus(`Searching CloudTrail in 3 regions… ${(i * 50).toLocaleString('en-US')} events scanned`);
    expect(updates).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.text).toBe('Searching CloudTrail in 3 regions… 2,500 events scanned');
    p.step('✓ cloudtrail_search (1.2 s): 12 events');
    p.setStatus('Preparing a proposal…');
    await vi.advanceTimersByTimeAsync(400);
    expect(updates).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(600);
    expect(updates).toHaveLength(2);
    expect(JSON.stringify(updates[1]!.blocks)).toContain('cloudtrail_search');
    p.setStatus('late');
    await p.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(updates).toHaveLength(2);
  });

  it('keeps one edit in flight: while Slack is slow, statuses coalesce into the latest', async () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    let release!: () => void;
    const client = {
      chat: {
        update: (a: { text: string }) => {
          calls.push(a.text);
          return calls.length === 1
            ? new Promise((r) => (release = () => r({ ok: true })))
            : Promise.resolve({ ok: true });
        },
      },
    } as unknown as WebClient;
    const p = new ProgressUpdater(client, { channel: 'C1', ts: '1.1' }, 'x', 1000);
    p.setStatus('one');
    await vi.advanceTimersByTimeAsync(1000);
    for (const t of ['two', 'three', 'four']) {
      p.setStatus(t);
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(calls).toEqual(['one']);
    release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual(['one', 'four']);
    await p.stop();
  });

  it('escapes the status text', async () => {
    vi.useFakeTimers();
    const { client, updates } = fakeClient();
    const p = new ProgressUpdater(client, { channel: 'C1', ts: '1.1' }, 'x', 10);
    p.setStatus('agent <!channel>');
    await vi.advanceTimersByTimeAsync(20);
    expect(JSON.stringify(updates[0]!.blocks)).not.toContain('<!channel>');
  });
});

describe('WorkTracker', () => {
  it('serialises one thread, runs different threads concurrently, drains with a timeout', async () => {
    const w = new WorkTracker();
    const log: string[] = [];
    const gates: Record<string, () => void> = {};
    const job = (name: string) => () =>
      new Promise<void>((r) => {
        log.push(`start ${name}`);
        gates[name] = () => (log.push(`end ${name}`), r());
      });
    void w.run('t1', job('a'));
    void w.run('t1', job('b'));
    void w.run('t2', job('c'));
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['start a', 'start c']);
    gates.a!();
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['start a', 'start c', 'end a', 'start b']);
    gates.b!();
    const left = await w.drain(10);
    expect(left.map((j) => j.threadKey)).toEqual(['t2']);
    expect(left[0]!.abort.signal.aborted).toBe(true);
    expect(w.accepting).toBe(false);
  });

  it('a failing job does not block the next one in its thread', async () => {
    const w = new WorkTracker();
    await expect(w.run('t', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    let ran = false;
    await w.run('t', async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    await w.idle();
  });
});

describe('Bolt logger adapter', () => {
  it('writes JSON lines through src/log.ts with secrets redacted', () => {
    const prev = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'debug';
    const lines: string[] = [];
    const spy = vi
      .spyOn(process.stderr, 'write')
      .mockImplementation((s: string | Uint8Array) => (lines.push(String(s)), true));
    try {
      const l = boltLogger();
      l.setName('bolt-app');
      l.warn('http request failed', { token: 'xoxb-1234567890-abcdefghij' }, 'with xoxb-1234567890-abcdefghij');
      l.error(new Error('boom'));
    } finally {
      spy.mockRestore();
      process.env.LOG_LEVEL = prev;
    }
    const [a, b] = lines.map((x) => JSON.parse(x));
    expect(a).toMatchObject({ level: 'warn', component: 'bolt-app', token: '[REDACTED]' });
    expect(a.msg).toBe('http request failed with [REDACTED]');
    expect(b).toMatchObject({ level: 'error', err: { name: 'Error', message: 'boom' } });
    expect(lines.join('')).not.toContain('xoxb-1234567890');
  });
});
