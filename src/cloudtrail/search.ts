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
import { normalise, type TrailEvent } from './record';
import { TrailSummary } from './summarise';
import type { Severity } from './threats/types';
import type { Tagger } from './timeline';
import type { TimeWindow } from './time-window';

export interface SearchTarget {
  account: AwsAccount;
  source: TrailSource;
  /**
   * Live: the regions to read. Evidence: every region in the folder is read in one pass; these are
   * reported even when empty, and with `exactRegions` they are the only ones searched (the
   * records of other regions are counted as left out).
   */
  regions: string[];
  exactRegions?: boolean;
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
  /** Timeline rows (and, with threatsOnly, matches) start at this severity. */
  minSeverity?: Severity;
  /** Only events with a threat tag at or above minSeverity count as matches. */
  threatsOnly?: boolean;
  /** Only events tagged by one of these rules count as matches. */
  ruleIds?: readonly string[];
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
  /** Whether a source may have called LookupEvents (live, not Athena): its notes apply. */
  lookupEvents: boolean;
  /** Matches dropped because their event id was already counted (overlapping evidence). */
  duplicates: number;
  stoppedBecause: string | null;
  pushedDown: string | null;
  /** Throttles absorbed (retried) by live sources. */
  throttles: number;
  /** Evidence sources: files opened, files skipped from their name, record entries read. */
  files?: { read: number; skipped: number; entries: number };
  /** Entries that were not usable records, by reason (evidence), and events that broke analysis. */
  skippedEntries?: Record<string, number>;
  /** Why an empty answer is not evidence of no activity (a source could not see), if so. */
  blind: string[];
  /** The same, per account: the sources that could not see at all. */
  blindAccounts: { account: string; reason: string }[];
  warnings: string[];
  regionsRead: RegionRead[];
  /** True when every account was searched with one SQL query carrying every filter. */
  sql: boolean;
  /** Engines that answered (from the sources' reports), e.g. ["Athena"]. */
  engines: string[];
}

function describeLookups(plan: QueryPlan): string | null {
  const l = plan.lookups.filter((x) => x !== undefined);
  if (!l.length) return null;
  return l.map((x) => `${x!.key}=${x!.value}`).join(' | ');
}

export async function runSearch(p: SearchPlan): Promise<SearchOutcome> {
  // SQL sources (Athena, CloudTrail Lake) take every filter and every region in one query per account.
  const accounts = p.targets.length;
  const sqlTargets = new Set(
    p.targets.filter(
      (t) =>
        t.source.kind === 'live' &&
        t.source.pushesAllFilters?.({
          start: p.window.start,
          end: p.window.end,
          filters: p.filters,
          regions: t.regions,
          accounts,
        }) === true,
    ),
  );
  // LookupEvents' notes (pacing, one attribute per request) only when a source may call it (a SQL
  // target answers this question without it).
  const lookupEvents = p.targets.some(
    (t) => t.source.kind === 'live' && t.source.lookupEvents !== false && !sqlTargets.has(t),
  );
  const plan = planQuery(p.filters, { lookupEvents });
  const summary = new TrailSummary({
    tagger: p.tagger,
    minSeverity: p.minSeverity,
    threatsOnly: p.threatsOnly,
    ruleIds: p.ruleIds,
  });
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

  let unprocessable = 0;
  const unprocessableExamples: string[] = [];

  /** Reads one query of a source into the summary; `readFor` picks the RegionRead of an event. */
  const consume = async (
    t: SearchTarget,
    region: string,
    readFor: (e: TrailEvent) => RegionRead,
    oldest: Map<RegionRead, number>,
  ) => {
    const sql = sqlTargets.has(t);
    const single = onePass(t.source) || sql;
    const test = single ? keepAll : keep;
    const regions = t.exactRegions || sql ? t.regions : undefined;
    for (const lookup of single ? [undefined] : plan.lookups) {
      if (stop.signal.aborted) break;
      for await (const raw of t.source.events(
        region,
        {
          start: p.window.start,
          end: p.window.end,
          lookup,
          accounts,
          ...(regions ? { regions } : {}),
          ...(sql ? { filters: p.filters } : {}),
          ...(p.filters.sourceIp ? { sourceIp: p.filters.sourceIp } : {}),
        },
        { signal: stop.signal },
      )) {
        if (stop.signal.aborted) break;
        scanned += 1;
        if (scanned % 1000 === 0) progress();
        if (scanned >= maxScanned && !stop.signal.aborted) {
          stoppedBecause ??= `it read the scan limit of ${maxScanned.toLocaleString('en-US')} events`;
          stop.abort();
        }
        // A hostile record that breaks analysis is counted and named, never fatal to the question.
        try {
          const e = normalise(raw);
          const r = readFor(e);
          r.scanned += 1;
          if (e.time < (oldest.get(r) ?? Number.POSITIVE_INFINITY)) oldest.set(r, e.time);
          if (!test(e)) continue;
          if (e.eventId) {
            if (seen.has(e.eventId)) {
              duplicates += 1;
              continue;
            }
            seen.add(e.eventId);
          }
          if (!summary.add(e)) continue;
          matched += 1;
          r.matched += 1;
        } catch (err) {
          unprocessable += 1;
          if (unprocessableExamples.length < 3)
            unprocessableExamples.push(`${String(raw?.eventID ?? '?').slice(0, 64)}: ${(err as Error).message}`);
          continue;
        }
        if (matched >= p.maxMatches && !stop.signal.aborted) {
          stoppedBecause ??= `it reached the cap of ${p.maxMatches.toLocaleString('en-US')} matching events`;
          stop.abort();
        }
      }
    }
  };

  const newRead = (account: string, region: string): RegionRead => ({
    account,
    region,
    scanned: 0,
    matched: 0,
    ok: true,
    oldest: null,
  });
  const finish = (reads: RegionRead[], oldest: Map<RegionRead, number>) => {
    for (const r of reads) {
      const o = oldest.get(r);
      r.oldest = o !== undefined && Number.isFinite(o) ? new Date(o).toISOString() : null;
      regionsRead.push(r);
    }
  };
  const fail = (t: SearchTarget, reads: RegionRead[], label: string, err: unknown) => {
    // An abort we caused (cap reached, out of time) is not a failure of the region.
    if (stop.signal.aborted) return;
    for (const r of reads) {
      r.ok = false;
      r.error = (err as Error).message;
    }
    warnings.push(`${t.account.name} ${label}: ${(err as Error).message}`);
  };

  // Live: one job per region. Evidence: one pass over the folder for every region (each file read
  // once), events counted under the region they name.
  const jobs = p.targets.flatMap((t) => {
    if (t.source.kind === 'evidence' || (sqlTargets.has(t) && t.regions.length))
      return [
        (async () => {
          const byRegion = new Map(t.regions.map((r) => [r, newRead(t.account.name, r)]));
          const readFor = (e: TrailEvent) => {
            let r = byRegion.get(e.region);
            if (!r) byRegion.set(e.region, (r = newRead(t.account.name, e.region)));
            return r;
          };
          const oldest = new Map<RegionRead, number>();
          try {
            await consume(t, '*', readFor, oldest);
          } catch (err) {
            fail(t, [...byRegion.values()], sqlTargets.has(t) ? t.regions.join(',') : 'evidence', err);
          }
          done += t.regions.length;
          finish([...byRegion.values()], oldest);
          progress();
        })(),
      ];
    return t.regions.map(async (region) => {
      const r = newRead(t.account.name, region);
      const oldest = new Map<RegionRead, number>();
      try {
        await consume(t, region, () => r, oldest);
      } catch (err) {
        fail(t, [r], region, err);
      }
      done += 1;
      finish([r], oldest);
      progress();
    });
  });
  await Promise.all(jobs);
  p.signal?.removeEventListener('abort', onAbort);
  if (p.signal?.aborted && !stoppedBecause) stoppedBecause = 'the question ran out of time';
  const sources = new Set(p.targets.map((t) => t.source));
  let throttles = 0;
  let files: SearchOutcome['files'];
  let skippedEntries: Record<string, number> | undefined;
  const blind: string[] = [];
  const blindAccounts: { account: string; reason: string }[] = [];
  const engines = new Set<string>();
  for (const s of sources) {
    const rep = s.report?.();
    if (!rep) continue;
    if (rep.files) {
      files ??= { read: 0, skipped: 0, entries: 0 };
      files.read += rep.files.read;
      files.skipped += rep.files.skipped;
      files.entries += rep.files.entries;
    }
    for (const [k, v] of Object.entries(rep.skippedEntries ?? {})) {
      skippedEntries ??= {};
      skippedEntries[k] = (skippedEntries[k] ?? 0) + v;
    }
    throttles += rep.throttles ?? 0;
    for (const e of rep.engines ?? []) engines.add(e);
    warnings.push(...rep.warnings);
    if (rep.blind) {
      blind.push(`${s.account.name}: ${rep.blind}`);
      blindAccounts.push({ account: s.account.name, reason: rep.blind });
    }
  }
  if (unprocessable) {
    skippedEntries = { ...skippedEntries, unprocessable };
    warnings.push(
      `${unprocessable} record(s) could not be analysed and were left out of the counts: ${unprocessableExamples.join('; ')}`,
    );
  }
  // Every account searched with SQL: nothing was scanned unfiltered, nothing is filtered only here.
  const allSql = sqlTargets.size > 0 && sqlTargets.size === p.targets.length;
  const active = Object.entries(p.filters).filter(
    ([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0),
  );
  return {
    summary,
    sql: allSql,
    plan: allSql
      ? {
          lookups: [undefined],
          pushedDown: null,
          clientSide: [],
          fullScan: false,
          notes: [
            'Every filter, the accounts, the regions and the window were pushed into one SQL query per account; what came back was re-checked here.',
          ],
        }
      : plan,
    lookupEvents,
    scanned,
    matched,
    duplicates,
    stoppedBecause,
    pushedDown: allSql
      ? `SQL: ${active.map(([k]) => k).join(', ') || 'window only'} (+ accounts, regions, days)`
      : describeLookups(plan),
    engines: [...engines],
    throttles,
    ...(files ? { files } : {}),
    ...(skippedEntries ? { skippedEntries } : {}),
    blind,
    blindAccounts,
    warnings,
    regionsRead: regionsRead.sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region)),
  };
}
