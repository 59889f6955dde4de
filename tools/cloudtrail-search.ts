import { z } from 'zod';
import { describeFilters, type TrailFilters } from '../src/cloudtrail/filters';
import { classifyIp } from '../src/cloudtrail/ip-context';
import { IpFilterError, parseIpSpec } from '../src/cloudtrail/ip-match';
import { runSearch, type SearchOutcome } from '../src/cloudtrail/search';
import { clip } from '../src/cloudtrail/text';
import { tagEvent } from '../src/cloudtrail/threats';
import type { Tagger } from '../src/cloudtrail/timeline';
import { describeWindow, resolveWindow, WindowError } from '../src/cloudtrail/time-window';
import { selectAccounts, selectRegions } from './select';
import { LOOKUP_RETENTION_DAYS } from '../src/cloudtrail/source';
import { defineTool, type ToolResult, ToolError, type SourceNote } from './define-tool';

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
  last: z
    .string()
    .regex(/^\d+[mhdw]$/)
    .optional()
    .describe('Window ending now: e.g. "24h", "7d" (default "7d"). Ignored when start_time is given.'),
  start_time: z.string().optional().describe('Window start, ISO 8601 (e.g. 2026-11-20T00:00:00Z).'),
  end_time: z.string().optional().describe('Window end, ISO 8601; default now.'),
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

export default defineTool({
  name: 'cloudtrail_search',
  description: `Search CloudTrail management events: what an access key, IAM user, role or session did; what came from an IP or CIDR; who called given APIs; failed calls — across accounts and regions.
Returns totals; counts by event name, source, region, source IP, user agent class (console/cli/sdk/terraform/aws-service/unknown), error code, principal and key; first/last seen; failed-call bursts (≥10 denied calls in 5 min from one principal: enumeration); a chronological timeline of notable events (threat-tagged calls, first call from a new IP, bursts); up to 50 sample events. Never raw pages; bounded to ~16 KB.
Filters combine (AND). One of them is pushed down to LookupEvents (access_key_id > event_id > user_name/role_session_name > resource_name > event_names > event_source > read_only); the rest are applied to the returned events. source_ip, error_code and user_agent_contains alone make it read EVERY event of the window (paced; stops at max_scan and says how much it read) — add access_key_id/user_name/event_names when you can.
Limits: live data is LookupEvents — management events only (no S3 object reads / Lambda invokes), last 90 days, 2 requests/s per account and region (≈100 events/s per region). Cost: one API call per 50 events read per region. Default window 7 days. Evidence folders (--evidence) have no 90-day or rate limit.`,
  input,
  async run(ctx, args): Promise<ToolResult> {
    if (args.source_ip) {
      try {
        parseIpSpec(args.source_ip);
      } catch (err) {
        if (err instanceof IpFilterError) throw new ToolError(err.message);
        throw err;
      }
    }
    let window: ReturnType<typeof resolveWindow>;
    try {
      window = resolveWindow(args, ctx.now(), {
        maxDays:
          ctx.mode === 'live' && ctx.sources.trailMaxDays !== null
            ? (ctx.sources.trailMaxDays ?? LOOKUP_RETENTION_DAYS)
            : undefined,
      });
    } catch (err) {
      if (err instanceof WindowError) throw new ToolError(err.message);
      throw err;
    }
    const filters = filtersOf(args);
    const accounts = selectAccounts(ctx, args.accounts);
    const warnings: string[] = [];
    if (window.clippedFrom)
      warnings.push(
        `Live CloudTrail (LookupEvents) only covers the last ${LOOKUP_RETENTION_DAYS} days: the window was clipped to start ${window.start.toISOString()} (asked: ${window.clippedFrom.toISOString()}). Older events are only in the trail's S3 logs (collect them into an evidence folder).`,
      );
    const evidence = ctx.mode === 'evidence';
    const targets = accounts.map((account) => {
      // Evidence: every region in the folder is searched (one pass); asked-for regions are searched
      // even when account.json does not list them, and the others are counted as left out.
      if (evidence)
        return {
          account,
          source: ctx.sources.trail(account),
          regions: args.regions?.length ? args.regions : account.regions,
          exactRegions: !!args.regions?.length,
        };
      const { regions, skipped } = selectRegions(account, args.regions);
      if (skipped.length)
        warnings.push(
          `${account.name}: regions ${skipped.join(', ')} are not configured for this account and were not searched.`,
        );
      return { account, source: ctx.sources.trail(account), regions };
    });
    const regionCount = targets.reduce((s, t) => s + t.regions.length, 0);
    if (regionCount === 0 && !evidence)
      throw new ToolError(
        'No region to search: the requested regions are not configured for these accounts. Omit `regions` to search every configured region.',
      );
    const knownBad = ctx.sources.knownBadIps();
    warnings.push(...knownBad.warnings);
    const tagger: Tagger = taggerOverride ?? ((e) => tagEvent(e, { knownBad: knownBad.list }));
    const maxScanned = args.max_scan ?? (ctx.mode === 'live' ? DEFAULT_LIVE_MAX_SCAN : undefined);
    ctx.progress(`Searching CloudTrail in ${regionCount} region${regionCount === 1 ? '' : 's'}…`);
    const out = await runSearch({
      targets,
      window,
      filters,
      maxMatches: args.max_events ?? DEFAULT_MAX_EVENTS,
      maxScanned,
      tagger,
      signal: ctx.signal,
      onProgress: (p) =>
        ctx.progress(
          `Searching CloudTrail: ${p.regionsDone}/${p.regionsTotal} regions done, ${n(p.scanned)} events read, ${n(p.matched)} matched`,
        ),
    });
    // The full-scan note is a warning (cost, partial coverage); other plan notes are in data.query.notes.
    if (out.plan.fullScan) warnings.push(...out.plan.notes.filter((x) => x.startsWith('None')));
    warnings.push(...out.warnings);
    if (out.stoppedBecause) {
      const covered = out.regionsRead.filter((r) => r.oldest).map((r) => `${r.region} back to ${r.oldest}`);
      warnings.push(
        `Partial result: stopped because ${out.stoppedBecause}; counts cover only what was read${covered.length && ctx.mode === 'live' ? ` (newest first: ${covered.slice(0, 6).join(', ')})` : ''}.${
          out.stoppedBecause.includes('scan limit')
            ? ' To see more: narrow the window, add a filter LookupEvents applies (access_key_id, user_name, event_names, event_source), or raise max_scan.'
            : out.stoppedBecause.includes('matching events')
              ? ' To see more: narrow the window or the filters, or raise max_events.'
              : ''
        }`,
      );
    }
    if (out.summary.total === 0 && !evidence && (args.user_name || args.role_session_name))
      warnings.push(
        "LookupEvents' Username is an IAM user name or a role session name, not a role name: for a role's activity use principal_arn.",
      );
    if (out.summary.tagErrors)
      warnings.push(`Threat tagging failed on ${out.summary.tagErrors} event(s); they are counted but not tagged.`);
    if (out.duplicates)
      warnings.push(`${n(out.duplicates)} duplicate event(s) (same event id in overlapping files) were counted once.`);

    const what = describeFilters(filters);
    const scope = `${accounts.map((a) => a.name).join(', ')} · ${regionCount} region(s) · ${describeWindow(window)}`;
    const s0 = out.summary.result();
    const top = s0.byEventName
      .slice(0, 5)
      .map((x) => `${clip(x.value, 60)} (${x.count})`)
      .join(', ');
    const outside = evidence ? outsideAccountJson(out, accounts) : undefined;
    const failedRegions = out.regionsRead.filter((r) => !r.ok);
    const allFailed = out.regionsRead.length > 0 && failedRegions.length === out.regionsRead.length;
    let summary = allFailed
      ? `Could not search CloudTrail for ${clip(what, 300)}: none of the ${out.regionsRead.length} account-region(s) could be read (${scope}), so this is NOT evidence of no activity. First error: ${clip(failedRegions[0]!.error ?? 'see warnings', 300)}`
      : s0.total === 0
        ? `No CloudTrail events for ${clip(what, 300)} in ${scope}${out.blind.length ? ` — but ${out.blind.join('; ')}, so this is NOT evidence of no activity` : ''}.`
        : `${n(s0.total)} event${s0.total === 1 ? '' : 's'} for ${clip(what, 300)} between ${s0.firstSeen} and ${s0.lastSeen} (${scope}). Top: ${top}. ${n(s0.errors)} failed call${s0.errors === 1 ? '' : 's'}${
            s0.byErrorCode.length
              ? ` (${s0.byErrorCode
                  .slice(0, 3)
                  .map((x) => `${clip(x.value, 60)} ${x.count}`)
                  .join(', ')})`
              : ''
          }. Source IPs: ${s0.bySourceIp
            .slice(0, 3)
            .map((x) => `${clip(x.value, 45)} (${x.count})`)
            .join(', ')}.`;
    if (outside?.sentence) summary += ` ${outside.sentence}`;
    if (failedRegions.length && !allFailed)
      summary += ` ${failedRegions.length} of ${out.regionsRead.length} account-region(s) could not be read (${failedRegions
        .map((r) => `${r.account} ${r.region}`)
        .slice(0, 5)
        .join(', ')}): counts exclude them, see warnings.`;
    if (s0.bursts.length) summary += ` ${s0.bursts.length} burst(s) of denied calls (possible enumeration).`;
    if (s0.threats.taggedEvents) {
      const worst = s0.threats.byRule
        .slice(0, 3)
        .map((x) => `${x.title} (${x.severity}, ${x.count})`)
        .join('; ');
      summary += ` ${n(s0.threats.taggedEvents)} threat-tagged event(s), e.g. ${clip(worst, 300)}: see the timeline.`;
    }
    const ipContext = s0.bySourceIp
      .filter((x) => x.value !== '(other)' && x.value !== '(none)')
      .slice(0, 5)
      .map((x) => {
        const c = classifyIp(x.value, knownBad.list);
        return {
          ip: clip(x.value, 45),
          kind: c.kind,
          ...(c.knownBad
            ? {
                knownBad: clip(
                  `${c.knownBad.list}: ${c.knownBad.cidr}${c.knownBad.label ? ` ${c.knownBad.label}` : ''}`,
                  100,
                ),
              }
            : {}),
        };
      });
    const bad = ipContext.filter((x) => x.knownBad);
    if (bad.length) summary += ` Known-bad source IP(s): ${bad.map((x) => `${x.ip} (${x.knownBad})`).join(', ')}.`;
    summary += ` Read ${n(out.scanned)} events${out.plan.fullScan ? ' (full scan of the window: no filter could be pushed down)' : ''}, matched ${n(out.matched)}${
      out.stoppedBecause ? `, stopped because ${out.stoppedBecause}` : ''
    }.`;
    if (out.throttles) summary += ` ${n(out.throttles)} throttled request(s) were retried.`;
    if (out.files)
      summary += ` Evidence: ${n(out.files.read)} file read(s) (${n(out.files.entries)} entries), ${n(out.files.skipped)} skipped by region or delivery time.`;

    const result: ToolResult = {
      summary,
      data: {},
      sources: sourcesOf(out, ctx.mode === 'live' ? 'cloudtrail:LookupEvents' : 'evidence:cloudtrail'),
      warnings: warnings.slice(0, 12).map((w) => clip(w, 400)),
      next: s0.total
        ? [
            'Map the identity behind these calls (map_identity)',
            'Check whether the key is still active and who owns it',
            'Search what the same source IPs did (source_ip)',
          ]
        : undefined,
    };
    const head = {
      query: {
        filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
        window: { start: window.start.toISOString(), end: window.end.toISOString() },
        pushedDown: out.pushedDown,
        appliedHere: out.plan.clientSide,
        fullScan: out.plan.fullScan,
        ...(out.plan.notes.length ? { notes: out.plan.notes.map((x) => clip(x, 300)) } : {}),
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
    const fixed = JSON.stringify({ ...result, data: head }).length;
    const s = out.summary.result(Math.max(2_000, RESULT_MAX_BYTES - fixed - 20));
    result.data = { ...head, ...s };
    return result;
  },
});
