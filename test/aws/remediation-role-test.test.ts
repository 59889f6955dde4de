/**
 * `accounts test` on an account with a remediation role, at the HTTP level with STS/IAM's real
 * query-protocol XML: the role is assumed with the External ID (a made-up ARN fails), its account is
 * checked, and each action's permissions are simulated with iam:SimulatePrincipalPolicy called by the
 * read role; when the simulation is not permitted the check says so (skipped, never "passed").
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testAccount as runAccountTest } from '../../src/aws/account-test';
import { resetAwsClients } from '../../src/aws/clients';
import { cliEnvironment, runCli } from '../helpers/cli';
import { testAccount } from '../helpers/context';
import { queryForm, wire } from '../helpers/fixtures';

const READ = 'arn:aws:iam::222222222222:role/TrailhoundReadOnly';
const REMEDIATION = 'arn:aws:iam::222222222222:role/TrailhoundRemediation';
const EXTERNAL_ID = '8b1f6a52-4b5c-4d0e-9a39-0f5d2c7e1a11';
const READ_KEY = 'ASIAIOSFODNN7EXAMPLE';
const REM_KEY = 'ASIAREMEDIATE7EXAMPL';
const xml = { 'Content-Type': 'text/xml' };
const ACTIONS = [
  { kind: 'delete_access_key', permissions: ['iam:ListAccessKeys', 'iam:DeleteAccessKey'] },
  { kind: 'block_ip_in_waf', permissions: ['wafv2:GetIPSet', 'wafv2:GetWebACL', 'wafv2:UpdateIPSet'] },
];

const identity = (role: string) =>
  wire('sts/get-caller-identity.xml')
    .replace(
      'arn:aws:iam::111111111111:user/trailhound',
      `arn:aws:sts::222222222222:assumed-role/${role}/trailhound-test`,
    )
    .replace('<Account>111111111111</Account>', '<Account>222222222222</Account>');

/** One SimulatePrincipalPolicy response for the asked actions, in the fixture's member shape. */
function simulation(asked: string[], denied: Set<string>): string {
  const doc = wire('iam/simulate-principal-policy.xml');
  const allowed = /<member>\s*<MatchedStatements>\s*<member>[\s\S]*?<\/EvalActionName>\s*<\/member>/.exec(doc)![0];
  const deny = /<member>\s*<MatchedStatements\/>[\s\S]*?<\/EvalActionName>\s*<\/member>/.exec(doc)![0];
  const members = asked.map((a) =>
    (denied.has(a) ? deny : allowed).replace(
      /<EvalActionName>[^<]*<\/EvalActionName>/,
      `<EvalActionName>${a}</EvalActionName>`,
    ),
  );
  return doc.replace(
    /<EvaluationResults>[\s\S]*<\/EvaluationResults>/,
    `<EvaluationResults>${members.join('')}</EvaluationResults>`,
  );
}

interface Seen {
  assumed: Record<string, string>[];
  simulate: { form: Record<string, string>; key: string }[];
  identityKeys: string[];
}

function fakeAws(o: { remediationAssume: 'ok' | 'denied'; simulate: 'ok' | 'denied'; denied?: string[] }): Seen {
  const seen: Seen = { assumed: [], simulate: [], identityKeys: [] };
  nock('https://sts.us-east-1.amazonaws.com')
    .persist()
    .post('/')
    .reply(function (_u, body) {
      const f = queryForm(body);
      const key = /Credential=([A-Z0-9]+)\//.exec(String(this.req.headers.authorization))?.[1] ?? '';
      if (f.Action === 'AssumeRole') {
        seen.assumed.push(f);
        // A role that does not exist (or does not trust us) gets STS's AccessDenied, like any made-up ARN.
        if (
          (f.RoleArn === REMEDIATION && o.remediationAssume === 'denied') ||
          ![READ, REMEDIATION].includes(f.RoleArn!)
        )
          return [403, wire('sts/assume-role-access-denied.xml').replace(READ, f.RoleArn!), xml];
        const b = wire('sts/assume-role.xml');
        return [200, f.RoleArn === REMEDIATION ? b.replace(READ_KEY, REM_KEY) : b, xml];
      }
      seen.identityKeys.push(key);
      return [200, identity(key === REM_KEY ? 'TrailhoundRemediation' : 'TrailhoundReadOnly'), xml];
    });
  nock('https://iam.amazonaws.com')
    .persist()
    .post('/')
    .reply(function (_u, body) {
      const f = queryForm(body);
      const key = /Credential=([A-Z0-9]+)\//.exec(String(this.req.headers.authorization))?.[1] ?? '';
      if (f.Action === 'GetAccountSummary') return [200, wire('iam/get-account-summary.xml'), xml];
      seen.simulate.push({ form: f, key });
      if (o.simulate === 'denied') return [403, wire('iam/error-access-denied.xml'), xml];
      const asked = Object.entries(f)
        .filter(([k]) => k.startsWith('ActionNames.member.'))
        .map(([, v]) => v);
      return [200, simulation(asked, new Set(o.denied ?? [])), xml];
    });
  return seen;
}

const account = (remediationRoleArn: string | null = REMEDIATION) =>
  testAccount({ name: 'prod', accountId: '222222222222', roleArn: READ, regions: ['us-east-1'], remediationRoleArn });

describe('accounts test: the remediation role', () => {
  beforeEach(() => resetAwsClients());
  afterEach(() => nock.cleanAll());

  it('a made-up remediation role ARN fails the test (AssumeRole AccessDenied), with how to create the role', async () => {
    const madeUp = 'arn:aws:iam::222222222222:role/NoSuchRole';
    const seen = fakeAws({ remediationAssume: 'ok', simulate: 'ok' });
    const r = await runAccountTest(account(madeUp), EXTERNAL_ID, { remediationActions: ACTIONS });
    expect(r.ok).toBe(false);
    const c = r.checks.find((x) => x.step === 'remediation sts:AssumeRole')!;
    expect(c.ok).toBe(false);
    expect(c.kind).toBe('assume-role-denied');
    expect(c.detail).toContain(madeUp);
    expect(c.detail).toMatch(/trust-policy --remediation/);
    // The read checks still passed; nothing after the failed AssumeRole ran.
    expect(r.checks.find((x) => x.step === 'sts:AssumeRole')!.ok).toBe(true);
    expect(r.checks.some((x) => x.step.startsWith('remediation ') && x.step !== 'remediation sts:AssumeRole')).toBe(
      false,
    );
    expect(seen.assumed.map((f) => [f.RoleArn, f.ExternalId])).toEqual([
      [READ, EXTERNAL_ID],
      [madeUp, EXTERNAL_ID],
    ]);
    expect(seen.simulate).toEqual([]);
  });

  it('assumes it with the External ID, checks its account, and simulates each action: a missing permission fails that action', async () => {
    const seen = fakeAws({ remediationAssume: 'ok', simulate: 'ok', denied: ['wafv2:GetWebACL'] });
    const r = await runAccountTest(account(), EXTERNAL_ID, { remediationActions: ACTIONS });
    const rem = seen.assumed.find((f) => f.RoleArn === REMEDIATION)!;
    expect(rem).toMatchObject({ ExternalId: EXTERNAL_ID, RoleSessionName: 'trailhound-remediation-test' });
    expect(seen.identityKeys).toContain(REM_KEY);
    expect(seen.simulate).toHaveLength(1);
    const sim = seen.simulate[0]!;
    expect(sim.key).toBe(READ_KEY);
    expect(sim.form.PolicySourceArn).toBe(REMEDIATION);
    expect(
      Object.entries(sim.form)
        .filter(([k]) => k.startsWith('ActionNames.member.'))
        .map(([, v]) => v)
        .sort(),
    ).toEqual(['iam:DeleteAccessKey', 'iam:ListAccessKeys', 'wafv2:GetIPSet', 'wafv2:GetWebACL', 'wafv2:UpdateIPSet']);
    const by = Object.fromEntries(r.checks.map((c) => [c.step, c]));
    expect(by['remediation sts:AssumeRole']!.ok).toBe(true);
    expect(by['remediation sts:GetCallerIdentity']!.detail).toMatch(/assumed-role\/TrailhoundRemediation/);
    expect(by['remediation delete_access_key']!).toMatchObject({ ok: true });
    expect(by['remediation block_ip_in_waf']!).toMatchObject({ ok: false, kind: 'permission-missing' });
    expect(by['remediation block_ip_in_waf']!.detail).toMatch(/may not call wafv2:GetWebACL \(implicitDeny\)/);
    expect(r.ok).toBe(false);

    // All allowed → the account passes.
    nock.cleanAll();
    resetAwsClients();
    fakeAws({ remediationAssume: 'ok', simulate: 'ok' });
    const ok = await runAccountTest(account(), EXTERNAL_ID, { remediationActions: ACTIONS });
    expect(ok.ok).toBe(true);
  });

  it('when the read role may not simulate, the check says NOT CHECKED (skipped), not passed', async () => {
    fakeAws({ remediationAssume: 'ok', simulate: 'denied' });
    const r = await runAccountTest(account(), EXTERNAL_ID, { remediationActions: ACTIONS });
    const c = r.checks.find((x) => x.step === 'remediation permissions')!;
    expect(c.skipped).toBe(true);
    expect(c.detail).toMatch(/^NOT CHECKED: .*may not call iam:SimulatePrincipalPolicy \(AccessDenied\)/);
    expect(r.checks.some((x) => x.step === 'remediation block_ip_in_waf')).toBe(false);
    expect(r.ok).toBe(true);
  });

  it('an account without a remediation role runs no remediation checks', async () => {
    const seen = fakeAws({ remediationAssume: 'ok', simulate: 'ok' });
    const r = await runAccountTest(account(null), EXTERNAL_ID, { remediationActions: ACTIONS });
    expect(r.checks.some((c) => c.step.startsWith('remediation'))).toBe(false);
    expect(seen.assumed.map((f) => f.RoleArn)).toEqual([READ]);
  });
});

describe('the CLI: accounts test and accounts trust-policy --remediation', () => {
  let env: ReturnType<typeof cliEnvironment>;
  beforeAll(() => {
    env = cliEnvironment('th-remrole-', { TRAILHOUND_PRINCIPAL_ARN: 'arn:aws:iam::111111111111:role/trailhound' });
  });
  /** `accounts add` of one us-east-1 account, with any extra options (a remediation role). */
  const addAccount = (name: string, id: string, roleArn: string, ...extra: string[]) =>
    runCli('accounts', 'add', name, '--account-id', id, '--role-arn', roleArn, '--regions', 'us-east-1', ...extra);
  afterAll(() => env.restore());
  beforeEach(() => resetAwsClients());
  afterEach(() => nock.cleanAll());

  it('a made-up --remediation-role-arn makes `accounts test` fail (exit 1) and say why', async () => {
    const madeUp = 'arn:aws:iam::222222222222:role/MadeUpRemediation';
    expect((await addAccount('prod', '222222222222', READ, '--remediation-role-arn', madeUp)).code).toBe(0);
    fakeAws({ remediationAssume: 'ok', simulate: 'ok' });
    const r = await runCli('accounts', 'test', 'prod');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✓ sts:AssumeRole/);
    expect(r.stdout).toMatch(
      /✗ remediation sts:AssumeRole: Could not assume the remediation role arn:aws:iam::222222222222:role\/MadeUpRemediation/,
    );

    // The real role: every action simulated, exit 0.
    await addAccount('prod', '222222222222', READ, '--remediation-role-arn', REMEDIATION);
    nock.cleanAll();
    resetAwsClients();
    fakeAws({ remediationAssume: 'ok', simulate: 'ok' });
    const ok = await runCli('accounts', 'test', 'prod', '--json');
    expect(ok.code).toBe(0);
    const steps = (JSON.parse(ok.stdout) as { checks: { step: string; ok: boolean }[] }).checks.map((c) => c.step);
    expect(steps).toEqual(expect.arrayContaining(['remediation delete_access_key', 'remediation block_ip_in_waf']));
  });

  it('`accounts test --all` prints a table, one row per account with its failing step, then the causes', async () => {
    const denied = 'arn:aws:iam::333333333333:role/TrailhoundReadOnly';
    await addAccount('prod', '222222222222', READ);
    const added = await addAccount('staging', '333333333333', denied);
    expect(added.code).toBe(0);
    fakeAws({ remediationAssume: 'ok', simulate: 'ok' });
    const r = await runCli('accounts', 'test', '--all');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^ACCOUNT\s+RESULT\s+FAILED STEP\s+DETAIL$/);
    expect(lines[1]).toMatch(/^-+( +-+)+$/);
    expect(lines).toContainEqual(expect.stringMatching(/^prod\s+✓ ok\s+—\s+\d+ check\(s\) passed/));
    expect(lines).toContainEqual(expect.stringMatching(/^staging\s+✗ failed\s+sts:AssumeRole\s+\S/));
    expect(r.stdout).toMatch(/^1\/2 accounts OK\.$/m);
    expect(r.stdout).toMatch(/✗ sts:AssumeRole — \S+: 1 account\(s\): staging/);
    // --json is unchanged: the totals, the causes and every result.
    nock.cleanAll();
    resetAwsClients();
    fakeAws({ remediationAssume: 'ok', simulate: 'ok' });
    const json = JSON.parse((await runCli('accounts', 'test', '--all', '--json')).stdout);
    expect(json).toMatchObject({ tested: 2, passed: 1, skippedSuspended: [] });
    expect(Object.keys(json).sort()).toEqual(['causes', 'passed', 'results', 'skippedSuspended', 'tested']);
  });

  it('`accounts trust-policy --remediation` prints the remediation trust policy, its permissions and CloudFormation', async () => {
    const r = await runCli('accounts', 'trust-policy', '--remediation', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.role).toBe('remediation');
    expect(out.trustPolicy.Statement[0]).toMatchObject({
      Sid: 'TrailhoundRemediation',
      Principal: { AWS: 'arn:aws:iam::111111111111:role/trailhound' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': out.externalId } },
    });
    const role = out.cloudFormation.Resources.TrailhoundRemediationRole.Properties;
    expect(role.RoleName).toBe('TrailhoundRemediation');
    expect(role.Policies[0].PolicyDocument).toEqual(out.permissionsPolicy);
    expect(out.permissionsPolicy.Statement[0].Action).toEqual(
      expect.arrayContaining(['iam:DeleteAccessKey', 'wafv2:GetWebACL', 'wafv2:UpdateIPSet', 'ec2:TerminateInstances']),
    );
    expect(out.cli.join('\n')).toMatch(
      /aws iam put-role-policy --role-name TrailhoundRemediation --policy-name TrailhoundRemediation/,
    );
    const text = await runCli('accounts', 'trust-policy', '--remediation', '--format', 'cloudformation');
    expect(text.stdout).toContain('"TrailhoundRemediationRole"');
    expect((await runCli('accounts', 'trust-policy', '--format', 'yaml')).code).toBe(2);
  });
});
