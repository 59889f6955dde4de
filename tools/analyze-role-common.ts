/** Shared by analyze_role and analyze_roles: reading each account's IAM snapshot (memoised per context). */
import type { AwsAccount } from '../src/aws/accounts';
import { type IamSnapshot, snapshotHas } from '../src/iam/snapshot';
import type { ToolContext } from './context';
import { ToolError, type SourceNote, type UnreadSource } from './define-tool';

export interface LoadedSnapshot {
  account: AwsAccount;
  snapshot: IamSnapshot;
}

export async function loadSnapshots(
  ctx: ToolContext,
  accounts: AwsAccount[],
): Promise<{ loaded: LoadedSnapshot[]; sources: SourceNote[]; warnings: string[]; unread: UnreadSource[] }> {
  const loaded: LoadedSnapshot[] = [];
  const sources: SourceNote[] = [];
  const warnings: string[] = [];
  const unread: UnreadSource[] = [];
  for (const account of accounts) {
    ctx.progress(`Reading IAM of ${account.name}…`);
    const snapshot = await ctx.sources.iam(account).snapshot({ signal: ctx.signal, progress: ctx.progress });
    sources.push(
      snapshot.origin === 'live'
        ? {
            account: account.name,
            api: 'iam:GetAccountAuthorizationDetails + credential report, summary, providers',
            calls: snapshot.apiCalls,
            detail: `IAM snapshot of ${snapshot.collectedAt}`,
          }
        : { account: account.name, api: 'evidence iam/', detail: `IAM snapshot collected ${snapshot.collectedAt}` },
    );
    if (!snapshotHas(snapshot, 'authorizationDetails')) {
      const w = snapshot.warnings.find((x) => x.part === 'authorizationDetails');
      const reason = w?.message ?? 'IAM authorization details could not be read.';
      warnings.push(`${account.name}: ${reason}`);
      unread.push({ account: account.name, api: 'iam:GetAccountAuthorizationDetails', reason });
      continue;
    }
    for (const w of snapshot.warnings)
      if (w.part === 'authorizationDetails' || w.part === 'oidcProviders')
        warnings.push(`${account.name}: ${w.message}`);
    loaded.push({ account, snapshot });
  }
  if (loaded.length === 0)
    throw new ToolError(
      `No IAM data could be read for ${accounts.map((a) => a.name).join(', ')}. ${warnings.join(' ')}`,
    );
  return { loaded, sources, warnings, unread };
}

/** Caps a list for the model, saying how many were left out. */
export function capped<T>(xs: T[], n: number): { items: T[]; more: number } {
  return { items: xs.slice(0, n), more: Math.max(0, xs.length - n) };
}
