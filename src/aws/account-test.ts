/**
 * `trailhound accounts test`: proves an account is usable — AssumeRole with the External ID, then
 * iam:GetAccountSummary, then an STS call in each configured region (opt-in regions that are not
 * enabled fail there) — and turns each failure into a diagnosis that says what to fix. With a
 * remediation role and the actions' permissions, also tests that role (remediation-role-test.ts).
 */
import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsAccount } from './accounts';
import { assumeForTest } from './assume-for-test';
import { ambientCredentials } from './clients';
import { explainAwsError } from './errors';
import { type ActionPermissions, testRemediationRole } from './remediation-role-test';

export interface AccountCheck {
  step: string;
  ok: boolean;
  detail: string;
  /** On a failed check: the kind of AWS error (assume-role-denied, access-denied, region-disabled…). */
  kind?: string;
  /** The check could not be made (e.g. simulation not permitted): not a pass, not a failure. */
  skipped?: boolean;
}

export interface AccountTestResult {
  account: string;
  ok: boolean;
  checks: AccountCheck[];
}

function explained(err: unknown, ctx: Parameters<typeof explainAwsError>[1]): { detail: string; kind: string } {
  const e = explainAwsError(err, ctx);
  return { detail: e.message, kind: e.kind };
}

export async function testAccount(
  account: AwsAccount,
  externalId: string,
  opts: { remediationActions?: ActionPermissions[] } = {},
): Promise<AccountTestResult> {
  const checks: AccountCheck[] = [];
  const homeRegion = account.regions[0] ?? 'us-east-1';
  const ctx = { account: account.name, accountId: account.accountId, roleArn: account.roleArn };
  let credentials:
    | { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
    | ReturnType<typeof ambientCredentials> = ambientCredentials();

  if (account.roleArn) {
    try {
      const assumed = await assumeForTest(account.roleArn, 'trailhound-test', externalId, homeRegion);
      credentials = assumed.credentials;
      checks.push({ step: 'sts:AssumeRole', ok: true, detail: `Assumed ${assumed.arn} with the External ID.` });
    } catch (err) {
      checks.push({
        step: 'sts:AssumeRole',
        ok: false,
        ...explained(err, { ...ctx, api: 'sts:AssumeRole', region: homeRegion }),
      });
      return { account: account.name, ok: false, checks };
    }
  }

  const sts = new STSClient({ region: homeRegion, credentials, maxAttempts: 3 });
  try {
    const who = await sts.send(new GetCallerIdentityCommand({}));
    const ok = who.Account === account.accountId;
    checks.push({
      step: 'sts:GetCallerIdentity',
      ok,
      ...(ok ? {} : { kind: 'wrong-account' }),
      detail: ok
        ? `Calling as ${who.Arn}.`
        : `The credentials belong to account ${who.Account}, not ${account.accountId}: fix the account id or the role ARN (or AWS_PROFILE for ambient credentials).`,
    });
    if (!ok) return { account: account.name, ok: false, checks };
  } catch (err) {
    checks.push({
      step: 'sts:GetCallerIdentity',
      ok: false,
      ...explained(err, { ...ctx, api: 'sts:GetCallerIdentity', region: homeRegion }),
    });
    return { account: account.name, ok: false, checks };
  } finally {
    sts.destroy();
  }

  const iam = new IAMClient({ region: homeRegion, credentials, maxAttempts: 3 });
  try {
    const s = await iam.send(new GetAccountSummaryCommand({}));
    const m = s.SummaryMap ?? {};
    checks.push({
      step: 'iam:GetAccountSummary',
      ok: true,
      detail: `IAM readable: ${m.Users ?? 0} users, ${m.Roles ?? 0} roles, ${m.Policies ?? 0} customer policies, root MFA ${m.AccountMFAEnabled ? 'on' : 'OFF'}.`,
    });
  } catch (err) {
    checks.push({
      step: 'iam:GetAccountSummary',
      ok: false,
      ...explained(err, { ...ctx, api: 'iam:GetAccountSummary', region: homeRegion }),
    });
  } finally {
    iam.destroy();
  }

  await Promise.all(
    account.regions.map(async (region) => {
      const regional = new STSClient({ region, credentials, maxAttempts: 2 });
      try {
        await regional.send(new GetCallerIdentityCommand({}));
        checks.push({ step: `region ${region}`, ok: true, detail: 'reachable and enabled' });
      } catch (err) {
        checks.push({
          step: `region ${region}`,
          ok: false,
          ...explained(err, { ...ctx, api: 'sts:GetCallerIdentity', region }),
        });
      } finally {
        regional.destroy();
      }
    }),
  );
  checks.sort((a, b) => (a.step.startsWith('region') ? 1 : 0) - (b.step.startsWith('region') ? 1 : 0) || 0);
  if (account.remediationRoleArn)
    checks.push(...(await testRemediationRole(account, externalId, opts.remediationActions ?? [], credentials)));
  return { account: account.name, ok: checks.every((c) => c.ok), checks };
}
