/**
 * Progress on long work: the pure per-region formatter (share of the window, ETA, pages, throttles),
 * the collect reporter on a terminal and on a plain stream (CI, a log), the generic plain progress
 * lines, and the tool label a long `ask` shows.
 */
import { describe, expect, it } from 'vitest';
import { toolProgress } from '../../src/agent/tool-label';
import {
  formatDuration,
  progressLine,
  type RegionProgress,
  regionLine,
  secondsLeft,
  shortTime,
  windowFraction,
} from '../../src/cloudtrail/collect-progress';
import { collectProgressReporter } from '../../src/cli/collect-progress';
import { stderrProgress } from '../../src/cli/output';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const region = (o: Partial<RegionProgress> = {}): RegionProgress => ({
  account: 'prod',
  region: 'us-east-1',
  events: 12_300,
  pages: 246,
  throttles: 3,
  // A 10-day window read back 4 days (newest first): 40 % done.
  window: { start: '2026-11-13T09:00:00.000Z', end: '2026-11-23T09:00:00.000Z' },
  oldest: '2026-11-19T09:00:00.000Z',
  startedAt: T0,
  ...o,
});

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, columns: 200, write: (s: string) => out.push(s) } };
}

describe('collect progress (pure)', () => {
  it('measures the share of the window read and extrapolates the time left', () => {
    const p = region();
    expect(windowFraction(p)).toBeCloseTo(0.4);
    // 40 % in 120 s: 180 s to go.
    expect(secondsLeft(p, T0 + 120_000)).toBe(180);
    expect(windowFraction(region({ oldest: undefined }))).toBe(0);
    expect(secondsLeft(region({ oldest: undefined }), T0 + 120_000)).toBeUndefined();
    expect(windowFraction(region({ done: true }))).toBe(1);
  });

  it('formats durations, timestamps and the lines people read', () => {
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(190)).toBe('3m 10s');
    expect(formatDuration(3720)).toBe('1h 02m');
    expect(shortTime('2026-11-23T09:00:41.000Z')).toBe('2026-11-23 09:00Z');
    expect(regionLine(region(), T0 + 120_000)).toBe(
      'prod us-east-1: 40% of the window (back to 2026-11-19 09:00Z), 12,300 events, 246 page(s), 3 throttle(s) absorbed — about 3m 00s left',
    );
    expect(regionLine(region({ error: 'AccessDenied' }), T0)).toMatch(/— stopped: AccessDenied$/);
    expect(regionLine(region({ done: true, truncated: true }), T0)).toMatch(/100% .* — stopped at --max-events$/);
    const line = progressLine(
      [region(), region({ region: 'eu-west-1', events: 100, pages: 2, throttles: 0, done: true })],
      T0 + 120_000,
    );
    expect(line).toBe(
      'prod: CloudTrail 70% · ETA 3m 00s · 12,400 events · 248 pages · 3 throttles · us-east-1 40% eu-west-1 100%',
    );
  });
});

describe('collect progress reporter', () => {
  it('on a plain stream: nothing for the first 10 s, then one line per changed region, and each end', () => {
    let now = T0;
    const { out, stream } = sink(false);
    const r = collectProgressReporter({ stream, clock: () => now });
    now += 2_000;
    r.update(region({ oldest: '2026-11-22T09:00:00.000Z', events: 10, pages: 1 }));
    expect(out).toEqual([]);
    now += 10_000;
    r.update(region());
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^prod us-east-1: 40% of the window .* 3 throttle\(s\) absorbed — about .* left\n$/);
    now += 1_000;
    r.update(region({ region: 'eu-west-1', done: true, events: 5 }));
    expect(out.at(-1)).toMatch(/^prod eu-west-1: 100% of the window .* — done\n$/);
    r.finish();
    expect(out.every((l) => !l.includes('\r'))).toBe(true);
  });

  it('on a terminal: one line rewritten in place, cleared at the end', () => {
    let now = T0;
    const { out, stream } = sink(true);
    const r = collectProgressReporter({ stream, clock: () => now });
    now += 120_000;
    r.update(region());
    expect(out[0]).toBe(
      '\r\x1b[2Kprod: CloudTrail 40% · ETA 3m 00s · 12,300 events · 246 pages · 3 throttles · us-east-1 40%',
    );
    r.update(region({ events: 12_301 })); // within 250 ms: skipped
    expect(out).toHaveLength(1);
    r.finish();
    expect(out.at(-1)).toBe('\r\x1b[2K');
  });
});

describe('generic progress', () => {
  it('a plain stream gets a line at most every 10 s; a short run prints nothing', () => {
    let now = T0;
    const { out, stream } = sink(false);
    const say = stderrProgress(true, { stream, clock: () => now });
    say('Searching CloudTrail: 0/3 regions done');
    now += 9_000;
    say('Searching CloudTrail: 1/3 regions done');
    expect(out).toEqual([]);
    now += 2_000;
    say('Searching CloudTrail: 2/3 regions done');
    expect(out).toEqual(['Searching CloudTrail: 2/3 regions done\n']);
  });

  it('a long ask says which tool is running', () => {
    const said: string[] = [];
    const tp = toolProgress((m) => said.push(m));
    tp.say('Loading…');
    tp.start('cloudtrail_search');
    tp.say('2/3 regions done, 1,250 events read');
    tp.start('posture_scan');
    expect(said).toEqual([
      'Loading…',
      'Searching CloudTrail (cloudtrail_search)…',
      'Searching CloudTrail (cloudtrail_search) — 2/3 regions done, 1,250 events read',
      'Scanning posture (posture_scan)…',
    ]);
  });
});
