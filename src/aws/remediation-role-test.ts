/**
 * The remediation half of `trailhound accounts test`: AssumeRole on the account's remediation role
 * with the External ID (a made-up or mistrusting ARN fails here), GetCallerIdentity with its
 * credentials (right account), then iam:SimulatePrincipalPolicy of every action's permissions for that
 * role, called with the read credentials. When the simulation itself is not permitted, the check says
 * so and is marked skipped: the permissions were not verified, which is not the same as passing.
 */
import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AccountCheck } from './account-test';
import type { AwsAccount } from './accounts';
import { assumeForTest } from './assume-for-test';
import type { ambientCredentials } from './clients';
import { explainAwsError } from './errors';

/** One remediation action and the IAM actions it calls (from src/remediation, passed in by the caller). */
export interface ActionPermissions {
  kind: string;
  permissions: string[];
}

type Credentials =
  | { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  | ReturnType<typeof ambientCredentials>;

const DENIED = /AccessDenied|not authorized|UnauthorizedOperation/i;

function code(err: unknown): string {
  const e = err as { name?: string; Code?: string };
  return String(e?.Code ?? e?.name ?? 'Error');
}

/** Decisions per IAM action for the role (paginated with Marker); throws what the SDK throws. */
async function simulate(iam: IAMClient, roleArn: string, actions: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let marker: string | undefined;
  for (let page = 0; page < 20; page++) {
    const r = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: roleArn,
        ActionNames: actions,
        Marker: marker,
        MaxItems: 100,
      }),
    );
    for (const e of r.EvaluationResults ?? []) if (e.EvalActionName) out.set(e.EvalActionName, e.EvalDecision ?? '?');
    if (!r.IsTruncated || !r.Marker) break;
    marker = r.Marker;
  }
  return out;
}

export async function testRemediationRole(
  account: AwsAccount,
  externalId: string,
  actions: ActionPermissions[],
  readCredentials: Credentials,
): Promise<AccountCheck[]> {
  const roleArn = account.remediationRoleArn;
  if (!roleArn) return [];
  const region = account.regions[0] ?? 'us-east-1';
  const ctx = { account: account.name, accountId: account.accountId, roleArn, region };
  const checks: AccountCheck[] = [];

  let creds: Credentials;
  try {
    const assumed = await assumeForTest(roleArn, 'trailhound-remediation-test', externalId, region);
    creds = assumed.credentials;
    checks.push({
      step: 'remediation sts:AssumeRole',
      ok: true,
      detail: `Assumed the remediation role ${assumed.arn} with the External ID (nothing was changed).`,
    });
  } catch (err) {
    const e = explainAwsError(err, { ...ctx, api: 'sts:AssumeRole' });
    checks.push({
      step: 'remediation sts:AssumeRole',
      ok: false,
      kind: e.kind,
      detail: `Could not assume the remediation role ${roleArn}: ${e.message} Approved remediations in ${account.name} would fail. Create it from \`trailhound accounts trust-policy --remediation\`.`,
    });
    return checks;
  }

  const who = new STSClient({ region, credentials: creds, maxAttempts: 3 });
  try {
    const id = await who.send(new GetCallerIdentityCommand({}));
    const ok = id.Account === account.accountId;
    checks.push({
      step: 'remediation sts:GetCallerIdentity',
      ok,
      ...(ok ? {} : { kind: 'wrong-account' }),
      detail: ok
        ? `The remediation role runs as ${id.Arn}.`
        : `The remediation role belongs to account ${id.Account}, not ${account.accountId}: fix --remediation-role-arn.`,
    });
    if (!ok) return checks;
  } catch (err) {
    const e = explainAwsError(err, { ...ctx, api: 'sts:GetCallerIdentity' });
    checks.push({ step: 'remediation sts:GetCallerIdentity', ok: false, kind: e.kind, detail: e.message });
    return checks;
  } finally {
    who.destroy();
  }

  const all = [...new Set(actions.flatMap((a) => a.permissions))].sort();
  const iam = new IAMClient({ region, credentials: readCredentials, maxAttempts: 3 });
  let decisions: Map<string, string>;
  try {
    decisions = await simulate(iam, roleArn, all);
  } catch (err) {
    if (DENIED.test(code(err)) || DENIED.test((err as Error)?.message ?? '')) {
      checks.push({
        step: 'remediation permissions',
        ok: true,
        skipped: true,
        detail: `NOT CHECKED: the read ${account.roleArn ? `role ${account.roleArn}` : 'credentials'} may not call iam:SimulatePrincipalPolicy (${code(err)}), so the remediation role's ${all.length} permissions were not simulated. Grant iam:SimulatePrincipalPolicy on ${roleArn} to the read role, or compare the role's policy with \`trailhound remediation-policy\` by hand.`,
      });
      return checks;
    }
    const e = explainAwsError(err, { ...ctx, api: 'iam:SimulatePrincipalPolicy' });
    checks.push({ step: 'remediation permissions', ok: false, kind: e.kind, detail: e.message });
    return checks;
  } finally {
    iam.destroy();
  }
  for (const a of actions) {
    const missing = a.permissions.filter((p) => decisions.get(p) !== 'allowed');
    checks.push({
      step: `remediation ${a.kind}`,
      ok: missing.length === 0,
      ...(missing.length ? { kind: 'permission-missing' } : {}),
      detail: missing.length
        ? `The remediation role may not call ${missing.map((p) => `${p} (${decisions.get(p) ?? 'not simulated'})`).join(', ')}: ${a.kind} would fail. Add them (\`trailhound remediation-policy\` prints the full policy).`
        : `allowed (simulated ${a.permissions.length} action${a.permissions.length === 1 ? '' : 's'}: ${a.permissions.join(', ')})`,
    });
  }
  return checks;
}
