/**
 * Search filters and query planning (pure).
 *
 * LookupEvents accepts ONE attribute per request. `planQuery` pushes down the most selective one
 * the filters allow (AccessKeyId > EventId > Username > ResourceName > EventName > EventSource >
 * ReadOnly) and every other filter is applied client-side by `matches`. Source IP, error code,
 * user agent and principal ARN are not LookupEvents attributes: without a pushable filter the
 * whole window is scanned (paced), and the result says how much was scanned.
 *
 * LookupEvents' `Username` is the IAM user name for IAM users, and the ROLE SESSION NAME for
 * assumed roles (not the role name) — so a role is searched by principal ARN, not by user name.
 */
import type { LookupKey } from './source';
import { ipMatcher } from './ip-match';
import type { TrailEvent } from './record';

export interface TrailFilters {
  accessKeyId?: string;
  eventId?: string;
  /** IAM user name or role session name (LookupEvents' Username semantics), case-insensitive. */
  userName?: string;
  /** IAM user/role ARN (matches the caller and, for role sessions, the role) or an assumed-role session ARN. */
  principalArn?: string;
  roleSessionName?: string;
  /** Any of these event names. */
  eventNames?: string[];
  eventSource?: string;
  /** Matches a resource ARN exactly, or its last path/colon segment. */
  resourceName?: string;
  readOnly?: boolean;
  /** An error code (case-insensitive), or "any" for every failed call. */
  errorCode?: string;
  /** An IPv4/IPv6 address or CIDR. */
  sourceIp?: string;
  /** Case-insensitive substring of the user agent. */
  userAgentContains?: string;
}

export type FilterName = keyof TrailFilters;

export interface Lookup {
  key: LookupKey;
  value: string;
}

export interface QueryPlan {
  /** One LookupEvents query per entry (undefined = unfiltered scan of the window). */
  lookups: (Lookup | undefined)[];
  /** The filter the server applies (not re-checked client-side: the server is authoritative). */
  pushedDown: FilterName | null;
  /** Filters applied client-side. */
  clientSide: FilterName[];
  /** True when nothing could be pushed down: every event of the window is read. */
  fullScan: boolean;
  /** Human notes about the plan (for warnings / docs). */
  notes: string[];
}

/** At most this many event names are pushed down as separate LookupEvents queries. */
export const MAX_EVENT_NAME_LOOKUPS = 10;

const IAM_USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/;
const ASSUMED_ROLE_ARN = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/[^/]+\/(.+)$/;

/** The Username LookupEvents would index for this principal ARN, when there is one. */
export function usernameOfArn(arn: string): string | undefined {
  return IAM_USER_ARN.exec(arn)?.[1] ?? ASSUMED_ROLE_ARN.exec(arn)?.[1];
}

function active(f: TrailFilters): FilterName[] {
  return (Object.keys(f) as FilterName[]).filter((k) => {
    const v = f[k];
    return v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
  });
}

/**
 * `lookupEvents: false` (evidence folders, Athena): the same plan without LookupEvents' notes —
 * nothing there is paced, and every filter is applied to every record read.
 */
export function planQuery(f: TrailFilters, o: { lookupEvents?: boolean } = {}): QueryPlan {
  const all = active(f);
  const lookupNotes = o.lookupEvents !== false;
  const notes: string[] = [];
  const done = (
    pushedDown: FilterName | null,
    lookups: (Lookup | undefined)[],
    extraPushed: FilterName[] = [],
  ): QueryPlan => {
    const clientSide = all.filter((k) => k !== pushedDown && !extraPushed.includes(k));
    const fullScan = lookups.length === 1 && lookups[0] === undefined;
    if (fullScan && all.length && lookupNotes)
      notes.push(
        `None of the filters (${all.join(', ')}) is a LookupEvents attribute: every event of the window is read and filtered here (paced at 2 requests/s per account-region).`,
      );
    return { lookups, pushedDown, clientSide, fullScan, notes };
  };

  if (f.accessKeyId) return done('accessKeyId', [{ key: 'AccessKeyId', value: f.accessKeyId }]);
  if (f.eventId) return done('eventId', [{ key: 'EventId', value: f.eventId }]);
  if (f.userName) return done('userName', [{ key: 'Username', value: f.userName }]);
  if (f.roleSessionName) return done('roleSessionName', [{ key: 'Username', value: f.roleSessionName }]);
  if (f.principalArn) {
    const u = usernameOfArn(f.principalArn);
    // The ARN is still checked client-side (another account may have a user of the same name).
    if (u) {
      if (lookupNotes)
        notes.push(`principal ARN searched through LookupEvents Username=${u}, then the ARN checked on each event.`);
      return { ...done(null, [{ key: 'Username', value: u }]), pushedDown: null };
    }
  }
  if (f.resourceName) return done('resourceName', [{ key: 'ResourceName', value: f.resourceName }]);
  if (f.eventNames?.length && f.eventNames.length <= MAX_EVENT_NAME_LOOKUPS) {
    const names = [...new Set(f.eventNames)];
    if (names.length > 1 && lookupNotes)
      notes.push(`${names.length} event names: one LookupEvents query each (EventName accepts one value).`);
    return done(
      'eventNames',
      names.map((n) => ({ key: 'EventName', value: n })),
    );
  }
  if (f.eventSource) return done('eventSource', [{ key: 'EventSource', value: f.eventSource }]);
  if (f.readOnly !== undefined) return done('readOnly', [{ key: 'ReadOnly', value: String(f.readOnly) }]);
  return done(null, [undefined]);
}

/** Kept for callers of the first version: the first lookup of the plan. */
export function chooseLookup(f: TrailFilters): Lookup | undefined {
  return planQuery(f).lookups[0];
}

function lc(s: string | null | undefined): string {
  return (s ?? '').toLowerCase();
}

export function resourceMatches(arns: readonly string[], name: string): boolean {
  return arns.some((a) => a === name || a.endsWith(`/${name}`) || a.endsWith(`:${name}`));
}

/** A compiled client-side predicate: `skip` names filters already applied by the server. */
export function compileFilters(f: TrailFilters, skip: readonly FilterName[] = []): (e: TrailEvent) => boolean {
  const checks: ((e: TrailEvent) => boolean)[] = [];
  const use = (k: FilterName) => f[k] !== undefined && f[k] !== '' && !skip.includes(k);
  if (use('accessKeyId')) checks.push((e) => e.accessKeyId === f.accessKeyId);
  if (use('eventId')) checks.push((e) => e.eventId === f.eventId);
  if (use('userName')) {
    const u = f.userName!.toLowerCase();
    checks.push((e) => lc(e.userName) === u || lc(e.sessionName) === u || lc(e.record.userIdentity?.userName) === u);
  }
  if (use('roleSessionName')) {
    const s = f.roleSessionName!.toLowerCase();
    checks.push((e) => lc(e.sessionName) === s);
  }
  if (use('principalArn')) {
    const a = f.principalArn!;
    checks.push((e) => e.principalArn === a || e.callerArn === a);
  }
  if (use('eventNames') && f.eventNames!.length) {
    const names = new Set(f.eventNames);
    checks.push((e) => names.has(e.eventName));
  }
  if (use('eventSource')) checks.push((e) => e.eventSource === f.eventSource);
  if (use('resourceName')) checks.push((e) => resourceMatches(e.resources, f.resourceName!));
  if (use('readOnly')) checks.push((e) => (e.readOnly ?? false) === f.readOnly);
  if (use('errorCode')) {
    const c = f.errorCode!.toLowerCase();
    checks.push(c === 'any' || c === '*' ? (e) => e.errorCode !== null : (e) => lc(e.errorCode) === c);
  }
  if (use('sourceIp')) {
    const m = ipMatcher(f.sourceIp!);
    checks.push((e) => m(e.sourceIp));
  }
  if (use('userAgentContains')) {
    const s = f.userAgentContains!.toLowerCase();
    checks.push((e) => lc(e.userAgent).includes(s));
  }
  return (e) => {
    for (const c of checks) if (!c(e)) return false;
    return true;
  };
}

/** Every filter, client-side (evidence re-checks, tests). */
export function matches(e: TrailEvent, f: TrailFilters, skip: readonly FilterName[] = []): boolean {
  return compileFilters(f, skip)(e);
}

/** A short description of the filters, for summaries ("access key AKIA…, from 203.0.113.0/24"). */
export function describeFilters(f: TrailFilters): string {
  const parts: string[] = [];
  if (f.accessKeyId) parts.push(f.accessKeyId);
  if (f.eventId) parts.push(`event id ${f.eventId}`);
  if (f.userName) parts.push(f.userName);
  if (f.principalArn) parts.push(`principal ${f.principalArn}`);
  if (f.roleSessionName) parts.push(`session ${f.roleSessionName}`);
  if (f.eventNames?.length) parts.push(`calls to ${f.eventNames.join('/')}`);
  if (f.eventSource) parts.push(`source ${f.eventSource}`);
  if (f.resourceName) parts.push(`resource ${f.resourceName}`);
  if (f.readOnly !== undefined) parts.push(f.readOnly ? 'read-only calls' : 'write calls');
  if (f.errorCode) parts.push(f.errorCode.toLowerCase() === 'any' ? 'failed calls' : `error ${f.errorCode}`);
  if (f.sourceIp) parts.push(`source IP ${f.sourceIp}`);
  if (f.userAgentContains) parts.push(`user agent containing "${f.userAgentContains}"`);
  return parts.join(', ') || 'all events';
}
