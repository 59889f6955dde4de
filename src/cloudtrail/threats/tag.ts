/**
 * Tags one CloudTrail event with the catalog rules it matches (pure, fast: the catalog is indexed
 * by eventName once; a typical event costs one Map lookup).
 */
import { type KnownBadList, lookupKnownBad } from '../ip-context';
import type { TrailEvent } from '../record';
import { THREAT_CATALOG } from './catalog';
import { tagTactics } from './mitre';
import { PREDICATES, clean } from './predicates';
import { type CatalogEntry, SEVERITIES, type Severity, TACTICS, type ThreatTag } from './types';

const INDEX = new Map<string, CatalogEntry[]>();
/** Entries checked on every event (patterns of the caller, not of one API). */
const ANY_EVENT = THREAT_CATALOG.filter((e) => e.anyEvent);
for (const e of THREAT_CATALOG) {
  if (e.anyEvent) continue;
  for (const n of e.eventNames) {
    const list = INDEX.get(n) ?? [];
    list.push(e);
    INDEX.set(n, list);
  }
}

/** Catalog entries that could tag this event name (any event source). */
export function entriesFor(eventName: string): readonly CatalogEntry[] {
  return INDEX.get(eventName) ?? [];
}

function lower(s: Severity): Severity {
  return SEVERITIES[Math.max(0, SEVERITIES.indexOf(s) - 1)]!;
}

export interface TagOptions {
  /** Known-bad networks (e.g. Tor exits): calls from them get an extra tag. */
  knownBad?: KnownBadList;
}

export const KNOWN_BAD_RULE_ID = 'initial-access.known-bad-source-ip';

export function tagEvent(e: TrailEvent, opts?: TagOptions): ThreatTag[] {
  const out: ThreatTag[] = [];
  const candidates = INDEX.get(e.eventName);
  if (candidates) {
    for (const entry of candidates) {
      if (entry.eventSource !== e.eventSource) continue;
      const tag = apply(entry, e);
      if (tag) out.push(tag);
    }
  }
  if (e.identityType === 'AssumedRole')
    for (const entry of ANY_EVENT) {
      const tag = apply(entry, e);
      if (tag) out.push(tag);
    }
  if (opts?.knownBad && e.sourceIp) {
    const bad = lookupKnownBad(e.sourceIp, opts.knownBad);
    if (bad)
      out.push({
        ruleId: KNOWN_BAD_RULE_ID,
        tactic: TACTICS['initial-access'].name,
        tacticId: TACTICS['initial-access'].id,
        tactics: tagTactics('initial-access', 'T1078.004'),
        technique: 'T1078.004',
        techniqueName: 'Valid Accounts: Cloud Accounts',
        severity: e.errorCode ? 'medium' : 'high',
        // A failed call keeps "Attempted:" in every tag, this one included.
        title: e.errorCode
          ? `Attempted: Call from a known-bad network (${clean(e.errorCode, 40)})`
          : 'Call from a known-bad network',
        why: 'The source address is on the local known-bad list (e.g. a Tor exit node); legitimate automation rarely comes from there.',
        detail: `${clean(e.sourceIp, 45)} in ${bad.text}${bad.label ? ` (${clean(bad.label, 40)})` : ''} — list ${clean(opts.knownBad.name, 60)}`,
        attempted: e.errorCode ? true : undefined,
      });
  }
  return out;
}

function apply(entry: CatalogEntry, e: TrailEvent): ThreatTag | null {
  const r = e.record;
  let detail: string | undefined;
  if (entry.requires) {
    const hit = safe(entry.requires, r);
    if (!hit) return null;
    detail = hit;
  }
  let severity = entry.severity;
  let title = entry.title;
  for (const ref of entry.refine ?? []) {
    const hit = safe(ref.when, r);
    if (hit) {
      severity = ref.severity;
      title = ref.title ?? title;
      detail = hit;
      break;
    }
  }
  let attempted: boolean | undefined;
  if (e.errorCode) {
    const mode = entry.onError ?? 'downgrade';
    if (mode === 'skip') return null;
    // A failed call is an attempt whatever the mode: the title always says so.
    if (mode === 'downgrade') severity = lower(severity);
    attempted = true;
    title = `Attempted: ${title} (${clean(e.errorCode, 40)})`;
  }
  const tactic = TACTICS[entry.tactic];
  return {
    ruleId: entry.id,
    tactic: tactic.name,
    tacticId: tactic.id,
    tactics: tagTactics(entry.tactic, entry.technique),
    technique: entry.technique,
    techniqueName: entry.techniqueName,
    severity,
    title,
    why: entry.why,
    ...(detail ? { detail } : {}),
    ...(attempted ? { attempted } : {}),
  };
}

/** A predicate that throws on a hostile record does not break tagging: it simply does not match. */
function safe(name: keyof typeof PREDICATES, r: TrailEvent['record']): string | false {
  try {
    return PREDICATES[name](r);
  } catch {
    return false;
  }
}

/** The highest severity among tags (or null). */
export function maxSeverity(tags: readonly ThreatTag[]): Severity | null {
  let best = -1;
  for (const t of tags) best = Math.max(best, SEVERITIES.indexOf(t.severity));
  return best < 0 ? null : SEVERITIES[best]!;
}
