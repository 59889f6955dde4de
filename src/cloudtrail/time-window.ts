/** Time windows for searches (pure). Live CloudTrail LookupEvents covers the last 90 days only. */
import { UserFacingError } from '../errors';

export interface TimeWindow {
  start: Date;
  end: Date;
  /** Set when the request reached past what live data covers, and was clipped. */
  clippedFrom?: Date;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

export class WindowError extends UserFacingError {}

/** Parses "30m", "24h", "7d", "2w". */
export function parseDuration(s: string): number {
  const m = /^\s*(\d+)\s*([mhdw])\s*$/i.exec(s);
  if (!m) throw new WindowError(`"${s}" is not a duration: use a number and a unit, e.g. 30m, 24h, 7d, 2w.`);
  return Number(m[1]) * UNIT_MS[m[2]!.toLowerCase()]!;
}

function parseTime(s: string, what: string): Date {
  const d = new Date(s);
  if (Number.isNaN(d.getTime()))
    throw new WindowError(`${what} "${s}" is not a date: use ISO 8601, e.g. 2026-11-20T00:00:00Z.`);
  return d;
}

export function resolveWindow(
  input: { last?: string; start_time?: string; end_time?: string },
  now: Date,
  opts: { defaultLast?: string; maxDays?: number } = {},
): TimeWindow {
  const end = input.end_time ? parseTime(input.end_time, 'end_time') : now;
  const start = input.start_time
    ? parseTime(input.start_time, 'start_time')
    : new Date(end.getTime() - parseDuration(input.last ?? opts.defaultLast ?? '7d'));
  if (start >= end) throw new WindowError('The start of the window must be before its end.');
  if (opts.maxDays) {
    const earliest = new Date(now.getTime() - opts.maxDays * 86_400_000);
    if (start < earliest) return { start: earliest, end, clippedFrom: start };
  }
  return { start, end };
}

/** "2026-11-23 09:00Z": the one short timestamp format of answers (minutes, UTC). */
export function shortTime(d: Date | string | null | undefined): string {
  if (d === null || d === undefined) return '—';
  const t = typeof d === 'string' ? new Date(d) : d;
  return Number.isFinite(t.getTime()) ? `${t.toISOString().slice(0, 16).replace('T', ' ')}Z` : String(d);
}

export function describeWindow(w: TimeWindow): string {
  return `${shortTime(w.start)} → ${shortTime(w.end)}`;
}
