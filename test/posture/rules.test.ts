import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../src/posture/engine';
import { SEVERITIES } from '../../src/posture/rule';
import { rules } from '../../src/posture/rules';
import { snapshotWith } from './builders';
import { RULE_FIXTURES } from './rule-fixtures';

describe('posture rule registry', () => {
  it('has at least 35 rules with unique ids, valid severities, remediation with a CLI command', () => {
    expect(rules.length).toBeGreaterThanOrEqual(35);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(SEVERITIES).toContain(r.severity);
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.rationale.length).toBeGreaterThan(40);
      expect(r.remediation, r.id).toMatch(/\baws [a-z0-9-]+ [a-z0-9-]+/);
      expect(r.needs.length, r.id).toBeGreaterThan(0);
      if (r.cis) expect(r.cis).toMatch(/^[1-5](\.\d+){1,2}$/);
    }
  });

  it('every rule has a passing and a failing fixture', () => {
    expect(Object.keys(RULE_FIXTURES).sort()).toEqual(rules.map((r) => r.id).sort());
  });

  it('uses the severities the issue sets', () => {
    const sev = Object.fromEntries(rules.map((r) => [r.id, r.severity]));
    expect(sev).toMatchObject({
      'idp-admin-not-in-idp': 'critical',
      'idp-user-not-in-idp': 'high',
      'iam-console-user-without-mfa': 'high',
      'idp-user-offboarded': 'high',
      'iam-access-key-unused-90d': 'high',
      'iam-multiple-active-keys': 'medium',
      'iam-access-key-not-rotated-90d': 'medium',
      'iam-root-mfa-disabled': 'critical',
      'iam-root-used-recently': 'high',
      'iam-role-trust-wildcard': 'critical',
      'iam-role-cross-account-no-condition': 'high',
    });
  });
});

describe.each(rules.map((r) => [r.id, r] as const))('rule %s', (id, rule) => {
  const fx = RULE_FIXTURES[id]!;
  it('fires on its failing fixture, naming the resource', () => {
    const out = evaluateRule(rule, snapshotWith(fx.fail));
    expect(out.status).toBe('checked');
    expect(out.findings.map((f) => f.resourceId).sort()).toEqual([...fx.expect].sort());
    for (const f of out.findings) expect(f.message.length).toBeGreaterThan(10);
  });
  it('passes on its passing fixture', () => {
    const out = evaluateRule(rule, snapshotWith(fx.pass ?? (() => {})));
    expect(out.status).toBe('checked');
    expect(out.findings).toEqual([]);
  });
});
