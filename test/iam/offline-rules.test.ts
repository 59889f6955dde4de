import { describe, expect, it } from 'vitest';
import { offlineRules } from '../../src/agent/offline-rules';

const plan = (q: string) => offlineRules.map((r) => r.match(q)).find(Boolean) ?? null;

describe('offline planner: IAM questions', () => {
  it.each([
    ['Is the AdminRole over-privileged?', { name: 'AdminRole' }],
    ['is role GitHubActionsDeploy too permissive', { name: 'GitHubActionsDeploy', principal_type: 'role' }],
    ['What permissions does ci-legacy have?', { name: 'ci-legacy' }],
    ['what permissions does the user alice@example.com have', { name: 'alice@example.com', principal_type: 'user' }],
    ['who can assume VendorAuditRole?', { name: 'VendorAuditRole' }],
    ['analyze arn:aws:iam::123456789012:role/OpenRole', { name: 'arn:aws:iam::123456789012:role/OpenRole' }],
  ])('%s → analyze_role', (q, input) => {
    expect(plan(q)).toEqual([{ tool: 'analyze_role', input }]);
  });

  it.each([
    ['Which roles are riskiest?', { principal_types: ['role'] }],
    ['which principals are the most dangerous?', { principal_types: ['role', 'user', 'group'] }],
    [
      'who can escalate privileges?',
      { principal_types: ['role', 'user', 'group'], categories: ['PrivilegeEscalation'] },
    ],
    ['which users are admin?', { principal_types: ['user'], categories: ['FullAdmin'] }],
  ])('%s → analyze_roles', (q, input) => {
    expect(plan(q)).toEqual([{ tool: 'analyze_roles', input }]);
  });

  it('leaves CloudTrail questions alone', () => {
    expect(plan('what did bob do this week?')![0]!.tool).toBe('cloudtrail_search');
  });
});

describe('offline planner: privilege paths', () => {
  it.each([
    ['who can become admin?', { question: 'who-can-become-admin' }],
    ['Who could get administrator access?', { question: 'who-can-become-admin' }],
    ['show me the paths to admin', { question: 'who-can-become-admin' }],
    ['how could ci-deployer escalate?', { question: 'what-can-become', principal: 'ci-deployer' }],
    ['How can the role Deployer become admin?', { question: 'what-can-become', principal: 'Deployer' }],
    ['what can alice@example.com become?', { question: 'what-can-become', principal: 'alice@example.com' }],
    ['who can reach AdminRole?', { question: 'who-can-reach', principal: 'AdminRole' }],
  ])('%s → privilege_paths', (q, input) => {
    expect(plan(q)).toEqual([{ tool: 'privilege_paths', input }]);
  });

  it('still sends "who can escalate privileges?" to the ranking and "who can assume X?" to analyze_role', () => {
    expect(plan('who can escalate privileges?')![0]!.tool).toBe('analyze_roles');
    expect(plan('who can assume VendorAuditRole?')![0]!.tool).toBe('analyze_role');
  });
});
