/**
 * Runs a CloudTrail search over accounts × regions in parallel: pushes one attribute down to the
 * source, filters the rest, summarises in bounded memory, and stops early at a cap while saying
 * how much was scanned and why it stopped.
 */
import type { AwsAccount } from '../aws/accounts';
import type { TrailSource } from '../sources/types';
import { chooseLookup, matches, type TrailFilters } from './filters';
import { normalise } from './record';
import { TrailSummary } from './summarise';
import type { TimeWindow } from './time-window';

export interface SearchPlan {
  targets: { account: AwsAccount; source: TrailSource; regions: string[] }[];
  window: TimeWindow;
  filters: TrailFilters;
  /** Stop after this many matching events (the summary stays exact up to there). */
  maxMatches: number;
  signal?: AbortSignal;
  onProgress?: (scanned: number, matched: number, regionsDone: number, regionsTotal: number) => void;
}

export interface SearchOutcome {
  summary: TrailSummary;
  scanned: number;
  matched: number;
  stoppedBecause: string | null;
  pushedDown: string | null;
  warnings: string[];
  regionsRead: { account: string; region: string; scanned: number; ok: boolean }[];
}

export async function runSearch(plan: SearchPlan): Promise<SearchOutcome> {
  const summary = new TrailSummary();
  const lookup = chooseLookup(plan.filters);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  plan.signal?.addEventListener('abort', onAbort);
  let scanned = 0;
  let matched = 0;
  let stoppedBecause: string | null = null;
  const warnings: string[] = [];
  const regionsRead: SearchOutcome['regionsRead'] = [];
  const total = plan.targets.reduce((s, t) => s + t.regions.length, 0);
  let done = 0;

  const jobs = plan.targets.flatMap((t) =>
    t.regions.map(async (region) => {
      let n = 0;
      let ok = true;
      try {
        for await (const r of t.source.events(region, { start: plan.window.start, end: plan.window.end, lookup }, { signal: stop.signal })) {
          if (stop.signal.aborted) break;
          n += 1;
          scanned += 1;
          const e = normalise(r);
          if (!matches(e, plan.filters)) continue;
          matched += 1;
          summary.add(e);
          if (matched >= plan.maxMatches) {
            stoppedBecause ??= `reached the cap of ${plan.maxMatches} matching events`;
            stop.abort();
          }
          if (scanned % 500 === 0) plan.onProgress?.(scanned, matched, done, total);
        }
      } catch (err) {
        ok = false;
        warnings.push(`${t.account.name} ${region}: ${(err as Error).message}`);
      }
      done += 1;
      regionsRead.push({ account: t.account.name, region, scanned: n, ok });
      plan.onProgress?.(scanned, matched, done, total);
    }),
  );
  await Promise.all(jobs);
  plan.signal?.removeEventListener('abort', onAbort);
  if (plan.signal?.aborted && !stoppedBecause) stoppedBecause = 'the question ran out of time';
  return {
    summary,
    scanned,
    matched,
    stoppedBecause,
    pushedDown: lookup ? `${lookup.key}=${lookup.value}` : null,
    warnings,
    regionsRead: regionsRead.sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region)),
  };
}
