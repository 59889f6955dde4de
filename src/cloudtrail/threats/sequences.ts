/**
 * Detectors over a set of events rather than one (pure): discovery bursts (many distinct
 * enumeration calls by one principal in a short time) and first use of a new public source IP by
 * a principal with an established history in the searched set (e.g. a console sign-in from an
 * address never seen for that user).
 */
import { tagTactics } from './mitre';
import { classifyIp } from '../ip-context';
import type { TrailEvent } from '../record';
import { classifyUserAgent } from '../user-agent';
import { clean } from './predicates';
import { entriesFor } from './tag';
import { type Severity, TACTICS, type ThreatTag } from './types';

export const DISCOVERY_BURST_RULE_ID = 'discovery.enumeration-burst';
export const NEW_IP_RULE_ID = 'initial-access.new-source-ip';
export const NEW_IP_LOGIN_RULE_ID = 'initial-access.console-login-new-ip';

export interface Count {
  value: string;
  count: number;
}

export interface DiscoveryBurst {
  ruleId: typeof DISCOVERY_BURST_RULE_ID;
  /** Access key id, else the caller ARN. */
  principal: string;
  callerArn: string | null;
  accessKeyId: string | null;
  start: string;
  end: string;
  calls: number;
  distinctCalls: number;
  failedCalls: number;
  eventNames: Count[];
  sourceIps: Count[];
  regions: string[];
  /** Mostly console user agents: consoles issue many Describe/List calls when pages load. */
  fromConsole: boolean;
  severity: Severity;
  tag: ThreatTag;
  /** Event ids in the burst (bounded to 200). */
  eventIds: string[];
  /** The same set of calls recurs for this principal (≥ 3 bursts alike): a scheduled job, not exploration. */
  routine: boolean;
  /** Distinct call keys (eventSource:eventName), for comparing bursts. */
  callSet: string[];
}

export interface BurstOptions {
  /** Sliding window (default 10 minutes). */
  windowMs?: number;
  /** Distinct discovery calls (eventSource:eventName) in the window to call it a burst (default 8). */
  minDistinct?: number;
  /** At most this many bursts returned (default 20, most distinct calls first). */
  limit?: number;
  /** Also return routine bursts (the same call set repeated by the principal ≥ 3 times, e.g. a nightly job). */
  includeRoutine?: boolean;
}

const ENUM_VERB = /^(List|Describe|Get|Search|Lookup|Scan|BatchGet)[A-Z]/;

/** A read that maps the environment: a catalog discovery entry, or any read-only List/Describe/Get. */
export function isDiscoveryCall(e: TrailEvent): boolean {
  if (e.identityType === 'AWSService') return false;
  for (const entry of entriesFor(e.eventName))
    if (entry.tactic === 'discovery' && entry.eventSource === e.eventSource) return true;
  return e.readOnly !== false && ENUM_VERB.test(e.eventName) && !e.eventName.startsWith('GetObject');
}

function principalKey(e: TrailEvent): string | null {
  return e.accessKeyId ?? e.callerArn ?? e.principalArn;
}

function top(values: string[], n: number): Count[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([value, count]) => ({ value, count }));
}

export function discoveryBursts(events: Iterable<TrailEvent>, opts: BurstOptions = {}): DiscoveryBurst[] {
  const windowMs = opts.windowMs ?? 10 * 60_000;
  const minDistinct = opts.minDistinct ?? 8;
  const byPrincipal = new Map<string, TrailEvent[]>();
  for (const e of events) {
    if (!Number.isFinite(e.time) || !isDiscoveryCall(e)) continue;
    const k = principalKey(e);
    if (!k) continue;
    const list = byPrincipal.get(k) ?? [];
    list.push(e);
    byPrincipal.set(k, list);
  }
  const out: DiscoveryBurst[] = [];
  const found: DiscoveryBurst[] = [];
  for (const [principal, list] of byPrincipal) {
    list.sort((a, b) => a.time - b.time);
    // Sliding window (two pointers, distinct-call counts): O(n) per principal, however busy.
    const key = (e: TrailEvent) => `${e.eventSource}:${e.eventName}`;
    const counts = new Map<string, number>();
    let i = 0;
    let j = 0;
    while (j < list.length) {
      const k = key(list[j]!);
      counts.set(k, (counts.get(k) ?? 0) + 1);
      j++;
      while (list[j - 1]!.time - list[i]!.time > windowMs) {
        const out = key(list[i]!);
        const n = counts.get(out)! - 1;
        if (n) counts.set(out, n);
        else counts.delete(out);
        i++;
      }
      if (counts.size < minDistinct) continue;
      // A burst: extend it while the next call follows within the window of the previous one.
      const distinct = new Set(counts.keys());
      while (j < list.length && list[j]!.time - list[j - 1]!.time <= windowMs) {
        if (distinct.size < 1000) distinct.add(key(list[j]!));
        j++;
      }
      found.push(makeBurst(principal, list.slice(i, j), [...distinct]));
      counts.clear();
      i = j;
    }
    markRoutine(found);
    out.push(...found.splice(0));
  }
  const shown = opts.includeRoutine ? out : out.filter((b) => !b.routine);
  shown.sort((a, b) => b.distinctCalls - a.distinctCalls || a.start.localeCompare(b.start));
  return shown.slice(0, opts.limit ?? 20);
}

function jaccard(a: string[], b: string[]): number {
  const sb = new Set(b);
  const inter = a.filter((x) => sb.has(x)).length;
  return inter / (a.length + b.length - inter || 1);
}

/** A burst whose call set recurs (Jaccard ≥ 0.8) in at least two other bursts of the same principal. */
function markRoutine(bursts: DiscoveryBurst[]): void {
  // Many bursts (a very busy principal): compare exact call sets instead of pairwise similarity.
  const exact = new Map<string, number>();
  if (bursts.length > 200)
    for (const b of bursts) exact.set(b.callSet.join(' '), (exact.get(b.callSet.join(' ')) ?? 0) + 1);
  for (const b of bursts) {
    const alike =
      bursts.length > 200
        ? exact.get(b.callSet.join(' '))! - 1
        : bursts.filter((o) => o !== b && jaccard(o.callSet, b.callSet) >= 0.8).length;
    if (alike >= 2) {
      b.routine = true;
      b.severity = 'info';
      b.tag = { ...b.tag, severity: 'info', title: 'Routine burst of read calls (recurring job)' };
    }
  }
}

function makeBurst(principal: string, evs: TrailEvent[], callSet: string[]): DiscoveryBurst {
  const distinctCalls = callSet.length;
  const first = evs[0]!;
  const last = evs[evs.length - 1]!;
  const failed = evs.filter((e) => e.errorCode).length;
  const consoleCalls = evs.filter((e) => classifyUserAgent(e.userAgent) === 'console').length;
  const fromConsole = consoleCalls * 2 > evs.length;
  const severity: Severity = fromConsole ? 'low' : failed >= 2 || distinctCalls >= 15 ? 'high' : 'medium';
  const minutes = Math.max(1, Math.round((last.time - first.time) / 60_000));
  const detail = `${distinctCalls} distinct enumeration calls (${evs.length} total, ${failed} denied/failed) in ${minutes} min by ${clean(first.userName ?? principal, 80)}`;
  return {
    ruleId: DISCOVERY_BURST_RULE_ID,
    principal,
    callerArn: first.callerArn,
    accessKeyId: first.accessKeyId,
    start: new Date(first.time).toISOString(),
    end: new Date(last.time).toISOString(),
    calls: evs.length,
    distinctCalls,
    failedCalls: failed,
    eventNames: top(
      evs.map((e) => e.eventName),
      15,
    ),
    sourceIps: top(
      evs.map((e) => e.sourceIp),
      5,
    ),
    regions: [...new Set(evs.map((e) => e.region))].sort(),
    fromConsole,
    severity,
    eventIds: evs.slice(0, 200).map((e) => e.eventId),
    routine: false,
    callSet: callSet.sort(),
    tag: {
      ruleId: DISCOVERY_BURST_RULE_ID,
      tactic: TACTICS.discovery.name,
      tacticId: TACTICS.discovery.id,
      tactics: tagTactics('discovery', 'T1087.004'),
      technique: 'T1087.004',
      techniqueName: 'Account Discovery: Cloud Account',
      severity,
      title: fromConsole ? 'Burst of enumeration calls (console)' : 'Burst of enumeration calls',
      why: 'Many different List/Describe/Get calls in minutes is how a fresh, stolen credential is explored (whoami, users, roles, buckets, secrets, trails); tools like Pacu and ScoutSuite look the same.',
      detail,
    },
  };
}

export interface NewSourceIp {
  ruleId: typeof NEW_IP_RULE_ID | typeof NEW_IP_LOGIN_RULE_ID;
  /** IAM user / role ARN (sessions of the same role are one principal). */
  principal: string;
  userName: string | null;
  ip: string;
  firstSeen: string;
  eventId: string;
  eventName: string;
  /** Public IPs this principal used before, in the searched set. */
  knownIps: string[];
  priorEvents: number;
  tag: ThreatTag;
}

export interface NewIpOptions {
  /** A principal needs this many earlier events to have a baseline (default 5). */
  minPriorEvents?: number;
  limit?: number;
}

/**
 * First use of a new public IP by a principal that already had a history (from other public IPs)
 * in the searched set. Only public addresses count: AWS service hostnames and private ranges are
 * the platform, not the person.
 */
export function newSourceIps(events: Iterable<TrailEvent>, opts: NewIpOptions = {}): NewSourceIp[] {
  const minPrior = opts.minPriorEvents ?? 5;
  const byPrincipal = new Map<string, TrailEvent[]>();
  for (const e of events) {
    if (!Number.isFinite(e.time) || e.identityType === 'AWSService') continue;
    const k = e.principalArn ?? e.callerArn;
    if (!k) continue;
    const list = byPrincipal.get(k) ?? [];
    list.push(e);
    byPrincipal.set(k, list);
  }
  const out: NewSourceIp[] = [];
  const publicIp = new Map<string, boolean>();
  const isPublic = (ip: string) => {
    let v = publicIp.get(ip);
    if (v === undefined) {
      v = classifyIp(ip).isPublic;
      if (publicIp.size < 100_000) publicIp.set(ip, v);
    }
    return v;
  };
  for (const [principal, list] of byPrincipal) {
    list.sort((a, b) => a.time - b.time);
    const seen = new Set<string>();
    let prior = 0;
    for (const e of list) {
      const ip = e.sourceIp;
      const pub = isPublic(ip);
      if (pub && !seen.has(ip)) {
        if (prior >= minPrior && seen.size > 0) out.push(makeNewIp(principal, e, [...seen], prior));
        seen.add(ip);
      }
      prior++;
    }
  }
  out.sort((a, b) => a.firstSeen.localeCompare(b.firstSeen));
  return out.slice(0, opts.limit ?? 50);
}

function makeNewIp(principal: string, e: TrailEvent, known: string[], prior: number): NewSourceIp {
  const login = e.eventName === 'ConsoleLogin';
  const ruleId = login ? NEW_IP_LOGIN_RULE_ID : NEW_IP_RULE_ID;
  return {
    ruleId,
    principal,
    userName: e.userName,
    ip: e.sourceIp,
    firstSeen: new Date(e.time).toISOString(),
    eventId: e.eventId,
    eventName: e.eventName,
    knownIps: known.slice(0, 5),
    priorEvents: prior,
    tag: {
      ruleId,
      tactic: TACTICS['initial-access'].name,
      tacticId: TACTICS['initial-access'].id,
      tactics: tagTactics('initial-access', 'T1078.004'),
      technique: 'T1078.004',
      techniqueName: 'Valid Accounts: Cloud Accounts',
      severity: login ? 'medium' : 'low',
      title: login ? 'Console sign-in from a new IP' : 'First call from a new IP for this principal',
      why: 'A credential that suddenly works from an address it never used before (in this window) may have been stolen and replayed.',
      detail: `${clean(e.sourceIp, 45)} first seen for ${clean(e.userName ?? principal, 80)}; earlier: ${known
        .slice(0, 3)
        .map((x) => clean(x, 45))
        .join(', ')}`,
    },
  };
}

/**
 * Sequence tags keyed by event id, to merge with per-event tagEvent() results: every event of a
 * discovery burst gets the burst tag; the first event from a new IP gets the new-IP tag.
 */
export function sequenceTags(
  events: readonly TrailEvent[],
  opts: { bursts?: BurstOptions; newIps?: NewIpOptions } = {},
): Map<string, ThreatTag[]> {
  const out = new Map<string, ThreatTag[]>();
  const add = (id: string, t: ThreatTag) => {
    const l = out.get(id) ?? [];
    l.push(t);
    out.set(id, l);
  };
  for (const b of discoveryBursts(events, opts.bursts)) for (const id of b.eventIds) add(id, b.tag);
  for (const n of newSourceIps(events, opts.newIps)) add(n.eventId, n.tag);
  return out;
}
