import { z } from 'zod';
import { describeFilters, type TrailFilters } from '../src/cloudtrail/filters';
import { classifyIp } from '../src/cloudtrail/ip-context';
import { IpFilterError, parseIpSpec } from '../src/cloudtrail/ip-match';
import { runSearch, type SearchOutcome } from '../src/cloudtrail/search';
import { partialWarning, SUMMARY_MAX_CHARS, summaryText } from '../src/cloudtrail/search-answer';
import type { SummaryResult } from '../src/cloudtrail/summarise';
import { clip } from '../src/cloudtrail/text';
import { KNOWN_BAD_RULE_ID, THREAT_CATALOG, tagEvent } from '../src/cloudtrail/threats';
import type { Tagger } from '../src/cloudtrail/timeline';
import { describeWindow, resolveWindow, shortTime, type TimeWindow, WindowError } from '../src/cloudtrail/time-window';
import type { AwsAccount } from '../src/aws/accounts';
import type { ToolContext } from './context';
import { selectAccounts, selectRegions } from './select';
import { LOOKUP_RETENTION_DAYS } from '../src/cloudtrail/source';
import { windowFields } from './window-input';
import { defineTool, type ToolResult, ToolError, type SourceNote, unreadOf } from './define-tool';

/** The whole tool result (JSON) stays under this size, whatever the number of events. */
export const RESULT_MAX_BYTES = 16_000;
export const DEFAULT_MAX_EVENTS = 10_000;
/** Live scans without a pushable filter stop after this many events (about 200 s for one region). */
export const DEFAULT_LIVE_MAX_SCAN = 20_000;

const name = (what: string) => z.string().min(1).max(256).optional().describe(what);

const input = z.object({
  access_key_id: z
    .string()
    .regex(/^(AKIA|ASIA)[A-Z0-9]{12,124}$/, 'an access key id starts with AKIA (long-term) or ASIA (temporary)')
    .optional()
    .describe(
      'Access key id, e.g. AKIAIOSFODNN7EXAMPLE (IAM user key) or ASIA… (temporary session key). The most efficient filter.',
    ),
  user_name: name(
    'IAM user name, or role session name (e.g. jane.doe@example.com for SSO sessions), as LookupEvents indexes it. Not a role name: for a role use principal_arn.',
  ),
  principal_arn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:(iam|sts)::\d{12}:[\w+=,.@/:-]+$/,
      'an IAM/STS ARN such as arn:aws:iam::123456789012:role/Name',
    )
    .optional()
    .describe('IAM user or role ARN (a role matches all its sessions), or an assumed-role session ARN.'),
  role_session_name: name('Role session name (the last part of an assumed-role ARN).'),
  event_id: z.string().min(8).max(64).optional().describe('One CloudTrail event id (returns that event).'),
  event_names: z
    .array(z.string().regex(/^[A-Za-z0-9_]{2,128}$/, 'an API name such as StopLogging'))
    .min(1)
    .max(20)
    .optional()
    .describe('API names, e.g. ["StopLogging","DeleteTrail"]: events matching any of them.'),
  event_source: z
    .string()
    .regex(/^[a-z0-9.-]+\.amazonaws\.com$/, 'a service endpoint such as iam.amazonaws.com')
    .optional()
    .describe('Service, e.g. iam.amazonaws.com, s3.amazonaws.com.'),
  resource_name: name('Resource ARN or name (e.g. a bucket, an instance id, a trail name).'),
  read_only: z.boolean().optional().describe('true: only read calls; false: only changes (writes).'),
  error_code: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'Only failed calls with this error code (e.g. AccessDenied, Client.UnauthorizedOperation), or "any" for every failed call.',
    ),
  source_ip: z
    .string()
    .min(2)
    .max(64)
    .optional()
    .describe('Source IP or CIDR, IPv4 or IPv6 (e.g. 185.220.101.34, 203.0.113.0/24, 2001:db8::/32).'),
  user_agent_contains: z
    .string()
    .min(2)
    .max(200)
    .optional()
    .describe('Case-insensitive substring of the user agent (e.g. "kali", "terraform").'),
  ...windowFields({
    last: 'Window ending now: e.g. "24h", "7d" (default "7d"). Ignored when start_time is given.',
    startExample: '2026-11-20T00:00:00Z',
  }),
  accounts: z
    .array(z.string())
    .max(50)
    .optional()
    .describe('Account names or ids to search; default every configured account.'),
  regions: z
    .array(z.string())
    .max(30)
    .optional()
    .describe("Regions to search; default each account's configured regions."),
  max_events: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe(
      `Stop after this many matching events (default ${DEFAULT_MAX_EVENTS}). The result says when it stopped early.`,
    ),
  max_scan: z
    .number()
    .int()
    .min(100)
    .max(5_000_000)
    .optional()
    .describe(
      `Stop after reading this many events in total (live default ${DEFAULT_LIVE_MAX_SCAN}, about 200 s per region; evidence: no limit). Matters when no filter can be pushed down (source_ip, error_code, user_agent_contains alone).`,
    ),
  min_severity: z
    .enum(['low', 'medium', 'high', 'critical'])
    .optional()
    .describe(
      'Only threat tags at or above this severity go on the timeline (default low). With threats_only, also only such events count.',
    ),
  threats_only: z
    .boolean()
    .optional()
    .describe(
      'true: count only threat-tagged events (at or above min_severity) — "did anyone do anything dangerous?". Combine with the other filters; the scan cost is the same.',
    ),
  rule_ids: z
    .array(z.string().regex(/^[a-z-]+\.[a-z0-9-]+$/, 'a threat rule id such as initial-access.console-login-no-mfa'))
    .min(1)
    .max(20)
    .optional()
    .describe(
      'Only events tagged by one of these threat rules count (any severity), e.g. ["initial-access.console-login-no-mfa"] for "console logins without MFA" (a root login with MFA is not one). Ids as in `threats.byRule[].rule` and docs/identity-and-threats.md; an unknown id is an error.',
    ),
});

type Input = z.output<typeof input>;

let taggerOverride: Tagger | undefined;
/** Replaces the threat catalog's tagger (tests); undefined restores the catalog. */
export function setThreatTagger(t: Tagger | undefined): void {
  taggerOverride = t;
}

function filtersOf(a: Input): TrailFilters {
  return {
    accessKeyId: a.access_key_id,
    eventId: a.event_id,
    userName: a.user_name,
    principalArn: a.principal_arn,
    roleSessionName: a.role_session_name,
    eventNames: a.event_names,
    eventSource: a.event_source,
    resourceName: a.resource_name,
    readOnly: a.read_only,
    errorCode: a.error_code,
    sourceIp: a.source_ip,
    userAgentContains: a.user_agent_contains,
  };
}

const n = (x: number) => x.toLocaleString('en-US');

function sourcesOf(out: SearchOutcome, api: string): SourceNote[] {
  const byAccount = new Map<string, SearchOutcome['regionsRead']>();
  for (const r of out.regionsRead) byAccount.set(r.account, [...(byAccount.get(r.account) ?? []), r]);
  const notes: SourceNote[] = [];
  for (const [account, regions] of byAccount) {
    if (regions.length <= 6) {
      for (const r of regions)
        notes.push({
          account,
          region: r.region,
          api,
          detail: `${n(r.scanned)} events read, ${n(r.matched)} matched${r.ok ? '' : ' (failed)'}`,
        });
    } else {
      const failed = regions.filter((r) => !r.ok).map((r) => r.region);
      const scanned = regions.reduce((s, r) => s + r.scanned, 0);
      notes.push({
        account,
        api,
        detail: `${regions.length} regions: ${n(scanned)} events read${failed.length ? `; failed: ${failed.join(', ')}` : ''}`,
      });
    }
  }
  return notes;
}

/**
 * Matches in regions or accounts that account.json does not list: searched (an evidence folder is
 * read whole), and named so the analyst knows account.json is incomplete.
 */
function outsideAccountJson(
  out: SearchOutcome,
  accounts: { accountId: string; regions: string[] }[],
): { regions: { value: string; count: number }[]; accounts: { value: string; count: number }[]; sentence?: string } {
  const listed = new Set(accounts.flatMap((a) => a.regions));
  const ids = new Set(accounts.map((a) => a.accountId));
  const regions = out.summary.byRegion.top(1000).filter((x) => x.value !== '(other)' && !listed.has(x.value));
  const accts = ids.has('000000000000')
    ? []
    : out.summary.byAccount.top(1000).filter((x) => x.value && x.value !== '(other)' && !ids.has(x.value));
  const parts = [
    ...regions.map((x) => `${n(x.count)} in ${clip(x.value, 30)}`),
    ...accts.map((x) => `${n(x.count)} for account ${clip(x.value, 20)}`),
  ];
  return {
    regions,
    accounts: accts,
    ...(parts.length
      ? {
          sentence: `Matches outside this folder's account.json (${parts.slice(0, 6).join(', ')}${parts.length > 6 ? ', …' : ''}) were searched like the rest: an evidence folder is read whole.`,
        }
      : {}),
  };
}

/** Every rule id the tagger can produce: an unknown one would answer "no events" silently. */
const RULE_IDS = new Set([...THREAT_CATALOG.map((e) => e.id), KNOWN_BAD_RULE_ID]);

function assertKnownRules(ids: readonly string[] | undefined): void {
  const unknown = (ids ?? []).filter((id) => !RULE_IDS.has(id));
  if (unknown.length)
    throw new ToolError(
      `Unknown threat rule id(s): ${unknown.map((x) => clip(x, 60)).join(', ')}. Rule ids look like initial-access.console-login-no-mfa; they are listed in docs/identity-and-threats.md and in threats.byRule of any search.`,
    );
}

/** The window asked for; a bad IP filter or date is an actionable error. */
function windowOf(ctx: ToolContext, args: Input): TimeWindow {
  try {
    if (args.source_ip) parseIpSpec(args.source_ip);
    // Athena / auto (TRAILHOUND_CLOUDTRAIL_SOURCE) reads beyond LookupEvents' 90 days: trailMaxDays null.
    const maxDays =
      ctx.mode === 'live' && ctx.sources.trailMaxDays !== null
        ? (ctx.sources.trailMaxDays ?? LOOKUP_RETENTION_DAYS)
        : undefined;
    return resolveWindow(args, ctx.now(), { maxDays });
  } catch (err) {
    if (err instanceof IpFilterError || err instanceof WindowError) throw new ToolError(err.message);
    throw err;
  }
}

/**
 * What to read. Live: each account's configured regions (or those asked for that are configured).
 * Evidence: every region in the folder in one pass; asked-for regions are searched even when
 * account.json does not list them, and the records of the others are counted as left out.
 */
function targetsOf(ctx: ToolContext, accounts: AwsAccount[], asked: string[] | undefined, warnings: string[]) {
  const targets = accounts.map((account) => {
    if (ctx.mode === 'evidence')
      return {
        account,
        source: ctx.sources.trail(account),
        regions: asked?.length ? asked : account.regions,
        exactRegions: !!asked?.length,
      };
    const { regions, skipped } = selectRegions(account, asked);
    if (skipped.length)
      warnings.push(
        `${account.name}: regions ${skipped.join(', ')} are not configured for this account and were not searched.`,
      );
    return { account, source: ctx.sources.trail(account), regions };
  });
  if (ctx.mode === 'live' && targets.every((t) => t.regions.length === 0))
    throw new ToolError(
      'No region to search: the requested regions are not configured for these accounts. Omit `regions` to search every configured region.',
    );
  return targets;
}

/** What the search could not see or counted specially, beyond the sources' own reports. */
function searchWarnings(out: SearchOutcome, args: Input, evidence: boolean): string[] {
  const w: string[] = [];
  // The full-scan note is a warning (cost, partial coverage); other plan notes are in data.query.notes.
  if (out.plan.fullScan) w.push(...out.plan.notes.filter((x) => x.startsWith('None')));
  w.push(...out.warnings);
  const partial = partialWarning(out, evidence ? 'evidence' : 'live');
  if (partial) w.push(partial);
  if (out.summary.total === 0 && !evidence && out.lookupEvents && (args.user_name || args.role_session_name))
    w.push(
      "LookupEvents' Username is an IAM user name or a role session name, not a role name: for a role's activity use principal_arn.",
    );
  if (out.summary.tagErrors)
    w.push(`Threat tagging failed on ${out.summary.tagErrors} event(s); they are counted but not tagged.`);
  if (out.duplicates)
    w.push(`${n(out.duplicates)} duplicate event(s) (same event id in overlapping files) were counted once.`);
  return w;
}

/** Where the top source IPs are (public, private, AWS…) and whether one is known-bad. */
function ipContextOf(s0: SummaryResult, list: Parameters<typeof classifyIp>[1]) {
  return s0.bySourceIp
    .filter((x) => x.value !== '(other)' && x.value !== '(none)')
    .slice(0, 5)
    .map((x) => {
      const c = classifyIp(x.value, list);
      const bad = c.knownBad
        ? clip(`${c.knownBad.list}: ${c.knownBad.cidr}${c.knownBad.label ? ` ${c.knownBad.label}` : ''}`, 100)
        : undefined;
      return { ip: clip(x.value, 45), kind: c.kind, ...(bad ? { knownBad: bad } : {}) };
    });
}

/**
 * Follow-ups phrased as questions the offline planner and Claude can both answer with the tools
 * available in every mode (no live-only key status).
 */
function nextSteps(s0: SummaryResult): string[] {
  const who = s0.who[0];
  const out: string[] = [];
  if (who?.name) out.push(`map ${who.name} to their AWS sessions`);
  const ip = s0.who.flatMap((w) => w.new).find((x) => x.dimension === 'sourceIp')?.value ?? s0.bySourceIp[0]?.value;
  if (ip && ip !== '(none)' && ip !== '(other)') out.push(`what did ${ip} do?`);
  out.push('show me the timeline');
  return out;
}

export default defineTool({
  name: 'cloudtrail_search',
  title: 'Search CloudTrail events',
  description: `Search CloudTrail management events: what an access key, IAM user, role or session did; what came from an IP or CIDR; who called given APIs; failed calls — across accounts and regions.
Returns totals; counts by event name, source, region, source IP, user agent class (console/cli/sdk/terraform/aws-service/unknown), error code, principal and key; first/last seen; failed-call bursts (≥10 denied calls in 5 min from one principal: enumeration); \`who\`: the principals (ARN, name, access key ids, sessions), those with something new or a critical/high tag first; a chronological timeline of notable events (threat-tagged calls with severity and every MITRE ATT&CK tactic, identical tags collapsed into one row with a count and first/last time; the first use of a source IP, user agent or region new for a principal; bursts); up to 50 sample events. Never raw pages; bounded to ~16 KB: when the timeline is cut, low rows go first, critical and high rows are kept, and \`omitted\` counts what was left out per severity.
Use threats_only (optionally with min_severity) for "did anyone do anything bad?" questions, event_names for a threat family (e.g. ["StopLogging","DeleteTrail"]), rule_ids when the family is decided by the request (e.g. ["initial-access.console-login-no-mfa"] with event_names ["ConsoleLogin"]).
Filters combine (AND). When the installation has Athena (organization trail table) or CloudTrail Lake, the source is chosen per question — SQL for windows beyond 90 days, data events (GetObject, Invoke…), 5+ accounts or filters LookupEvents cannot index (source_ip, error_code, user_agent_contains); LookupEvents otherwise — and the answer says which and why. On SQL every filter, account, region and day goes into one query per account; the answer gives its query id and bytes scanned (Athena bills $5/TB scanned, Lake per GB scanned). With LookupEvents one filter is pushed down (access_key_id > event_id > user_name/role_session_name > resource_name > event_names > event_source > read_only); the rest are applied to the returned events. source_ip, error_code and user_agent_contains alone make it read EVERY event of the window (paced; stops at max_scan and says how much it read) — add access_key_id/user_name/event_names when you can.
Limits: live data is LookupEvents — management events only (no S3 object reads / Lambda invokes), last 90 days, 2 requests/s per account and region (≈100 events/s per region). Cost: one API call per 50 events read per region. Default window 7 days. Evidence folders (--evidence) have no 90-day or rate limit.`,
  input,
  async run(ctx, args): Promise<ToolResult> {
    const window = windowOf(ctx, args);
    const filters = filtersOf(args);
    assertKnownRules(args.rule_ids);
    const accounts = selectAccounts(ctx, args.accounts);
    const evidence = ctx.mode === 'evidence';
    const warnings: string[] = [];
    if (window.clippedFrom)
      warnings.push(
        `Live CloudTrail (LookupEvents) only covers the last ${LOOKUP_RETENTION_DAYS} days: the window was clipped to start ${shortTime(window.start)} (asked: ${shortTime(window.clippedFrom)}). Older events are only in the trail's S3 logs (collect them into an evidence folder).`,
      );
    const targets = targetsOf(ctx, accounts, args.regions, warnings);
    const regionCount = targets.reduce((s, t) => s + t.regions.length, 0);
    const knownBad = ctx.sources.knownBadIps();
    warnings.push(...knownBad.warnings);
    const tagger: Tagger = taggerOverride ?? ((e) => tagEvent(e, { knownBad: knownBad.list }));
    ctx.progress(`Searching CloudTrail in ${evidence ? 'the evidence folder' : `${regionCount} region(s)`}…`);
    const out = await runSearch({
      targets,
      window,
      filters,
      maxMatches: args.max_events ?? DEFAULT_MAX_EVENTS,
      maxScanned: args.max_scan ?? (evidence ? undefined : DEFAULT_LIVE_MAX_SCAN),
      tagger,
      minSeverity: args.min_severity,
      threatsOnly: args.threats_only,
      ruleIds: args.rule_ids,
      signal: ctx.signal,
      onProgress: (p) =>
        ctx.progress(
          `Searching CloudTrail: ${p.regionsDone}/${p.regionsTotal} regions done, ${n(p.scanned)} events read, ${n(p.matched)} matched`,
        ),
    });
    warnings.push(...searchWarnings(out, args, evidence));

    const regionWord = evidence && !args.regions?.length ? 'every region in the folder' : `${regionCount} region(s)`;
    const s0 = out.summary.result();
    const outside = evidence ? outsideAccountJson(out, accounts) : undefined;
    const ipContext = ipContextOf(s0, knownBad.list);
    const answer = {
      what: describeFilters(filters),
      scope: `${accounts.map((a) => a.name).join(', ')} · ${regionWord} · ${describeWindow(window)}`,
      mode: ctx.mode,
      outsideAccountJson: outside?.sentence,
      knownBad: ipContext,
      threatsOnly: args.threats_only,
      ruleIds: args.rule_ids,
      minSeverity: args.min_severity,
    };
    const api = evidence
      ? 'evidence:cloudtrail'
      : out.engines.length
        ? `cloudtrail:${out.engines.join('+')}`
        : out.lookupEvents
          ? 'cloudtrail:LookupEvents'
          : 'athena:cloudtrail';
    // Regions that failed and sources that could see nothing: the answer is incomplete, not "no events".
    const unread = [
      ...unreadOf(out.regionsRead, api),
      ...out.blindAccounts.map((b) => ({ account: b.account, api, reason: b.reason })),
    ];
    const result: ToolResult = {
      summary: 'x'.repeat(SUMMARY_MAX_CHARS),
      data: {},
      sources: sourcesOf(out, api),
      warnings: warnings.slice(0, 12).map((w) => clip(w, 400)),
      next: s0.total ? nextSteps(s0) : undefined,
      ...(unread.length ? { unread } : {}),
    };
    const head = {
      query: {
        filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
        window: { start: window.start.toISOString(), end: window.end.toISOString() },
        // LookupEvents' push-down only where LookupEvents was read; elsewhere every filter applies here.
        ...(out.lookupEvents
          ? { pushedDown: out.pushedDown, appliedHere: out.plan.clientSide, fullScan: out.plan.fullScan }
          : out.sql
            ? { pushedDown: out.pushedDown, appliedHere: [], fullScan: false }
            : { appliedHere: Object.keys(filters).filter((k) => filters[k as keyof typeof filters] !== undefined) }),
        ...(out.plan.notes.length ? { notes: out.plan.notes.map((x) => clip(x, 300)) } : {}),
        ...(args.threats_only ? { threatsOnly: true } : {}),
        ...(args.rule_ids ? { ruleIds: args.rule_ids } : {}),
        ...(args.min_severity ? { minSeverity: args.min_severity } : {}),
      },
      scanned: out.scanned,
      matched: out.matched,
      stoppedBecause: out.stoppedBecause,
      throttlesAbsorbed: out.throttles,
      ...(out.files ? { evidenceFiles: out.files } : {}),
      ...(evidence
        ? {
            coverage: {
              outsideAccountJson: { regions: outside?.regions ?? [], accounts: outside?.accounts ?? [] },
              skippedEntries: out.skippedEntries ?? {},
            },
          }
        : {}),
      sourceIpContext: ipContext,
    };
    // The summary is written from the reduced result, so it never mentions a row the data dropped.
    const fixed = JSON.stringify({ ...result, data: head }).length;
    const reduced = out.summary.result(Math.max(2_000, RESULT_MAX_BYTES - fixed - 20));
    result.data = { ...head, ...reduced };
    result.summary = summaryText(out, reduced, answer);
    if (s0.total) result.activity = out.summary.activity.result(s0.timeline, 6, window);
    return result;
  },
});
