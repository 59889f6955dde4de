import { z } from 'zod';
import { runSearch } from '../src/cloudtrail/search';
import { describeWindow, resolveWindow, WindowError } from '../src/cloudtrail/time-window';
import { selectAccounts, selectRegions } from '../src/runtime/select';
import { LOOKUP_RETENTION_DAYS } from '../src/sources/live/cloudtrail';
import { defineTool, ToolError } from './define-tool';

const input = z.object({
  access_key_id: z
    .string()
    .regex(/^(AKIA|ASIA)[A-Z0-9]{12,124}$/, 'an access key id starts with AKIA (long-term) or ASIA (temporary)')
    .optional()
    .describe('Access key id to investigate, e.g. AKIAIOSFODNN7EXAMPLE (IAM user key) or ASIA… (temporary session key).'),
  user_name: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe('IAM user name, or role session name (e.g. jane.doe@example.com for SSO sessions), as CloudTrail logs it.'),
  last: z
    .string()
    .regex(/^\d+[mhdw]$/)
    .optional()
    .describe('Window ending now: e.g. "24h", "7d" (default "7d"). Ignored when start_time is given.'),
  start_time: z.string().optional().describe('Window start, ISO 8601 (e.g. 2026-11-20T00:00:00Z).'),
  end_time: z.string().optional().describe('Window end, ISO 8601; default now.'),
  accounts: z.array(z.string()).max(50).optional().describe('Account names or ids to search; default every configured account.'),
  regions: z.array(z.string()).max(30).optional().describe("Regions to search; default each account's configured regions."),
  max_events: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe('Stop after this many matching events (default 10000). The result says when it stopped early.'),
});

export default defineTool({
  name: 'cloudtrail_search',
  description: `Search CloudTrail management events for what an access key or IAM user/role session did, across accounts and regions.
Returns totals, counts by event name, event source, region, source IP, user agent class and error code, first/last seen, and up to 50 sample events (earliest and latest). Never raw pages.
Limits: live data comes from LookupEvents — management events only, last 90 days, one filter attribute per request, 2 requests/s per account and region (about 100 events/s per region); data events (S3 object reads, Lambda invokes) are not in LookupEvents. Cost: about one API call per 50 events scanned per region; a week of a busy key may take tens of seconds. Give access_key_id or user_name.`,
  input,
  async run(ctx, args) {
    if (!args.access_key_id && !args.user_name)
      throw new ToolError('Give access_key_id or user_name: an unfiltered search would scan every event of every region.');
    let window;
    try {
      window = resolveWindow(args, ctx.now(), { maxDays: ctx.mode === 'live' ? LOOKUP_RETENTION_DAYS : undefined });
    } catch (err) {
      if (err instanceof WindowError) throw new ToolError(err.message);
      throw err;
    }
    const accounts = selectAccounts(ctx, args.accounts);
    const warnings: string[] = [];
    if (window.clippedFrom)
      warnings.push(
        `Live CloudTrail (LookupEvents) only covers the last ${LOOKUP_RETENTION_DAYS} days: the window was clipped to start ${window.start.toISOString()} (asked: ${window.clippedFrom.toISOString()}). Older events need the trail's S3 logs (use an evidence folder).`,
      );
    const targets = accounts.map((account) => {
      const { regions, skipped } = selectRegions(account, args.regions);
      if (skipped.length) warnings.push(`${account.name}: regions ${skipped.join(', ')} are not configured for this account and were not searched.`);
      return { account, source: ctx.sources.trail(account), regions };
    });
    const regionCount = targets.reduce((s, t) => s + t.regions.length, 0);
    ctx.progress(`Searching CloudTrail in ${regionCount} region${regionCount === 1 ? '' : 's'}…`);
    const out = await runSearch({
      targets,
      window,
      filters: { accessKeyId: args.access_key_id, userName: args.user_name },
      maxMatches: args.max_events ?? 10_000,
      signal: ctx.signal,
      onProgress: (scanned, matched) => ctx.progress(`Searching CloudTrail in ${regionCount} regions… ${scanned.toLocaleString('en-US')} events scanned, ${matched.toLocaleString('en-US')} matched`),
    });
    warnings.push(...out.warnings);
    const s = out.summary.result();
    const who = args.access_key_id ?? args.user_name!;
    const top = s.byEventName.slice(0, 5).map((x) => `${x.value} (${x.count})`).join(', ');
    const scope = `${accounts.map((a) => a.name).join(', ')} · ${regionCount} region(s) · ${describeWindow(window)}`;
    let summary =
      s.total === 0
        ? `No CloudTrail events for ${who} in ${scope}.`
        : `${s.total.toLocaleString('en-US')} events for ${who} between ${s.firstSeen} and ${s.lastSeen} (${scope}). Top: ${top}. ${s.errors} failed calls${
            s.byErrorCode.length ? ` (${s.byErrorCode.slice(0, 3).map((x) => `${x.value} ${x.count}`).join(', ')})` : ''
          }. Source IPs: ${s.bySourceIp.slice(0, 3).map((x) => `${x.value} (${x.count})`).join(', ')}.`;
    summary += ` Scanned ${out.scanned.toLocaleString('en-US')} events, matched ${out.matched.toLocaleString('en-US')}${out.stoppedBecause ? `, stopped because ${out.stoppedBecause}` : ''}.`;
    if (out.stoppedBecause) warnings.push(`Partial result: stopped because ${out.stoppedBecause}; counts cover only what was scanned.`);
    return {
      summary,
      data: {
        query: { who, window: { start: window.start.toISOString(), end: window.end.toISOString() }, pushedDown: out.pushedDown },
        scanned: out.scanned,
        matched: out.matched,
        stoppedBecause: out.stoppedBecause,
        ...s,
      },
      sources: out.regionsRead.map((r) => ({
        account: r.account,
        region: r.region,
        api: ctx.mode === 'live' ? 'cloudtrail:LookupEvents' : 'evidence:cloudtrail',
        detail: `${r.scanned} events read${r.ok ? '' : ' (failed)'}`,
      })),
      warnings,
      next: s.total ? ['Map the identity behind these calls', 'Check whether the key is still active and who owns it'] : undefined,
    };
  },
});
