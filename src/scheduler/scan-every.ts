/**
 * How often an account is scanned (pure): `<n>h` (1 to 168 hours; `1h`, `4h`, `24h` are the usual
 * ones) or a five-field cron expression in UTC (src/scheduler/cron.ts). `nextScan` says when the
 * next scheduled scan is due after a given time.
 */
import { CronError, nextRun, parseCron } from './cron';

export const DEFAULT_SCAN_EVERY = '24h';

export type ScanEvery = { kind: 'interval'; ms: number; source: string } | { kind: 'cron'; source: string };

export class ScanEveryError extends Error {}

export function parseScanEvery(source: string): ScanEvery {
  const s = source.trim();
  const m = /^(\d{1,3})h$/.exec(s);
  if (m) {
    const h = Number(m[1]);
    if (h < 1 || h > 168)
      throw new ScanEveryError(`--scan-every ${s}: hours must be from 1 to 168 (e.g. 1h, 4h, 24h).`);
    return { kind: 'interval', ms: h * 3_600_000, source: s };
  }
  try {
    parseCron(s);
    return { kind: 'cron', source: s };
  } catch (err) {
    if (err instanceof CronError)
      throw new ScanEveryError(
        `--scan-every "${s}" is neither an interval (1h, 4h, 24h) nor a cron expression in UTC: ${err.message}`,
      );
    throw err;
  }
}

export function nextScan(every: ScanEvery, after: Date): Date {
  return every.kind === 'interval' ? new Date(after.getTime() + every.ms) : nextRun(parseCron(every.source), after);
}
