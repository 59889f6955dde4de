/**
 * The words of a CloudTrail search answer (pure): the summary sentence and the warnings, built
 * from the search outcome and the summary. Leads with who made the calls and what is new for them,
 * then critical/high events, then counts; says what was not searched and why.
 */
import { shortTime } from './time-window';
import type { SearchOutcome } from './search';
import type { SummaryResult } from './summarise';
import { clip } from './text';
import type { TimelineEntry, WhoEntry } from './timeline';

const n = (x: number) => x.toLocaleString('en-US');
const plural = (k: number, word: string) => `${n(k)} ${word}${k === 1 ? '' : 's'}`;

export interface AnswerContext {
  /** What was searched for, in words ("calls to StopLogging"). */
  what: string;
  /** "prod · 2 region(s) · <window>". */
  scope: string;
  mode: 'live' | 'evidence';
  /** Matches outside an evidence folder's account.json, in words (or undefined). */
  outsideAccountJson?: string;
  /** Known-bad source IPs among the top ones, in words. */
  knownBad: { ip: string; knownBad?: string }[];
  threatsOnly?: boolean;
  minSeverity?: string;
  /** Only events tagged by these rules were counted. */
  ruleIds?: readonly string[];
}

/** "arn:…:user/ci-legacy (key AKIA…, session s)". */
export function describeWho(w: WhoEntry): string {
  const parts = [
    ...w.accessKeyIds.slice(0, 2).map((k) => `key ${k}`),
    ...w.sessions.slice(0, 1).map((s) => `session ${clip(s, 40)}`),
  ];
  return `${clip(w.principal, 90)}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function describeNew(w: WhoEntry): string {
  const words = { sourceIp: 'IP', userAgent: 'user agent', region: 'region' } as const;
  return w.new
    .slice(0, 2)
    .map((x) => `new ${words[x.dimension]} ${clip(x.value, 50)} from ${shortTime(x.firstSeen)}`)
    .join(', ');
}

function whoSentence(s: SummaryResult): string {
  if (!s.who.length) return '';
  const lead = s.who.slice(0, 2).map((w) => {
    const extra = [`${plural(w.events, 'event')}`];
    if (w.criticalOrHigh) extra.push(`${n(w.criticalOrHigh)} critical/high`);
    if (w.new.length) extra.push(describeNew(w));
    return `${describeWho(w)}: ${extra.join('; ')}`;
  });
  const more = s.who.length > 2 ? ` and ${s.who.length - 2} more (see who)` : '';
  return `Who: ${lead.join(' · ')}${more}.`;
}

function severeSentence(s: SummaryResult): string {
  const severe = s.timeline.filter((e) => e.kind === 'threat' && (e.severity === 'critical' || e.severity === 'high'));
  if (!severe.length) return '';
  const rows = severe
    .slice(0, 5)
    .map((e) => `${shortTime(e.time)} ${clip(e.what, 70)}${countText(e)} by ${clip(shortWho(e), 40)}`);
  return `Critical/high: ${rows.join('; ')}${severe.length > 5 ? `; +${severe.length - 5} more in the timeline` : ''}.`;
}

function countText(e: TimelineEntry): string {
  return e.count && e.count > 1 ? ` ×${e.count}` : '';
}

function shortWho(e: TimelineEntry): string {
  const p = e.principal ?? '';
  return p.includes('/') ? p.slice(p.lastIndexOf('/') + 1) : p;
}

function omittedSentence(s: SummaryResult): string {
  const o = s.omitted;
  const parts = (['critical', 'high', 'medium', 'low'] as const).filter((k) => o[k]).map((k) => `${n(o[k])} ${k}`);
  if (o.newForPrincipal) parts.push(`${n(o.newForPrincipal)} new-for-principal`);
  if (o.bursts) parts.push(`${n(o.bursts)} burst`);
  if (!parts.length) return '';
  return `The timeline left out ${parts.join(', ')} row(s) (to see them: min_severity, threats_only, a narrower window or filter).`;
}

function countsSentence(s: SummaryResult): string {
  const top = s.byEventName
    .slice(0, 5)
    .map((x) => `${clip(x.value, 60)} (${x.count})`)
    .join(', ');
  const errors = s.byErrorCode.length
    ? ` (${s.byErrorCode
        .slice(0, 3)
        .map((x) => `${clip(x.value, 60)} ${x.count}`)
        .join(', ')})`
    : '';
  const ips = s.bySourceIp
    .slice(0, 3)
    .map((x) => `${clip(x.value, 45)} (${x.count})`)
    .join(', ');
  return `Top: ${top}. ${plural(s.errors, 'failed call')}${errors}. Source IPs: ${ips}.`;
}

/** "event", "threat-tagged (≥ low) event" (the noun pluralised by the caller). */
function matchKind(a: AnswerContext, noun: string): string {
  return a.threatsOnly && !a.ruleIds?.length ? `threat-tagged (≥ ${a.minSeverity ?? 'low'}) ${noun}` : noun;
}

/** " tagged initial-access.console-login-no-mfa" when only those rules' events were counted. */
function taggedBy(a: AnswerContext): string {
  return a.ruleIds?.length ? ` tagged ${a.ruleIds.map((r) => clip(r, 60)).join(' or ')}` : '';
}

/** " for calls to StopLogging"; nothing when no filter was given ("all events"). */
function forWhat(a: AnswerContext): string {
  return a.what === 'all events' && (a.threatsOnly || a.ruleIds?.length) ? '' : ` for ${clip(a.what, 300)}`;
}

function headSentence(out: SearchOutcome, s: SummaryResult, a: AnswerContext): string {
  const failed = out.regionsRead.filter((r) => !r.ok);
  const allFailed = out.regionsRead.length > 0 && failed.length === out.regionsRead.length;
  const what = clip(a.what, 300);
  if (allFailed)
    return `Could not search CloudTrail for ${what}: none of the ${out.regionsRead.length} account-region(s) could be read (${a.scope}), so this is NOT evidence of no activity. First error: ${clip(failed[0]!.error ?? 'see warnings', 300)}`;
  if (s.total === 0) {
    const blind = out.blind.length ? ` — but ${out.blind.join('; ')}, so this is NOT evidence of no activity` : '';
    const kind = matchKind(a, 'CloudTrail events');
    return `No ${kind}${taggedBy(a)}${forWhat(a)} in ${a.scope}${blind}.`;
  }
  const kind = matchKind(a, 'event');
  // The activity's span, then the scope (which ends with the searched window): each said once, short.
  return `${plural(s.total, kind)}${taggedBy(a)}${forWhat(a)} from ${shortTime(s.firstSeen)} to ${shortTime(s.lastSeen)} (${a.scope}).`;
}

/** The summary's size bound (the data gets the rest of the result's budget). */
export const SUMMARY_MAX_CHARS = 2_400;

/** The summary a person reads: who and what is new first, then critical/high, then counts. */
export function summaryText(out: SearchOutcome, s: SummaryResult, a: AnswerContext): string {
  return clip(summaryParts(out, s, a).filter(Boolean).join(' '), SUMMARY_MAX_CHARS);
}

function summaryParts(out: SearchOutcome, s: SummaryResult, a: AnswerContext): string[] {
  const parts = [headSentence(out, s, a)];
  if (s.total > 0) {
    parts.push(whoSentence(s), severeSentence(s), countsSentence(s));
    if (a.outsideAccountJson) parts.push(a.outsideAccountJson);
  }
  const failed = out.regionsRead.filter((r) => !r.ok);
  if (failed.length && failed.length < out.regionsRead.length)
    parts.push(
      `${failed.length} of ${out.regionsRead.length} account-region(s) could not be read (${failed
        .map((r) => `${r.account} ${r.region}`)
        .slice(0, 5)
        .join(', ')}): counts exclude them, see warnings.`,
    );
  if (s.bursts.length) parts.push(`${s.bursts.length} burst(s) of denied calls (possible enumeration).`);
  if (s.threats.taggedEvents) {
    const worst = s.threats.byRule
      .slice(0, 3)
      .map((x) => `${x.title} (${x.severity}, ${x.count})`)
      .join('; ');
    parts.push(`${n(s.threats.taggedEvents)} threat-tagged event(s), e.g. ${clip(worst, 300)}.`);
  }
  if (s.threats.baselineDiscovery)
    parts.push(
      `${n(s.threats.baselineDiscovery)} discovery call(s) matching their principal's usual IP and user agent were not tagged.`,
    );
  parts.push(omittedSentence(s));
  const bad = a.knownBad.filter((x) => x.knownBad);
  if (bad.length) parts.push(`Known-bad source IP(s): ${bad.map((x) => `${x.ip} (${x.knownBad})`).join(', ')}.`);
  parts.push(
    `Read ${n(out.scanned)} events${out.plan.fullScan && out.lookupEvents ? ' (full scan of the window: no filter could be pushed down)' : ''}, matched ${n(out.matched)}${
      out.stoppedBecause ? `, stopped because ${out.stoppedBecause}` : ''
    }.`,
  );
  if (out.throttles) parts.push(`${n(out.throttles)} throttled request(s) were retried.`);
  if (out.files)
    parts.push(
      `Evidence: ${n(out.files.read)} file read(s) (${n(out.files.entries)} entries), ${n(out.files.skipped)} skipped by region or delivery time.`,
    );
  return parts;
}

const STOP_HINTS: [RegExp, string][] = [
  [/scan limit/, ' To see more: narrow the window or the filters, or raise max_scan.'],
  [/matching events/, ' To see more: narrow the window or the filters, or raise max_events.'],
];

/** The "Partial result" warning when the search stopped early. */
export function partialWarning(out: SearchOutcome, mode: 'live' | 'evidence'): string | null {
  if (!out.stoppedBecause) return null;
  const covered = out.regionsRead.filter((r) => r.oldest).map((r) => `${r.region} back to ${r.oldest}`);
  const where = covered.length && mode === 'live' ? ` (newest first: ${covered.slice(0, 6).join(', ')})` : '';
  const hint =
    out.lookupEvents && /scan limit/.test(out.stoppedBecause)
      ? ' To see more: narrow the window, add a filter LookupEvents applies (access_key_id, user_name, event_names, event_source), or raise max_scan.'
      : (STOP_HINTS.find(([re]) => re.test(out.stoppedBecause!))?.[1] ?? '');
  return `Partial result: stopped because ${out.stoppedBecause}; counts cover only what was read${where}.${hint}`;
}
