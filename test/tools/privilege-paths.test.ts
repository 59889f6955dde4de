import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeTool } from '../../src/runtime/execute-tool';
import analyzeRole from '../../tools/analyze-role';
import type { ToolDefinition } from '../../tools/define-tool';
import { findTool } from '../../tools/index';
import privilegePaths from '../../tools/privilege-paths';
import { evidenceContext } from '../helpers/context';

const DEMO = join(import.meta.dirname, '../../evidence/demo');

async function run(tool: unknown, input: Record<string, unknown>, dir = DEMO) {
  const ctx = await evidenceContext(dir);
  const out = await executeTool(ctx, tool as ToolDefinition, input);
  if (!out.ok) throw new Error(out.error);
  return out.result as { summary: string; data: any; warnings: string[] };
}

describe('privilege_paths on evidence/demo', () => {
  it('is in the registry', () => {
    expect(findTool('privilege_paths', { remediation: false })?.name).toBe('privilege_paths');
  });

  it('answers "who can become admin?" with bounded, counted paths whose steps name the enabling permissions', async () => {
    const r = await run(privilegePaths, { question: 'who-can-become-admin', max_paths: 1 });
    const res = r.data.results[0];
    expect(res.total).toBeGreaterThanOrEqual(2);
    expect(res.shown).toBe(1);
    expect(res.paths[0].steps[0].permissions.length).toBeGreaterThan(0);
    expect(r.warnings.join(' ')).toMatch(/more path\(s\) not shown/);
    expect(r.summary).toMatch(/can become administrator/);
    expect(r.summary).toMatch(/Not evaluated: Service Control Policies/);
    expect(JSON.stringify(r.data).length).toBeLessThan(16_000);
  });

  it('answers "how could ci-legacy escalate?" and analyze_role carries the same shortest path', async () => {
    const r = await run(privilegePaths, { question: 'what-can-become', principal: 'ci-legacy' });
    expect(r.data.results[0].administrator).toMatch(/iam-007|can make itself administrator/);
    const a = await run(analyzeRole, { name: 'alice@example.com' });
    expect(a.data.pathToAdmin.steps[0]).toMatchObject({ kind: 'assume', to: 'AdminRole' });
    expect(a.summary).toMatch(/Shortest path to administrator/);
  });

  it('applies SCPs from organizations/policies.json and says so; an SCP denying sts:AssumeRole removes the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'th-org-'));
    cpSync(DEMO, dir, { recursive: true });
    mkdirSync(join(dir, 'organizations'), { recursive: true });
    const full = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    const noAssume = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }],
    };
    writeFileSync(
      join(dir, 'organizations', 'policies.json'),
      JSON.stringify({
        ManagementAccountId: '999999999999',
        Targets: [
          {
            TargetId: 'r-ab12',
            Type: 'ROOT',
            ServiceControlPolicies: [
              {
                Id: 'p-FullAWSAccess',
                Name: 'FullAWSAccess',
                Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
                AwsManaged: true,
                Type: 'SERVICE_CONTROL_POLICY',
              },
            ],
          },
          {
            TargetId: '123456789012',
            Type: 'ACCOUNT',
            ServiceControlPolicies: [
              {
                Id: 'p-FullAWSAccess',
                Name: 'FullAWSAccess',
                Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
                AwsManaged: true,
                Type: 'SERVICE_CONTROL_POLICY',
              },
              {
                Id: 'p-noassume1',
                Name: 'NoAssume',
                Arn: 'arn:aws:organizations::999999999999:policy/o-x/service_control_policy/p-noassume1',
                AwsManaged: false,
                Type: 'SERVICE_CONTROL_POLICY',
              },
            ],
          },
        ],
        Policies: {
          'p-FullAWSAccess': {
            PolicySummary: { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess' },
            Content: JSON.stringify(full),
          },
          'p-noassume1': { PolicySummary: { Id: 'p-noassume1', Name: 'NoAssume' }, Content: JSON.stringify(noAssume) },
        },
      }),
    );
    const r = await run(privilegePaths, { question: 'who-can-become-admin' }, dir);
    expect(r.summary).toMatch(/Applied: Service Control Policies/);
    const names = r.data.results[0].paths.map((p: any) => p.principal);
    expect(names).not.toContain('alice@example.com');
    expect(names).toContain('ci-legacy');
  });
});
