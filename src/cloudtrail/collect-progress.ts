/**
 * Progress of a CloudTrail export per region (pure): how much of the window has been read, how fast,
 * and about how long is left. LookupEvents returns events newest first, so the share of the window
 * done is (end − oldest event read) / (end − start); the time left is extrapolated from the time
 * spent so far.
 */
export interface RegionProgress {
  account: string;
  region: string;
  events: number;
  pages: number;
  /** Throttles absorbed (retried after a wait) in this region so far. */
  throttles: number;
  /** The oldest event read so far (ISO). */
  oldest?: string;
  window: { start: string; end: string };
  /** When this region's export started, ms since the epoch. */
  startedAt: number;
  done?: boolean;
  /** Stopped at --max-events. */
  truncated?: boolean;
  error?: string;
}

/** Share of the window read, 0..1 (1 once the region is done, whatever stopped it). */
export function windowFraction(p: RegionProgress): number {
  if (p.done) return 1;
  if (!p.oldest) return 0;
  const start = Date.parse(p.window.start);
  const end = Date.parse(p.window.end);
  const oldest = Date.parse(p.oldest);
  if (!(end > start) || !Number.isFinite(oldest)) return 0;
  return Math.min(1, Math.max(0, (end - oldest) / (end - start)));
}

/** Seconds left at the pace so far; undefined until there is a pace to go by. */
export function secondsLeft(p: RegionProgress, now: number): number | undefined {
  const f = windowFraction(p);
  if (p.done) return 0;
  const spent = (now - p.startedAt) / 1000;
  if (f < 0.01 || spent < 1) return undefined;
  return Math.round((spent * (1 - f)) / f);
}

/** "45s", "3m 10s", "1h 02m". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** "2026-11-23 09:00Z": the short timestamp people read. */
export function shortTime(iso: string): string {
  const d = new Date(iso);
  return Number.isFinite(d.getTime()) ? `${d.toISOString().slice(0, 16).replace('T', ' ')}Z` : iso;
}

const n = (x: number) => x.toLocaleString('en-US');

/** One region, as a line of its own (non-terminal output). */
export function regionLine(p: RegionProgress, now: number): string {
  const pct = Math.floor(windowFraction(p) * 100);
  const state = p.error
    ? `stopped: ${p.error}`
    : p.done
      ? p.truncated
        ? 'stopped at --max-events'
        : 'done'
      : (() => {
          const left = secondsLeft(p, now);
          return left === undefined ? 'estimating time left' : `about ${formatDuration(left)} left`;
        })();
  return `${p.account} ${p.region}: ${pct}% of the window${p.oldest ? ` (back to ${shortTime(p.oldest)})` : ''}, ${n(p.events)} events, ${n(p.pages)} page(s), ${n(p.throttles)} throttle(s) absorbed — ${state}`;
}

/** Every region on one line (a terminal rewrites it in place): overall share, the slowest ETA, then each region. */
export function progressLine(list: RegionProgress[], now: number): string {
  if (!list.length) return '';
  const pct = Math.floor((list.reduce((s, p) => s + windowFraction(p), 0) / list.length) * 100);
  const lefts = list.filter((p) => !p.done).map((p) => secondsLeft(p, now));
  const eta = lefts.length
    ? lefts.some((x) => x === undefined)
      ? ' · ETA …'
      : ` · ETA ${formatDuration(Math.max(...(lefts as number[])))}`
    : '';
  const events = list.reduce((s, p) => s + p.events, 0);
  const throttles = list.reduce((s, p) => s + p.throttles, 0);
  const regions = list.map((p) => `${p.region} ${p.error ? '✗' : `${Math.floor(windowFraction(p) * 100)}%`}`).join(' ');
  return `${list[0]!.account}: CloudTrail ${pct}%${eta} · ${n(events)} events · ${n(list.reduce((s, p) => s + p.pages, 0))} pages · ${n(throttles)} throttles · ${regions}`;
}
