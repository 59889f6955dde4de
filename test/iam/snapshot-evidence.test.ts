import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotHas } from '../../src/iam/snapshot';
import { evidenceAccount } from '../../src/sources/evidence/account';
import { loadEvidenceIamSnapshot } from '../../src/sources/evidence/iam';
import { evidenceContext } from '../helpers/context';

const DEMO = join(import.meta.dirname, '../../evidence/demo');

describe('IAM snapshot from an evidence folder', () => {
  it('reads evidence/demo completely: principals, decoded policies, report, providers', () => {
    const s = loadEvidenceIamSnapshot(DEMO, evidenceAccount(DEMO));
    expect(s.warnings).toEqual([]);
    expect(s.accountId).toBe('123456789012');
    expect(s.collectedAt).toBe('2026-11-23T09:00:00.000Z');
    expect(s.users.map((u) => u.name)).toContain('ci-legacy');
    const ci = s.users.find((u) => u.name === 'ci-legacy')!;
    expect(ci.inlinePolicies[0]!.document.Statement[0]!.Action).toBe('iam:*');
    const dpr = s.roles.find((r) => r.name === 'DataPipelineRole')!;
    expect(dpr.permissionsBoundaryArn).toBe('arn:aws:iam::123456789012:policy/DeveloperBoundary');
    const open = s.roles.find((r) => r.name === 'OpenRole')!;
    expect(open.trustPolicy.Statement[0]!.Principal).toEqual({ AWS: '*' });
    expect(open.lastUsed).toEqual({ date: null, region: null });
    const admin = s.policies.find((p) => p.name === 'AdministratorAccess')!;
    expect(admin.awsManaged).toBe(true);
    expect(admin.document.Statement).toEqual([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    const root = s.credentialReport!.rows.find((r) => r.isRoot)!;
    expect(root.passwordEnabled).toBeNull();
    expect(root.mfaActive).toBe(true);
    const backup = s.credentialReport!.rows.find((r) => r.user === 'backup-admin')!;
    expect(backup.accessKeys[0]).toMatchObject({ active: true, lastUsedService: 's3', lastUsedRegion: 'us-east-1' });
    expect(s.oidcProviders).toEqual([
      expect.objectContaining({ url: 'token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] }),
    ]);
    expect(s.accountSummary!.AccountMFAEnabled).toBe(1);
    expect(s.passwordPolicy!.minimumPasswordLength).toBe(8);
    expect(s.virtualMfaDevices.filter((d) => d.userArn === null)).toHaveLength(1);
  });

  it('names what could not be checked when files are missing, and accepts a list of GAAD pages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'th-iam-'));
    try {
      cpSync(join(DEMO, 'account.json'), join(dir, 'account.json'));
      const page = {
        UserDetailList: [
          {
            UserName: 'u1',
            UserId: 'AIDA1',
            Arn: 'arn:aws:iam::123456789012:user/u1',
            GroupList: [],
            UserPolicyList: [
              // URL-encoded, as the Query API returns it
              {
                PolicyName: 'p',
                PolicyDocument: encodeURIComponent(
                  JSON.stringify({
                    Version: '2012-10-17',
                    Statement: { Effect: 'Deny', Action: 's3:*', Resource: '*' },
                  }),
                ),
              },
            ],
          },
        ],
      };
      const page2 = {
        RoleDetailList: [
          {
            RoleName: 'r1',
            RoleId: 'AROA1',
            Arn: 'arn:aws:iam::123456789012:role/r1',
            AssumeRolePolicyDocument: '%7B%22Statement%22%3A%5B%5D%7D',
          },
        ],
      };
      mkdirSync(join(dir, 'iam'));
      writeFileSync(join(dir, 'iam/authorization-details.json'), JSON.stringify([page, page2]));
      const s = loadEvidenceIamSnapshot(dir, evidenceAccount(dir));
      expect(s.users[0]!.inlinePolicies[0]!.document.Statement).toEqual([
        { Effect: 'Deny', Action: 's3:*', Resource: '*' },
      ]);
      expect(s.roles.map((r) => r.name)).toEqual(['r1']);
      expect(snapshotHas(s, 'authorizationDetails')).toBe(true);
      expect(snapshotHas(s, 'credentialReport')).toBe(false);
      const w = s.warnings.find((x) => x.part === 'credentialReport')!;
      expect(w.message).toMatch(/credential-report\.csv is not in the evidence folder.*MFA/);
      expect(s.warnings.map((x) => x.part).sort()).toEqual([
        'accountSummary',
        'credentialReport',
        'oidcProviders',
        'passwordPolicy',
        'samlProviders',
        'virtualMfaDevices',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is one snapshot per account per context', async () => {
    const ctx = await evidenceContext(DEMO);
    const a = ctx.accounts[0]!;
    expect(ctx.sources.iam(a)).toBe(ctx.sources.iam(a));
    expect(await ctx.sources.iam(a).snapshot()).toBe(await ctx.sources.iam(a).snapshot());
  });
});
