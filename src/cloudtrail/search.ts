/**
 * Runs a CloudTrail search over accounts × regions in parallel: pushes the most selective filter
 * down to the source (one LookupEvents query per lookup of the plan), applies the rest here,
 * summarises in bounded memory (streaming: pages are never kept), de-duplicates matches by event
 * id (overlapping evidence files), and stops early at a match cap or a scan cap — saying how much
 * was scanned, what it covered, and why it stopped.
 */
import type { AwsAccount } from '../aws/accounts';
import type { TrailSource } from './source';
import { compileFilters, planQuery, type QueryPlan, type TrailFilters } from './filters';
import { normalise } from './record';
import { TrailSummary } from './summarise';
import type { Tagger } from './timeline';
import type { TimeWindow } from './time-window';

export interface SearchTarget {
  account: AwsAccount;
  source: TrailSource;
  regions: string[];
}

export interface SearchPlan {
  targets: SearchTarget[];
  window: TimeWindow;
  filters: TrailFilters;
  /** Stop after this many matching events (the summary stays exact up to there). */
  maxMatches: number;
  /** Stop after reading this many events in total (all regions); default unlimited. */
  maxScanned?: number;
  tagger?: Tagger;
  signal?: AbortSignal;
  onProgress?: (p: { scanned: number; matched: number; regionsDone: number; regionsTotal: number }) => void;
}

export interface RegionRead {
  account: string;
  region: string;
  scanned: number;
  matched: number;
  ok: boolean;
  /** Oldest event time read in this region (LookupEvents reads newest first). */
  oldest: string | null;
  error?: string;
}

export interface SearchOutcome {
  summary: TrailSummary;
  plan: QueryPlan;
  scanned: number;
  matched: number;
  /** Matches dropped because their event id was already counted (overlapping evidence). */
  duplicates: number;
  stoppedBecause: string | null;
  pushedDown: string | null;
  /** Throttles absorbed (retried) by live sources. */
  throttles: number;
  /** Evidence sources: files opened, files skipped from their name, record entries read. */
  files?: { read: number; skipped: number; entries: number };
  warnings: string[];
  regionsRead: RegionRead[];
}

function describeLookups(plan: QueryPlan): string | null {
  const l = plan.lookups.filter((x) => x !== undefined);
  if (!l.length) return null;
  return l.map((x) => `${x!.key}=${x!.value}`).join(' | ');
}

export async function runSearch(p: SearchPlan): Promise<SearchOutcome> {
  const plan = planQuery(p.filters);
  const summary = new TrailSummary({ tagger: p.tagger });
  const keep = compileFilters(p.filters, plan.pushedDown ? [plan.pushedDown] : []);
  // Several lookups (one per event name) would re-read an evidence folder once each: evidence reads
  // it once, unfiltered, and applies every filter here instead.
  const keepAll = compileFilters(p.filters);
  const onePass = (s: TrailSource) => s.kind === 'evidence' && plan.lookups.length > 1;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (p.signal?.aborted) stop.abort();
  p.signal?.addEventListener('abort', onAbort);
  const seen = new Set<string>();
  let scanned = 0;
  let matched = 0;
  let duplicates = 0;
  let stoppedBecause: string | null = null;
  const warnings: string[] = [];
  const regionsRead: RegionRead[] = [];
  const total = p.targets.reduce((s, t) => s + t.regions.length, 0);
  let done = 0;
  const maxScanned = p.maxScanned ?? Number.POSITIVE_INFINITY;
  const progress = () => p.onProgress?.({ scanned, matched, regionsDone: done, regionsTotal: total });

  const jobs = p.targets.flatMap((t) =>
    t.regions.map(async (region) => {
      const r: RegionRead = { account: t.account.name, region, scanned: 0, matched: 0, ok: true, oldest: null };
      let oldest = Number.POSITIVE_INFINITY;
      try {
        const single = onePass(t.source);
        const test = single ? keepAll : keep;
        for (const lookup of single ? [undefined] : plan.lookups) {
          if (stop.signal.aborted) break;
          for await (const raw of t.source.events(
            region,
            { start: p.window.start, end: p.window.end, lookup },
            { signal: stop.signal },
          )) {
            if (stop.signal.aborted) break;
            r.scanned += 1;
            scanned += 1;
            const e = normalise(raw);
            if (e.time < oldest) oldest = e.time;
            if (scanned % 1000 === 0) progress();
            if (scanned >= maxScanned && !stop.signal.aborted) {
              stoppedBecause ??= `it read the scan limit of ${maxScanned.toLocaleString('en-US')} events`;
              stop.abort();
            }
            if (!test(e)) continue;
            if (e.eventId) {
              if (seen.has(e.eventId)) {
                duplicates += 1;
                continue;
              }
              seen.add(e.eventId);
            }
            matched += 1;
            r.matched += 1;
            summary.add(e);
            if (matched >= p.maxMatches && !stop.signal.aborted) {
              stoppedBecause ??= `it reached the cap of ${p.maxMatches.toLocaleString('en-US')} matching events`;
              stop.abort();
            }
          }
        }
      } catch (err) {
        // An abort we caused (cap reached, out of time) is not a failure of the region.
        if (!stop.signal.aborted) {
          r.ok = false;
          r.error = (err as Error).message;
          warnings.push(`${t.account.name} ${region}: ${(err as Error).message}`);
        }
      }
      r.oldest = Number.isFinite(oldest) ? new Date(oldest).toISOString() : null;
      done += 1;
      regionsRead.push(r);
      progress();
    }),
  );
  await Promise.all(jobs);
  p.signal?.removeEventListener('abort', onAbort);
  if (p.signal?.aborted && !stoppedBecause) stoppedBecause = 'the question ran out of time';
  const sources = new Set(p.targets.map((t) => t.source));
  let throttles = 0;
  let files: SearchOutcome['files'];
  for (const s of sources) {
    const st = (s as { stats?: { files?: number; skippedFiles?: number; records?: number } }).stats;
    if (st && typeof st.files === 'number') {
      files ??= { read: 0, skipped: 0, entries: 0 };
      files.read += st.files;
      files.skipped += st.skippedFiles ?? 0;
      files.entries += st.records ?? 0;
    }
    throttles += (s as { throttles?: number }).throttles ?? 0;
    // Evidence sources list files or elements they could not read.
    const unreadable = (s as { stats?: { unreadable?: string[] } }).stats?.unreadable ?? [];
    if (unreadable.length)
      warnings.push(
        `${unreadable.length} evidence file(s) or entries could not be read: ${unreadable.slice(0, 3).join('; ')}`,
      );
  }
  return {
    summary,
    plan,
    scanned,
    matched,
    duplicates,
    stoppedBecause,
    pushedDown: describeLookups(plan),
    throttles,
    ...(files ? { files } : {}),
    warnings,
    regionsRead: regionsRead.sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region)),
  };
}
