/**
 * `trailhound collect`'s progress on stderr: on a terminal, one line rewritten in place (overall
 * share of the window, ETA, events, pages, throttles, each region's share); otherwise one plain
 * line per region every 10 s and when a region finishes.
 */
import { progressLine, type RegionProgress, regionLine } from '../cloudtrail/collect-progress';
import { PLAIN_PROGRESS_INTERVAL_MS, type ProgressStream } from './output';

export interface CollectProgressReporter {
  update(p: RegionProgress): void;
  /** Clears the terminal line (a plain stream prints what it has not printed yet). */
  finish(): void;
}

export function collectProgressReporter(
  o: { enabled?: boolean; stream?: ProgressStream; clock?: () => number; intervalMs?: number } = {},
): CollectProgressReporter {
  const stream = o.stream ?? process.stderr;
  const clock = o.clock ?? Date.now;
  const every = o.intervalMs ?? PLAIN_PROGRESS_INTERVAL_MS;
  const regions = new Map<string, RegionProgress>();
  const printed = new Map<string, string>();
  if (o.enabled === false) return { update() {}, finish() {} };
  let lastTty = 0;
  let lastPlain = clock();
  const printChanged = (now: number, onlyEnded = false) => {
    for (const [region, p] of regions) {
      if (onlyEnded && !p.done && !p.error) continue;
      const line = regionLine(p, now);
      const key = line.replace(/ — .*$/, '') + (p.done || p.error ? ' end' : '');
      if (printed.get(region) === key) continue;
      printed.set(region, key);
      stream.write(`${line}\n`);
    }
  };
  return {
    update(p) {
      regions.set(p.region, p);
      const now = clock();
      if (stream.isTTY) {
        if (now - lastTty < 250 && !p.done) return;
        lastTty = now;
        stream.write(`\r\x1b[2K${progressLine([...regions.values()], now).slice(0, (stream.columns ?? 100) - 1)}`);
        return;
      }
      if (now - lastPlain >= every) {
        lastPlain = now;
        printChanged(now);
      } else if (p.done || p.error) printChanged(now, true);
    },
    finish() {
      if (stream.isTTY) stream.write('\r\x1b[2K');
      else printChanged(clock(), true);
    },
  };
}
