import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../src/posture/engine';
import { findRule, rules } from '../../src/posture/rules';
import { scanSnapshot } from '../../src/posture/scan';
import { cleanRegion, snapshotWith } from './builders';

describe('rules with missing inputs', () => {
  it('an IAM part that could not be read makes its rules "not checked", never passed', () => {
    const s = snapshotWith((x) => {
      x.iam!.warnings.push({
        part: 'credentialReport',
        api: 'iam:GetCredentialReport',
        message: 'AccessDenied',
        missing: true,
      });
      x.iam!.credentialReport = null;
      x.warnings.push({
        api: 'iam:GetCredentialReport',
        permission: 'iam:GetCredentialReport',
        message: 'AccessDenied',
        parts: ['iam.credentialReport'],
      });
      x.complete = false;
    });
    const out = evaluateRule(findRule('iam-root-mfa-disabled')!, s);
    expect(out.status).toBe('not_checked');
    expect(out.missing).toEqual(['iam.credentialReport']);
    const scan = scanSnapshot(s, rules);
    expect(scan.checkedRules).not.toContain('iam-console-user-without-mfa');
    expect(scan.warnings[0]!.rulesAffected).toEqual(
      expect.arrayContaining(['iam-root-mfa-disabled', 'iam-console-user-without-mfa', 'iam-access-key-unused-90d']),
    );
    // the CIS control is not counted as passed
    const iamSection = scan.cis.find((c) => c.section === '1')!;
    expect(iamSection.notChecked).toBeGreaterThan(0);
  });

  it('a regional part missing in one region runs the rule on the others and marks it partial', () => {
    const s = snapshotWith((x) => {
      x.account.regions.push('eu-west-1');
      x.regions['eu-west-1'] = { ...cleanRegion('eu-west-1'), securityGroups: undefined };
      x.regions['us-east-1']!.securityGroups!.push({
        GroupId: 'sg-1',
        GroupName: 'web',
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      });
    });
    const out = evaluateRule(findRule('ec2-sg-admin-ports-open-ipv4')!, s);
    expect(out.status).toBe('partial');
    expect(out.missing).toEqual(['region.securityGroups (eu-west-1)']);
    expect(out.findings).toHaveLength(1);
  });

  it('no IdP configured: IdP rules are not checked (and the scan can still be complete)', () => {
    const s = snapshotWith((x) => {
      x.idp = undefined;
      x.idpState = 'not-configured';
    });
    const scan = scanSnapshot(s, rules);
    expect(scan.notCheckedRules.map((r) => r.id).sort()).toEqual([
      'idp-admin-not-in-idp',
      'idp-user-not-in-idp',
      'idp-user-offboarded',
    ]);
    expect(scan.complete).toBe(true);
  });

  it('an item the rule cannot judge (one trail whose status could not be read) makes it partial, not passed', () => {
    const s = snapshotWith((x) => {
      x.regions['us-east-1']!.trails!.push({
        Name: 'second',
        TrailARN: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/second',
        HomeRegion: 'us-east-1',
      });
    });
    const out = evaluateRule(findRule('cloudtrail-trail-not-logging')!, s);
    expect(out).toMatchObject({ status: 'partial', findings: [], missing: ['status of second'] });
    // the multi-region trail is known to be logging, so that rule is still fully checked
    expect(evaluateRule(findRule('cloudtrail-multi-region-missing')!, s).status).toBe('checked');
  });

  it('a rule that throws is not checked, and the others still run', () => {
    const boom = {
      ...findRule('ec2-instance-imdsv1')!,
      id: 'boom',
      evaluate: () => {
        throw new Error('bad data');
      },
    };
    const out = evaluateRule(
      boom,
      snapshotWith(() => {}),
    );
    expect(out.status).toBe('not_checked');
    expect(out.missing[0]).toMatch(/bad data/);
  });
});
