import { z } from 'zod';
import type { AwsAccount } from '../src/aws/accounts';
import { AlertCorrelator, type Indicators, indicatorsFrom } from '../src/crowdstrike/correlate';
import { DEVICE_ID, type FalconSource } from '../src/crowdstrike/source';
import type { FalconAlert, FalconHost } from '../src/crowdstrike/types';
import { describeWindow, resolveWindow, shortTime, type TimeWindow, WindowError } from '../src/cloudtrail/time-window';
import { parseIdentity } from '../src/identity/map-identity';
import { AwsReadError } from '../src/aws/errors';
import { LOOKUP_RETENTION_DAYS, type LookupKey } from '../src/cloudtrail/source';
import type { ToolContext } from './context';
import { selectAccounts, selectRegions } from './select';
import { evidenceTrailPass } from './evidence-trail-pass';
import { defineTool, type SourceNote, type ToolResult, ToolError, type UnreadSource } from './define-tool';
import { lookupPlan } from './map-identity';

export const DEFAULT_MAX_EVENTS_PER_REGION = 5_000;
const SHOWN = 25;

const input = z
  .object({
    alert_id: z
      .string()
      .min(3)
      .max(256)
      .optional()
      .describe(
        'Falcon alert composite_id (e.g. "d615…:ind:77d1…:…"), its id, or an aggregate_id (all alerts of that detection).',
      ),
    host: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('Host name (case-insensitive) or Falcon device id (32 hex digits), instead of or besides alert_id.'),
    user: z
      .string()
      .max(256)
      .optional()
      .describe('An extra person to follow (email or user name) besides the alert user and the host last-login user.'),
    ips: z.array(z.string().max(64)).max(10).optional().describe('Extra source IPs to match besides the host IPs.'),
    hours_around: z
      .number()
      .int()
      .min(1)
      .max(24 * 14)
      .optional()
      .describe('With alert_id: hours before and after the alert time to search (default 24).'),
    last: z
      .string()
      .regex(/^\d+[mhdw]$/, 'must look like 24h, 7d or 2w (a number, then m, h, d or w)')
      .optional()
      .describe('Without alert_id: window ending now, e.g. "24h", "7d" (default "7d").'),
    start_time: z.string().optional().describe('Without alert_id: window start, ISO 8601.'),
    end_time: z.string().optional().describe('Without alert_id: window end, ISO 8601; default now.'),
    accounts: z
      .array(z.string())
      .max(50)
      .optional()
      .describe('Account names or ids; default every configured account.'),
    regions: z.array(z.string()).max(30).optional().describe("Regions to read; default each account's regions."),
    max_events_per_region: z
      .number()
      .int()
      .min(100)
      .max(50_000)
      .optional()
      .describe(
        `Live only: events read per region for IP matching (LookupEvents cannot filter by IP; default ${DEFAULT_MAX_EVENTS_PER_REGION}).`,
      ),
  })
  .refine((a) => a.alert_id || a.host, { message: 'Give alert_id or host.' });

type Input = z.output<typeof input>;

interface Read {
  notes: SourceNote[];
  warnings: string[];
  unread: UnreadSource[];
  /** Sources that could not see at all (an evidence folder without CloudTrail). */
  blind: UnreadSource[];
  attempted: number;
}

function compactAlert(a: FalconAlert) {
  return {
    composite_id: a.composite_id,
    name: a.display_name ?? a.name,
    severity: a.severity_name ?? a.severity,
    status: a.status,
    product: a.product,
    technique: a.technique_id ? `${a.technique_id} ${a.technique ?? ''}`.trim() : a.technique,
    timestamp: a.timestamp ?? a.created_timestamp,
    hostname: a.device?.hostname,
    user: a.user_name,
    file: a.filename,
  };
}

function compactHost(h: FalconHost) {
  return {
    device_id: h.device_id,
    hostname: h.hostname,
    external_ip: h.external_ip,
    local_ip: h.local_ip,
    platform: h.platform_name,
    last_login_user: h.last_login_user,
    last_seen: h.last_seen,
  };
}

async function readAccount(
  ctx: ToolContext,
  account: AwsAccount,
  regions: string[],
  window: TimeWindow,
  corr: AlertCorrelator,
  maxPer: number,
  read: Read,
) {
  const source = ctx.sources.trail(account);
  const seen = new Set<string>();
  const feed = (r: Parameters<AlertCorrelator['add']>[0]) => {
    if (seen.has(r.eventID)) return;
    if (seen.size < 500_000) seen.add(r.eventID);
    corr.add(r);
  };
  if (source.kind === 'evidence') {
    // One pass over the folder; the source counts and names what it leaves out.
    await evidenceTrailPass(source, account, regions, window, feed, read, ctx.signal);
    return;
  }
  // Live: the people's names and federation events are pushed down; IPs cannot be, so one
  // unfiltered pass per region reads the newest events of the window up to maxPer.
  const plan: ({ key: LookupKey; value: string } | undefined)[] = [];
  const keys = new Set<string>();
  for (const u of corr.indicators.users) {
    try {
      for (const l of lookupPlan(parseIdentity(u))) {
        const k = `${l.key}=${l.value}`;
        if (!keys.has(k)) keys.add(k), plan.push(l);
      }
    } catch {
      // not an identity CloudTrail could carry; IPs still apply
    }
  }
  if (corr.indicators.ips.length) plan.push(undefined);
  await Promise.all(
    regions.map(async (region) => {
      read.attempted++;
      let calls = 0;
      let events = 0;
      let anyRead = false;
      let lastError: string | undefined;
      for (const lookup of plan) {
        let n = 0;
        try {
          for await (const r of source.events(
            region,
            { start: window.start, end: window.end, lookup },
            { signal: ctx.signal, onPage: () => void calls++ },
          )) {
            feed(r);
            events++;
            if (++n >= maxPer) {
              read.warnings.push(
                `${account.name} ${region}: stopped ${lookup ? `${lookup.key}=${lookup.value}` : 'the IP scan'} after ${maxPer.toLocaleString('en-US')} events; older activity in the window was not matched (narrow hours_around or raise max_events_per_region).`,
              );
              break;
            }
          }
          anyRead = true;
        } catch (err) {
          if (err instanceof AwsReadError) {
            read.warnings.push(`${account.name} ${region}: ${err.message}`);
            lastError = err.message;
            if (err.kind !== 'throttled') break;
          } else throw err;
        }
        ctx.progress(`Correlating: ${account.name} ${region} ${lookup ? `${lookup.key}=${lookup.value}` : 'IP scan'}…`);
      }
      if (!anyRead && plan.length)
        read.unread.push({
          account: account.name,
          region,
          api: 'cloudtrail:LookupEvents',
          reason: lastError ?? 'could not be read',
        });
      read.notes.push({
        account: account.name,
        region,
        api: 'cloudtrail:LookupEvents',
        calls,
        detail: `${plan.length} passes (${plan.map((p) => (p ? `${p.key}=${p.value}` : 'unfiltered, for IPs')).join(', ')}); ${events.toLocaleString('en-US')} events read`,
      });
    }),
  );
}

function windowFor(ctx: ToolContext, args: Input, ind: Indicators): TimeWindow {
  try {
    if (args.alert_id && ind.alertTime !== undefined) {
      const h = (args.hours_around ?? 24) * 3_600_000;
      const now = ctx.now().getTime();
      const end = new Date(Math.min(now, ind.alertTime + h));
      const start = new Date(ind.alertTime - h);
      if (ctx.mode === 'live') {
        const earliest = now - LOOKUP_RETENTION_DAYS * 86_400_000;
        if (start.getTime() < earliest) return { start: new Date(earliest), end, clippedFrom: start };
      }
      if (start >= end) throw new WindowError('The alert is in the future of this clock.');
      return { start, end };
    }
    return resolveWindow(args, ctx.now(), {
      defaultLast: '7d',
      maxDays: ctx.mode === 'live' ? LOOKUP_RETENTION_DAYS : undefined,
    });
  } catch (err) {
    if (err instanceof WindowError) throw new ToolError(err.message);
    throw err;
  }
}

async function lookupFalcon(ctx: ToolContext, falcon: FalconSource, args: Input) {
  const alerts = args.alert_id ? await falcon.alerts(args.alert_id.trim(), { signal: ctx.signal }) : [];
  if (args.alert_id && !alerts.length)
    throw new ToolError(
      `No CrowdStrike alert with composite_id, id or aggregate_id "${args.alert_id.slice(0, 120)}" in ${falcon.where}. Check the id (Falcon console → Endpoint security → Alerts → the alert's "Composite ID").`,
    );
  const deviceIds = new Set<string>();
  for (const a of alerts) for (const id of [a.agent_id, a.device?.device_id]) if (id) deviceIds.add(id);
  let hostname: string | undefined;
  if (args.host) {
    if (DEVICE_ID.test(args.host.trim())) deviceIds.add(args.host.trim());
    else hostname = args.host.trim();
  }
  const hosts =
    deviceIds.size || hostname
      ? await falcon.hosts({ deviceIds: [...deviceIds], hostname }, { signal: ctx.signal })
      : [];
  if (args.host && !args.alert_id && !hosts.length)
    throw new ToolError(
      `No CrowdStrike host "${args.host.slice(0, 120)}" (host name or device id) in ${falcon.where}.`,
    );
  return { alerts, hosts };
}

export default defineTool({
  name: 'crowdstrike_correlate',
  description: `Find the AWS activity related to a CrowdStrike Falcon endpoint alert or host. Reads the alert (by composite_id / id / aggregate_id) and its host from Falcon, takes the host's IPs (external, connection, local) and the people on it (alert user, last logged-in user, host email), then searches CloudTrail in a window around the alert (default ±24 h; host only: last 7 days) for: calls from those IPs, and the people's AWS sessions (Identity Center, SAML, web identity, role session names, IAM users — the same matching as map_identity).
Returns the overlap ranked: "user-and-ip" (the person's session used from the host's IP — strongest), "ip-only" (someone else's credentials used from the host: possible theft), "user-only"; each with account, principal, session, access keys (ASIA…/AKIA…), first/last seen and minutes from the alert. Then use cloudtrail_search with access_key_id or user_name to see what they did.
Limits: live CloudTrail cannot filter by IP, so the IP match reads up to max_events_per_region newest events per region (it says when it stopped), plus ~9 LookupEvents per person per region. Local (private) IPs only appear in CloudTrail for calls through VPC endpoints. Offered when FALCON_CLIENT_ID/FALCON_CLIENT_SECRET are set, or over an evidence folder with crowdstrike/alerts.json and crowdstrike/hosts.json.`,
  input,
  offeredWhen: 'falcon',
  async run(ctx, args: Input): Promise<ToolResult> {
    const falcon: FalconSource | undefined = ctx.sources.falcon?.();
    if (!falcon)
      throw new ToolError(
        ctx.mode === 'evidence'
          ? 'This evidence folder has no CrowdStrike data, so CrowdStrike alerts and hosts cannot be checked here (this is not a clean result): add crowdstrike/alerts.json (body of POST /alerts/entities/alerts/v2) and crowdstrike/hosts.json (body of GET /devices/entities/devices/v2).'
          : 'CrowdStrike is not configured, so CrowdStrike alerts and hosts cannot be checked (this is not a clean result): set FALCON_CLIENT_ID and FALCON_CLIENT_SECRET (Falcon console → Support and resources → API clients and keys; scopes Alerts: Read, Hosts: Read) and FALCON_BASE_URL for your cloud (US-1, US-2, EU-1, US-GOV-1).',
      );
    const callsBefore = falcon.calls();
    // Falcon and evidence failures are ToolError/EvidenceError: runtime reports their text.
    const found: { alerts: FalconAlert[]; hosts: FalconHost[] } = await lookupFalcon(ctx, falcon, args);
    const ind = indicatorsFrom(found.alerts, found.hosts, {
      users: args.user ? [args.user] : [],
      ips: args.ips,
    });
    const window = windowFor(ctx, args, ind);
    const read: Read = { notes: [], warnings: [], unread: [], blind: [], attempted: 0 };
    read.notes.push({
      account: '-',
      api: falcon.kind === 'live' ? 'crowdstrike:alerts+hosts' : 'evidence:crowdstrike',
      calls: falcon.kind === 'live' ? falcon.calls() - callsBefore : undefined,
      detail: `${found.alerts.length} alert(s), ${found.hosts.length} host(s) from ${falcon.where}`,
    });
    if (window.clippedFrom)
      read.warnings.push(
        `Live CloudTrail covers the last ${LOOKUP_RETENTION_DAYS} days: the window was clipped to start ${shortTime(window.start)}.`,
      );
    if (args.alert_id && !found.hosts.length)
      read.warnings.push(
        'The alert host is not in Falcon host data any more; only the IPs recorded on the alert were used.',
      );
    if (!ind.ips.length)
      read.warnings.push("No host IP is known (alert and host carry none): only the people's sessions were searched.");
    if (!ind.users.length)
      read.warnings.push('No user is known for this alert or host: only activity from the host IPs was searched.');
    if (ind.ips.some((x) => x.kind === 'local_ip'))
      read.warnings.push(
        'Local (private) host IPs match CloudTrail only for calls through VPC endpoints or from inside AWS; calls from the laptop appear with its external IP.',
      );

    const accounts = selectAccounts(ctx, args.accounts);
    const results = await Promise.all(
      accounts.map(async (account) => {
        const { regions, skipped } = selectRegions(account, args.regions);
        if (skipped.length)
          read.warnings.push(`${account.name}: regions ${skipped.join(', ')} are not configured and were not read.`);
        const corr = new AlertCorrelator(ind, account);
        if (ind.ips.length || ind.users.length)
          await readAccount(
            ctx,
            account,
            regions,
            window,
            corr,
            args.max_events_per_region ?? DEFAULT_MAX_EVENTS_PER_REGION,
            read,
          );
        if (corr.truncated)
          read.warnings.push(`${account.name}: more than 2,000 principal/IP groups; the rest were not counted.`);
        return corr.result();
      }),
    );
    const overlap = results.flatMap((r) => r.overlap);
    const rank = { 'user-and-ip': 0, 'ip-only': 1, 'user-only': 2 } as const;
    overlap.sort(
      (a, b) =>
        rank[a.strength] - rank[b.strength] || Math.abs(a.minutesFromAlert ?? 0) - Math.abs(b.minutesFromAlert ?? 0),
    );
    const ipActivity = results.flatMap((r) => r.ipActivity).sort((a, b) => b.events - a.events);
    const keys = [...new Set(overlap.flatMap((o) => o.accessKeyIds))];
    const sessionsCount = results.reduce((n, r) => n + r.sessions.length, 0);

    const subject = args.alert_id
      ? `CrowdStrike alert ${found.alerts[0] ? (found.alerts[0].display_name ?? found.alerts[0].name ?? args.alert_id) : args.alert_id}${ind.hostnames.length ? ` on ${ind.hostnames.join(', ')}` : ''}${ind.alertTime !== undefined ? ` at ${shortTime(new Date(ind.alertTime))}` : ''}`
      : `CrowdStrike host ${ind.hostnames.join(', ') || args.host}`;
    const scope = `${accounts.map((a) => a.name).join(', ')} · ${describeWindow(window)}`;
    const allUnread = read.attempted > 0 && read.unread.length === read.attempted;
    const counts = (['user-and-ip', 'ip-only', 'user-only'] as const)
      .map((s) => [s, overlap.filter((o) => o.strength === s).length] as const)
      .filter(([, n]) => n > 0);
    let summary: string;
    if (allUnread)
      summary = `${subject}: CloudTrail could not be read in any of the ${read.attempted} account-region(s) (${scope}), so this is NOT evidence of no related AWS activity. See the warnings.`;
    else if (!ind.ips.length && !ind.users.length)
      summary = `${subject}: the alert and host carry no IP or user to correlate, so no AWS activity could be linked (${scope}).`;
    else if (!overlap.length)
      summary = `${subject}: no AWS activity from ${ind.ips.map((x) => x.ip).join(', ') || 'the host IPs'} and no AWS sessions of ${ind.users.join(', ') || 'its users'} in ${scope}.`;
    else {
      const top = overlap
        .slice(0, 3)
        .map(
          (o) =>
            `${o.strength}: ${o.principal.split('/').pop()}${o.sessionName ? `/${o.sessionName}` : ''} in ${o.account}${o.minutesFromAlert !== null ? ` (${o.minutesFromAlert >= 0 ? '+' : ''}${o.minutesFromAlert} min from the alert)` : ''}${o.accessKeyIds.length ? ` keys ${o.accessKeyIds.slice(0, 2).join(', ')}` : ''}`,
        );
      summary = `${subject}: ${counts.map(([s, n]) => `${n} ${s}`).join(', ')} related AWS session(s) in ${scope}. ${top.join('; ')}.`;
      if (counts.some(([s]) => s === 'ip-only'))
        summary +=
          ' "ip-only" means credentials of someone not named on the alert or host were used from the host IP: check for theft.';
    }
    if (read.unread.length && !allUnread)
      summary += ` ${read.unread.length} of ${read.attempted} account-region(s) could not be read (${read.unread
        .slice(0, 5)
        .map((u) => `${u.account} ${u.region ?? ''}`.trim())
        .join(', ')}): activity there is missing.`;
    const next: string[] = [];
    for (const k of keys.slice(0, 3)) next.push(`What did ${k} do? cloudtrail_search access_key_id="${k}"`);
    for (const ip of ind.ips.filter((x) => x.kind !== 'local_ip').slice(0, 1))
      next.push(`Everything from ${ip.ip}: cloudtrail_search source_ip="${ip.ip}"`);
    for (const u of ind.users.slice(0, 1)) next.push(`All sessions of ${u}: map_identity identity="${u}"`);
    if (overlap.length > SHOWN)
      read.warnings.push(`${overlap.length} related sessions; the ${SHOWN} strongest are listed.`);
    return {
      summary,
      data: {
        alerts: found.alerts.slice(0, 10).map(compactAlert),
        hosts: found.hosts.slice(0, 10).map(compactHost),
        indicators: ind,
        window: { start: window.start.toISOString(), end: window.end.toISOString() },
        overlap: overlap.slice(0, SHOWN),
        ipActivity: ipActivity.slice(0, SHOWN),
        sessionsOfUsers: sessionsCount,
        pivots: { accessKeyIds: keys.slice(0, 20) },
      },
      sources: read.notes,
      warnings: read.warnings,
      next: next.length ? next : undefined,
      ...(read.unread.length + read.blind.length ? { unread: [...read.unread, ...read.blind] } : {}),
    };
  },
});
