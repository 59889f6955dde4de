import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeTool } from '../../src/runtime/execute-tool';
import { evidenceContext } from '../helpers/context';
import analyzeRole from '../../tools/analyze-role';
import type { ToolDefinition } from '../../tools/define-tool';
import analyzeRoles from '../../tools/analyze-roles';

const DEMO = join(import.meta.dirname, '../../evidence/demo');

async function run(tool: ToolDefinition, input: Record<string, unknown>) {
  const ctx = await evidenceContext(DEMO);
  const out = await executeTool(ctx, tool, input);
  if (!out.ok) throw new Error(out.error);
  return out.result as { summary: string; data: any; warnings: string[]; sources: any[] };
}

describe('analyze_role on evidence/demo', () => {
  it('AdminRole is FullAdmin, critical, with a concrete AdministratorAccess recommendation and SCPs stated', async () => {
    const r = await run(analyzeRole, { name: 'AdminRole' });
    expect(r.data.principal.type).toBe('role');
    expect(r.data.severity).toBe('critical');
    expect(r.data.score).toBeGreaterThanOrEqual(85);
    const admin = r.data.findings.find((f: any) => f.category === 'FullAdmin');
    expect(admin.grantedBy).toEqual(['AdministratorAccess']);
    expect(r.data.findings.map((f: any) => f.category)).toEqual(
      expect.arrayContaining(['PrivilegeEscalation', 'CredentialsExposure', 'DataExfiltration']),
    );
    expect(r.data.recommendations[0]).toMatch(/^Replace AdministratorAccess with/);
    expect(r.data.trust.issues).toEqual([]);
    expect(r.data.principal.lastUsed.daysAgo).toBe(69);
    expect(r.summary).toMatch(/Not evaluated: Service Control Policies/);
    expect(r.data.evaluation.note).toMatch(/Not evaluated: Service Control Policies/);
    expect(r.data.evaluation.applied.scps).toBe('not-read');
    expect(r.sources[0].api).toBe('evidence iam/');
  });

  it('GitHubActionsDeploy is flagged for OIDC federation without a sub condition, with the fix', async () => {
    const r = await run(analyzeRole, { name: 'arn:aws:iam::123456789012:role/GitHubActionsDeploy' });
    const issue = r.data.trust.issues.find((i: any) => i.id === 'oidc-without-subject');
    expect(issue.severity).toBe('critical');
    expect(issue.recommendation).toContain('token.actions.githubusercontent.com:sub');
    const pe = r.data.findings.find((f: any) => f.category === 'PrivilegeEscalation');
    expect(pe.methods.map((m: any) => m.id)).toContain('ec2-001');
    expect(r.data.recommendations.join(' ')).toMatch(/repo:<org>\/<repo>/);
  });

  it('OpenRole (Principal "*") is critical; VendorAuditRole needs an sts:ExternalId', async () => {
    const open = await run(analyzeRole, { name: 'OpenRole' });
    expect(open.data.severity).toBe('critical');
    expect(open.data.trust.issues.map((i: any) => `${i.id}:${i.severity}`)).toEqual(['wildcard-principal:critical']);
    const vendor = await run(analyzeRole, { name: 'vendorauditrole' });
    expect(vendor.data.trust.issues[0].id).toBe('cross-account-without-external-id');
    expect(vendor.data.recommendations.join(' ')).toMatch(/add an sts:ExternalId condition for account 444455556666/i);
  });

  it('accepts users and groups: a user gets group policies and a boundary-free view; conditional grants are marked', async () => {
    const bob = await run(analyzeRole, { name: 'bob', principal_type: 'user' });
    expect(bob.data.findings[0].category).toBe('FullAdmin');
    expect(bob.data.findings[0].grantedBy[0]).toMatch(/AdministratorAccess \(via group Admins\)/);
    const alice = await run(analyzeRole, { name: 'alice@example.com' });
    const pe = alice.data.findings.find((f: any) => f.category === 'PrivilegeEscalation');
    expect(pe.conditional).toBe(true);
    expect(pe.conditions.join(' ')).toContain('aws:MultiFactorAuthPresent');
    expect(alice.data.permissions.allowedActions).toBeLessThan(bob.data.permissions.allowedActions);
    const group = await run(analyzeRole, { name: 'Admins', principal_type: 'group' });
    expect(group.data.principal.members).toEqual(['bob']);
  });

  it('a role under a permissions boundary keeps only what the boundary allows', async () => {
    const r = await run(analyzeRole, { name: 'DataPipelineRole' });
    expect(r.data.principal.permissionsBoundary).toMatch(/DeveloperBoundary$/);
    expect(r.data.findings.map((f: any) => f.category)).not.toContain('ServiceWildcard');
    expect(r.data.permissions.allowedActions).toBeLessThan(20);
    // What it can do, per service: the boundary leaves s3 object reads/writes and logs.
    const s3 = r.data.permissions.services.find((s: any) => s.service === 's3');
    expect(s3.actions).toBe(3); // GetObject, ListBucket, PutObject
    expect(r.data.permissions.services.map((s: any) => s.service)).not.toContain('s3-object-lambda');
  });

  it('an unknown name is an actionable error with suggestions', async () => {
    const ctx = await evidenceContext(DEMO);
    const out = await executeTool(ctx, analyzeRole, { name: 'Admin' });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(/Did you mean: .*role AdminRole/);
  });
});

describe('analyze_roles on evidence/demo', () => {
  it('ranks roles by risk with reasons; critical ones first', async () => {
    const r = await run(analyzeRoles, {});
    const names = r.data.ranked.map((x: any) => x.name);
    expect(r.data.ranked.every((x: any) => x.type === 'role')).toBe(true);
    expect(names.slice(0, 4)).toEqual(expect.arrayContaining(['AdminRole', 'OpenRole', 'GitHubActionsDeploy']));
    const scores = r.data.ranked.map((x: any) => x.score);
    expect([...scores].sort((a: number, b: number) => b - a)).toEqual(scores);
    expect(r.data.totals.analysed).toBe(12);
    expect(r.data.totals.trustIssues).toMatchObject({
      'wildcard-principal': 1,
      'oidc-without-subject': 1,
      'cross-account-without-external-id': 1,
    });
    expect(r.summary).toMatch(/12 roles analysed/);
  });

  it('filters by category, principal type and severity, bounded by top', async () => {
    const r = await run(analyzeRoles, {
      principal_types: ['user', 'group', 'role'],
      categories: ['PrivilegeEscalation'],
      min_severity: 'high',
      top: 3,
    });
    expect(r.data.ranked).toHaveLength(3);
    expect(r.data.ranked.every((x: any) => x.categories.some((c: string) => c.startsWith('PrivilegeEscalation')))).toBe(
      true,
    );
    expect(r.warnings.join(' ')).toMatch(/more principal\(s\) matched/);
    const users = await run(analyzeRoles, { principal_types: ['user'], categories: ['FullAdmin'] });
    expect(users.data.ranked.map((x: any) => x.name).sort()).toEqual(['backup-admin', 'bob', 'svc-reporting']);
  });
});
