/** Resolves the accounts and regions a tool call covers; an unknown name is an actionable error. */
import type { AwsAccount } from '../src/aws/accounts';
import type { ToolContext } from './context';
import { ToolError } from './define-tool';

export function selectAccounts(ctx: ToolContext, names?: string[]): AwsAccount[] {
  if (ctx.accounts.length === 0)
    throw new ToolError(
      'No AWS account is configured. Add one with `trailhound accounts add NAME --account-id ID --regions us-east-1 [--role-arn ARN]`, or run with --evidence DIR.',
    );
  if (!names?.length) return ctx.accounts;
  const byName = new Map(ctx.accounts.map((a) => [a.name, a]));
  const byId = new Map(ctx.accounts.map((a) => [a.accountId, a]));
  return names.map((n) => {
    const a = byName.get(n) ?? byId.get(n);
    if (!a)
      throw new ToolError(
        `Unknown account "${n}". Configured: ${ctx.accounts.map((x) => `${x.name} (${x.accountId})`).join(', ')}.`,
      );
    return a;
  });
}

export function selectRegions(account: AwsAccount, regions?: string[]): { regions: string[]; skipped: string[] } {
  if (!regions?.length) return { regions: account.regions, skipped: [] };
  const allowed = new Set(account.regions);
  return { regions: regions.filter((r) => allowed.has(r)), skipped: regions.filter((r) => !allowed.has(r)) };
}
