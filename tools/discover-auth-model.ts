import { z } from 'zod';
import type { AwsAccount } from '../src/aws/accounts';
import { describeWindow, resolveWindow, type TimeWindow, WindowError } from '../src/cloudtrail/time-window';
import type { IamSnapshot } from '../src/iam/snapshot';
import { AuthActivity, type AuthConfig, authConfig, conclude, roleHints } from '../src/identity/auth-model';
import type { ToolContext } from './context';
import { selectAccounts } from './select';
import { AwsReadError } from '../src/aws/errors';
import { LOOKUP_RETENTION_DAYS } from '../src/cloudtrail/source';
import { windowFields } from './window-input';
import { defineTool, type ToolResult, ToolError, type SourceNote, type UnreadSource } from './define-tool';

export const DEFAULT_LIVE_SAMPLE = 3_000;
/** The data part of the result stays under this size (JSON bytes), beyond the first account. */
export const RESULT_MAX_BYTES = 14_000;

const input = z.object({
  accounts: z.array(z.string()).max(20).optional().describe('Account names or ids; default every configured account.'),
  ...windowFields({
    last: 'Activity window ending now, e.g. "7d", "30d" (default "7d"). Ignored when start_time is given.',
  }),
  live_sample_per_region: z
    .number()
    .int()
    .min(100)
    .max(50_000)
    .optional()
    .describe(
      `Live only: read at most this many of the most recent events per region for the activity shares (default ${DEFAULT_LIVE_SAMPLE}; ~1 API call per 50 events).`,
    ),
});

type Input = z.output<typeof input>;

interface AccountModel {
  account: string;
  accountId: string;
  conclusion: string[];
  config: AuthConfig | null;
  activity: ReturnType<AuthActivity['summary']> & { sampled: boolean; regions: string[] };
}

async function readActivity(
  ctx: ToolContext,
  account: AwsAccount,
  window: TimeWindow,
  act: AuthActivity,
  sample: number,
  notes: SourceNote[],
  warnings: string[],
  unread: UnreadSource[],
) {
  const source = ctx.sources.trail(account);
  const seen = new Set<string>();
  const feed = (id: string, add: () => void) => {
    if (seen.has(id)) return;
    if (seen.size < 1_000_000) seen.add(id);
    add();
  };
  if (source.kind === 'evidence') {
    let n = 0;
    const wanted = new Set(account.regions);
    for await (const r of source.events('*', { start: window.start, end: window.end }, { signal: ctx.signal })) {
      if (wanted.size && !wanted.has(r.awsRegion)) continue;
      n++;
      feed(r.eventID, () => act.add(r));
    }
    notes.push({
      account: account.name,
      api: 'evidence:cloudtrail',
      detail: `${n.toLocaleString('en-US')} events read`,
    });
    return false;
  }
  let sampled = false;
  await Promise.all(
    account.regions.map(async (region) => {
      let calls = 0;
      let n = 0;
      // onPage fires after a page's events are consumed: a page left early is counted here.
      let unreported = 0;
      try {
        for await (const r of source.events(
          region,
          { start: window.start, end: window.end },
          { signal: ctx.signal, onPage: () => ((calls += 1), (unreported = 0)) },
        )) {
          feed(r.eventID, () => act.add(r));
          unreported++;
          if (++n >= sample) {
            sampled = true;
            if (unreported) calls++;
            break;
          }
        }
        // Sign-ins are rare among API calls: fetch them directly so a sample does not miss them.
        let logins = 0;
        unreported = 0;
        for await (const r of source.events(
          region,
          { start: window.start, end: window.end, lookup: { key: 'EventName', value: 'ConsoleLogin' } },
          { signal: ctx.signal, onPage: () => ((calls += 1), (unreported = 0)) },
        )) {
          feed(r.eventID, () => act.add(r));
          unreported++;
          if (++logins >= 1000) {
            if (unreported) calls++;
            break;
          }
        }
      } catch (err) {
        if (!(err instanceof AwsReadError)) throw err;
        warnings.push(`${account.name} ${region}: ${err.message}`);
        unread.push({ account: account.name, region, api: 'cloudtrail:LookupEvents', reason: err.message });
      }
      notes.push({
        account: account.name,
        region,
        api: 'cloudtrail:LookupEvents',
        calls,
        detail: `${n.toLocaleString('en-US')} events read${n >= sample ? ` (the most recent ${sample}: a sample)` : ''} + ConsoleLogin lookup`,
      });
      ctx.progress(`Auth model: ${account.name} ${region} read`);
    }),
  );
  return sampled;
}

export default defineTool({
  name: 'discover_auth_model',
  title: 'How people sign in to an account',
  description: `Explain how people and machines authenticate to an AWS account: IAM Identity Center (AWSReservedSSO_* roles, portal sign-ins), SAML and OIDC identity providers and the roles that trust them (e.g. GitHub Actions via OIDC — and whether each role restricts the token subject), cross-account role trusts, IAM users with console passwords / MFA / active access keys (credential report), root usage; plus the share of console vs API activity by identity type over the window, and a plain-language conclusion ("humans use Identity Center; 3 IAM users still have passwords: …").
Use for "how do people log in to this account?", "who uses IAM users?", "is our CI federated?".
Cost: the IAM snapshot (live: GetAccountAuthorizationDetails pages + ~6 IAM calls, memoised) and CloudTrail: evidence folders are read in full; live reads at most live_sample_per_region recent events per region (LookupEvents, 2 requests/s per region) plus a ConsoleLogin lookup — shares are then from that sample and say so. Default window 7 days.`,
  input,
  async run(ctx, args: Input): Promise<ToolResult> {
    let window: TimeWindow;
    try {
      window = resolveWindow(args, ctx.now(), {
        defaultLast: '7d',
        maxDays: ctx.mode === 'live' ? LOOKUP_RETENTION_DAYS : undefined,
      });
    } catch (err) {
      if (err instanceof WindowError) throw new ToolError(err.message);
      throw err;
    }
    const accounts = selectAccounts(ctx, args.accounts);
    const notes: SourceNote[] = [];
    const warnings: string[] = [];
    const unread: UnreadSource[] = [];
    const models: AccountModel[] = await Promise.all(
      accounts.map(async (account) => {
        let snap: IamSnapshot | null = null;
        try {
          snap = await ctx.sources.iam(account).snapshot({ signal: ctx.signal, progress: ctx.progress });
          notes.push({
            account: account.name,
            api: ctx.mode === 'live' ? 'iam:snapshot' : 'evidence:iam',
            calls: snap.apiCalls || undefined,
          });
          for (const w of snap.warnings) warnings.push(`${account.name}: ${w.message}`);
        } catch (err) {
          warnings.push(
            `${account.name}: the IAM snapshot could not be read (${(err as Error).message}); the model below uses CloudTrail only.`,
          );
          unread.push({ account: account.name, api: 'iam:snapshot', reason: (err as Error).message });
        }
        const act = new AuthActivity(account.accountId, roleHints(snap));
        const sampled = await readActivity(
          ctx,
          account,
          window,
          act,
          args.live_sample_per_region ?? DEFAULT_LIVE_SAMPLE,
          notes,
          warnings,
          unread,
        );
        const cfg = snap ? authConfig(snap) : null;
        const activity = act.summary();
        if (sampled)
          warnings.push(
            `${account.name}: activity shares come from the most recent events only (a sample); raise live_sample_per_region or use an evidence folder for the full window.`,
          );
        return {
          account: account.name,
          accountId: account.accountId,
          conclusion: conclude(cfg, activity),
          config: cfg,
          activity: { ...activity, sampled, regions: account.regions },
        };
      }),
    );
    const summary =
      models.length === 1
        ? `${models[0]!.account} (${models[0]!.accountId}), ${describeWindow(window)}: ${models[0]!.conclusion.slice(0, 6).join(' ')}`
        : models.map((m) => `${m.account}: ${m.conclusion.slice(0, 3).join(' ')}`).join('\n');
    const next: string[] = [];
    const m0 = models[0];
    const pw = m0?.config?.iamUsers?.passwordWithoutMfa[0];
    if (pw) next.push(`What did ${pw} do recently? cloudtrail_search user_name="${pw}"`);
    const keyUser = m0?.config?.iamUsers?.withActiveKeys[0]?.name;
    if (keyUser) next.push(`What did IAM user ${keyUser} do? cloudtrail_search user_name="${keyUser}"`);
    const open = m0?.config?.oidcProviders.flatMap((p) => p.roles.filter((r) => !r.subjectRestricted))[0];
    if (open) next.push(`Who assumed ${open.name}? cloudtrail_search event_names=["AssumeRoleWithWebIdentity"]`);
    const data = {
      window: { start: window.start.toISOString(), end: window.end.toISOString() },
      accounts: models as (AccountModel | Pick<AccountModel, 'account' | 'accountId' | 'conclusion'>)[],
    };
    // Bounded result: past the budget, later accounts keep only their conclusion.
    for (let i = data.accounts.length - 1; i >= 1 && JSON.stringify(data).length > RESULT_MAX_BYTES; i--) {
      const m = data.accounts[i]!;
      data.accounts[i] = { account: m.account, accountId: m.accountId, conclusion: m.conclusion };
    }
    if (JSON.stringify(data).length > RESULT_MAX_BYTES)
      warnings.push('Details were trimmed to keep the answer small; ask about one account for its full model.');
    return {
      summary,
      data,
      sources: notes,
      warnings,
      next: next.length ? next : undefined,
      ...(unread.length ? { unread } : {}),
    };
  },
});
