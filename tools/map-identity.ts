import { z } from 'zod';
import type { AwsAccount } from '../src/aws/accounts';
import type { CloudTrailRecord } from '../src/cloudtrail/record';
import { describeWindow, resolveWindow, shortTime, WindowError, type TimeWindow } from '../src/cloudtrail/time-window';
import {
  IdentityMapper,
  IdentityQueryError,
  matchValue,
  parseIdentity,
  type IdentityQuery,
} from '../src/identity/map-identity';
import type { ToolContext } from './context';
import { selectAccounts, selectRegions } from './select';
import { AwsReadError } from '../src/aws/errors';
import { LOOKUP_RETENTION_DAYS } from '../src/cloudtrail/source';
import type { LookupKey } from '../src/cloudtrail/source';
import { windowFields } from './window-input';
import { evidenceTrailPass } from './evidence-trail-pass';
import { defineTool, type ToolResult, ToolError, type SourceNote, type UnreadSource } from './define-tool';

export const DEFAULT_MAX_PER_QUERY = 2_000;
const MAX_SESSIONS_SHOWN = 25;
/** The data part of the result stays under this size (JSON bytes). */
export const RESULT_MAX_BYTES = 14_000;

const input = z.object({
  identity: z
    .string()
    .min(2)
    .max(256)
    .describe(
      'The person: an email (jane.doe@example.com) or corporate user name (jdoe). Matched case-insensitively; an email also matches IAM users named after its local part.',
    ),
  ...windowFields({
    last: 'Window ending now, e.g. "24h", "7d", "30d" (default "14d"). Ignored when start_time is given.',
  }),
  accounts: z.array(z.string()).max(50).optional().describe('Account names or ids; default every configured account.'),
  regions: z
    .array(z.string())
    .max(30)
    .optional()
    .describe(
      "Regions to read; default each account's configured regions (federation events are usually in us-east-1).",
    ),
  max_events_per_query: z
    .number()
    .int()
    .min(50)
    .max(20_000)
    .optional()
    .describe(
      `Live only: stop each LookupEvents query (per account, region and attribute) after this many events (default ${DEFAULT_MAX_PER_QUERY}).`,
    ),
});

type Input = z.output<typeof input>;

/** The LookupEvents attributes pushed down (live): the person's names, then federation events. */
export function lookupPlan(q: IdentityQuery): { key: LookupKey; value: string }[] {
  const plan: { key: LookupKey; value: string }[] = [{ key: 'Username', value: q.raw }];
  if (q.raw !== q.full) plan.push({ key: 'Username', value: q.full });
  if (q.isEmail) plan.push({ key: 'Username', value: q.local });
  for (const e of [
    'AssumeRoleWithSAML',
    'AssumeRoleWithWebIdentity',
    'ConsoleLogin',
    'Federate',
    'GetRoleCredentials',
    'CreateToken',
  ])
    plan.push({ key: 'EventName', value: e });
  return plan;
}

interface Read {
  notes: SourceNote[];
  warnings: string[];
  capped: number;
  /** account-regions whose CloudTrail could not be read at all. */
  unread: UnreadSource[];
  /** Sources that could not see at all (an evidence folder without CloudTrail) and IAM not listed. */
  blind: UnreadSource[];
  /** account-regions attempted. */
  attempted: number;
}

async function readAccount(
  ctx: ToolContext,
  account: AwsAccount,
  regions: string[],
  window: TimeWindow,
  mapper: IdentityMapper,
  maxPer: number,
  read: Read,
) {
  const source = ctx.sources.trail(account);
  const seen = new Set<string>();
  const feed = (r: CloudTrailRecord) => {
    if (seen.has(r.eventID)) return;
    if (seen.size < 500_000) seen.add(r.eventID);
    mapper.add(r);
  };
  if (source.kind === 'evidence') {
    // One pass over the folder; the source counts and names what it leaves out.
    await evidenceTrailPass(source, account, regions, window, feed, read, ctx.signal);
    return;
  }
  const plan = lookupPlan(mapper.query);
  await Promise.all(
    regions.map(async (region) => {
      let calls = 0;
      let events = 0;
      let anyRead = false;
      let lastError: string | undefined;
      read.attempted++;
      for (const lookup of plan) {
        let n = 0;
        // onPage fires after a page's events are consumed: a page left early is counted here.
        let unreported = 0;
        try {
          for await (const r of source.events(
            region,
            { start: window.start, end: window.end, lookup },
            { signal: ctx.signal, onPage: () => ((calls += 1), (unreported = 0)) },
          )) {
            feed(r);
            events++;
            unreported++;
            if (++n >= maxPer) {
              if (unreported) calls++;
              read.capped++;
              read.warnings.push(
                `${account.name} ${region}: stopped ${lookup.key}=${lookup.value} after ${maxPer} events; older sessions may be missing (narrow the window or raise max_events_per_query).`,
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
        ctx.progress(`Mapping ${mapper.query.raw}: ${account.name} ${region} ${lookup.key}=${lookup.value}…`);
      }
      if (!anyRead)
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
        detail: `${plan.length} lookups (${plan.map((p) => `${p.key}=${p.value}`).join(', ')}); ${events.toLocaleString('en-US')} events read`,
      });
    }),
  );
}

/** "IAM user ci-legacy: 2 active access keys (key 1 rotated …, last used …), no console password, no MFA." */
function credentialsSentence(u: {
  userName: string;
  passwordEnabled: boolean | null;
  mfaActive: boolean | null;
  activeAccessKeys: number | null;
  accessKeys: { slot: number; active: boolean; lastRotated: string | null; lastUsed: string | null }[] | null;
}): string {
  if (u.activeAccessKeys === null) return `IAM user ${u.userName}: no credential report, key status unknown.`;
  const day = (t: string | null) => (t ? t.slice(0, 10) : 'never');
  const keys = (u.accessKeys ?? [])
    .map(
      (k) =>
        `key ${k.slot} ${k.active ? 'active' : 'inactive'}, rotated ${day(k.lastRotated)}, last used ${day(k.lastUsed)}`,
    )
    .join('; ');
  return `IAM user ${u.userName}: ${u.activeAccessKeys} active access key${u.activeAccessKeys === 1 ? '' : 's'}${keys ? ` (${keys})` : ''}, ${u.passwordEnabled ? 'console password set' : 'no console password'}, ${u.mfaActive ? 'MFA on' : 'no MFA'} (credential report).`;
}

/** IAM users named after the person (snapshot): matched even without activity in the window. */
async function iamUsers(ctx: ToolContext, account: AwsAccount, q: IdentityQuery, read: Read) {
  try {
    const snap = await ctx.sources.iam(account).snapshot({ signal: ctx.signal });
    const rows = new Map((snap.credentialReport?.rows ?? []).map((r) => [r.user, r]));
    return snap.users
      .map((u) => ({ u, m: matchValue(q, u.name) }))
      .filter((x) => x.m)
      .slice(0, 20)
      .map(({ u, m }) => {
        const row = rows.get(u.name);
        return {
          account: account.name,
          userName: u.name,
          arn: u.arn,
          strength: m!,
          createDate: u.createDate,
          passwordEnabled: row?.passwordEnabled ?? null,
          mfaActive: row?.mfaActive ?? null,
          activeAccessKeys: row ? row.accessKeys.filter((k) => k.active).length : null,
          // Credential report key slots (it has no key ids): status, rotation and last use.
          accessKeys: row
            ? row.accessKeys
                .map((k, i) => ({ slot: i + 1, ...k }))
                .filter((k) => k.active || k.lastRotated)
                .map((k) => ({
                  slot: k.slot,
                  active: k.active,
                  lastRotated: k.lastRotated,
                  lastUsed: k.lastUsedDate,
                }))
            : null,
          groups: u.groups.slice(0, 10),
          attachedPolicies: u.attachedPolicies.map((p) => p.name).slice(0, 10),
        };
      });
  } catch (err) {
    read.warnings.push(
      `${account.name}: IAM users could not be listed (${(err as Error).message}); matching used CloudTrail only.`,
    );
    read.blind.push({ account: account.name, api: 'iam:users', reason: (err as Error).message });
    return [];
  }
}

export default defineTool({
  name: 'map_identity',
  title: 'Map a person to their AWS sessions',
  description: `Map a person (email or corporate user name) to the AWS sessions that belong to them, across accounts: IAM Identity Center sessions (AWSReservedSSO_* roles named after the email; portal sign-ins of IdentityCenterUser), SAML federation (AssumeRoleWithSAML subject), web-identity/OIDC federation (subject), role sessions whose session name or sourceIdentity carries the identity, console logins, and IAM users named after the person.
Returns each session with account, role ARN, session name, the temporary access key ids (ASIA…) to pivot on, first/last seen, source IPs, MFA, and how it was matched ("exact" = the full identity; "name" = only the user-name part, verify it). Then use cloudtrail_search with user_name = the session name (covers all its keys) or access_key_id = ASIA… to see what the sessions did.
Limits: live data is LookupEvents (90 days, management events, 2 requests/s per account-region). Live reads push down Username = the identity (and its local part) and EventName = AssumeRoleWithSAML / AssumeRoleWithWebIdentity / ConsoleLogin / Federate / GetRoleCredentials / CreateToken per region — about 9 lookups per region, each capped at max_events_per_query; sessions whose name does not contain the identity are found only through their federation event. Default window 14 days.`,
  input,
  async run(ctx, args: Input): Promise<ToolResult> {
    let q: IdentityQuery;
    try {
      q = parseIdentity(args.identity);
    } catch (err) {
      if (err instanceof IdentityQueryError) throw new ToolError(err.message);
      throw err;
    }
    let window: TimeWindow;
    try {
      window = resolveWindow(args, ctx.now(), {
        defaultLast: '14d',
        maxDays: ctx.mode === 'live' ? LOOKUP_RETENTION_DAYS : undefined,
      });
    } catch (err) {
      if (err instanceof WindowError) throw new ToolError(err.message);
      throw err;
    }
    const accounts = selectAccounts(ctx, args.accounts);
    const read: Read = { notes: [], warnings: [], capped: 0, unread: [], blind: [], attempted: 0 };
    if (window.clippedFrom)
      read.warnings.push(
        `Live CloudTrail covers the last ${LOOKUP_RETENTION_DAYS} days: the window was clipped to start ${shortTime(window.start)}.`,
      );
    const perAccount = await Promise.all(
      accounts.map(async (account) => {
        const { regions, skipped } = selectRegions(account, args.regions);
        if (skipped.length)
          read.warnings.push(
            `${account.name}: regions ${skipped.join(', ')} are not configured for this account and were not read.`,
          );
        const mapper = new IdentityMapper(q, account);
        await readAccount(
          ctx,
          account,
          regions,
          window,
          mapper,
          args.max_events_per_query ?? DEFAULT_MAX_PER_QUERY,
          read,
        );
        const users = await iamUsers(ctx, account, q, read);
        if (mapper.truncated)
          read.warnings.push(`${account.name}: more than 2,000 matching sessions; the rest were not aggregated.`);
        return { account, result: mapper.result(), users };
      }),
    );
    const sessions = perAccount.flatMap((p) => p.result.sessions);
    sessions.sort((a, b) =>
      a.strength === b.strength ? b.lastSeen.localeCompare(a.lastSeen) : a.strength === 'exact' ? -1 : 1,
    );
    const icUsers = perAccount.flatMap((p) =>
      p.result.identityCenterUsers.map((u) => ({ account: p.account.name, ...u })),
    );
    const users = perAccount.flatMap((p) => p.users);
    const keys = [...new Set(perAccount.flatMap((p) => p.result.accessKeyIds))].slice(0, 50);
    const sessionNames = [
      ...new Set(sessions.filter((s) => s.sessionName && s.strength === 'exact').map((s) => s.sessionName!)),
    ].slice(0, 5);
    const weak = sessions.filter((s) => s.strength === 'name').length;

    const kinds = new Map<string, number>();
    for (const s of sessions) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1);
    const scope = `${accounts.map((a) => a.name).join(', ')} · ${describeWindow(window)}`;
    let summary: string;
    const allUnread = read.attempted > 0 && read.unread.length === read.attempted;
    if (sessions.length === 0 && users.length === 0 && allUnread) {
      summary = `Could not map ${q.raw}: CloudTrail could not be read in any of the ${read.attempted} account-region(s) (${scope}), so this is NOT evidence that the person has no AWS sessions. See the warnings for what to fix.`;
    } else if (sessions.length === 0 && users.length === 0) {
      summary = `No AWS sessions or IAM users found for ${q.raw} (${scope}).`;
    } else {
      const lines = sessions.slice(0, 3).map(
        (s) =>
          `${s.kind} ${s.roleArn ? s.roleArn.split('/').pop() : s.principalArn?.split('/').pop()}${s.sessionName ? `/${s.sessionName}` : ''} in ${s.account} (${s.events} events, ${s.accessKeyCount} key${s.accessKeyCount === 1 ? '' : 's'}, last ${shortTime(s.lastSeen)}, from ${s.sourceIps
            .map((x) => x.value)
            .slice(0, 2)
            .join(', ')})`,
      );
      summary = `${q.raw} maps to ${sessions.length} session${sessions.length === 1 ? '' : 's'} (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')})${
        users.length
          ? ` and ${users.length} IAM user${users.length === 1 ? '' : 's'} (${users.map((u) => u.userName).join(', ')})`
          : ''
      } in ${scope}. ${lines.join('; ')}.`;
      if (icUsers.length)
        summary += ` Identity Center user id ${icUsers.map((u) => u.userId).join(', ')} signed in through the portal.`;
      if (weak) summary += ` ${weak} session(s) match only the user-name part — verify they are the same person.`;
      for (const u of users.slice(0, 2)) summary += ` ${credentialsSentence(u)}`;
      if (keys.length)
        summary += ` Pivot keys: ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ` (+${keys.length - 5})` : ''}.`;
    }
    if (sessions.length > MAX_SESSIONS_SHOWN)
      read.warnings.push(`${sessions.length} sessions found; the ${MAX_SESSIONS_SHOWN} most recent are listed.`);
    const next: string[] = [];
    for (const n of sessionNames.slice(0, 2))
      next.push(`What did these sessions do? cloudtrail_search user_name="${n}"`);
    for (const k of keys.slice(0, 2)) next.push(`What did ${k} do? cloudtrail_search access_key_id="${k}"`);
    for (const u of users.slice(0, 1))
      next.push(`What did IAM user ${u.userName} do? cloudtrail_search user_name="${u.userName}"`);
    const data = {
      identity: q.raw,
      window: { start: window.start.toISOString(), end: window.end.toISOString() },
      sessionCount: sessions.length,
      sessions: sessions.slice(0, MAX_SESSIONS_SHOWN).map((s) => ({ ...s, accessKeyIds: s.accessKeyIds.slice(0, 8) })),
      identityCenterUsers: icUsers.slice(0, 10),
      iamUsers: users,
      pivots: { sessionNames, accessKeyIds: keys.slice(0, 20) },
    };
    // Bounded result: drop the least relevant (last) sessions until it fits.
    const shown = data.sessions.length;
    while (data.sessions.length > 1 && JSON.stringify(data).length > RESULT_MAX_BYTES) data.sessions.pop();
    if (data.sessions.length < shown)
      read.warnings.push(
        `Only ${data.sessions.length} of ${sessions.length} sessions are listed, to keep the answer small; narrow with accounts or the window.`,
      );
    if (read.unread.length && !allUnread)
      summary += ` ${read.unread.length} of ${read.attempted} account-region(s) could not be read (${read.unread
        .slice(0, 5)
        .map((u) => `${u.account} ${u.region ?? ''}`.trim())
        .join(', ')}): sessions there are missing, see warnings.`;
    const unread = [...read.unread, ...read.blind];
    return {
      summary,
      data,
      sources: read.notes,
      warnings: read.warnings,
      next: next.length ? next : undefined,
      ...(unread.length ? { unread } : {}),
    };
  },
});
