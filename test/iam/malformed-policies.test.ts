import { describe, expect, it } from 'vitest';
import { actionCatalog } from '../../src/iam/action-catalog';
import { analysePrincipal } from '../../src/iam/analyze';
import { normaliseGaadPages } from '../../src/iam/normalise';
import { emptySnapshot, type IamSnapshotWarning } from '../../src/iam/snapshot';

const cat = actionCatalog();
const ACCOUNT = '123456789012';

function snapshotOf(rolePolicies: unknown[], managed: unknown[] = []) {
  const warnings: IamSnapshotWarning[] = [];
  const parts = normaliseGaadPages(
    [
      {
        RoleDetailList: [
          {
            RoleName: 'Broken',
            RoleId: 'AROA1',
            Arn: `arn:aws:iam::${ACCOUNT}:role/Broken`,
            Path: '/',
            AssumeRolePolicyDocument: { Statement: [] },
            RolePolicyList: rolePolicies,
            AttachedManagedPolicies: managed.map((m: any) => ({ PolicyName: m.PolicyName, PolicyArn: m.Arn })),
          },
        ],
        Policies: managed,
      },
    ],
    (w) => warnings.push(w),
  );
  const s = emptySnapshot(ACCOUNT, '2026-11-23T00:00:00Z', 'evidence');
  Object.assign(s, parts);
  s.warnings = warnings;
  return s;
}
const analyse = (s: ReturnType<typeof snapshotOf>) =>
  analysePrincipal(s, { kind: 'role', role: s.roles[0]! }, new Date('2026-11-23T00:00:00Z'), cat);

describe('malformed policies', () => {
  it('keeps the valid statements of a document with one bad statement, and names the skipped one', () => {
    const s = snapshotOf([
      {
        PolicyName: 'mixed',
        PolicyDocument: {
          Statement: [
            { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' },
            { Effect: 'Alow', Action: 's3:*', Resource: '*' },
          ],
        },
      },
    ]);
    expect(s.warnings.map((w) => w.message).join(' ')).toMatch(
      /mixed of role Broken: 1 statement\(s\) skipped \(Statement\[1\] has Effect "Alow"/,
    );
    const a = analyse(s);
    expect(a.inlinePolicies).toEqual(['mixed']);
    expect(a.findings.map((f) => f.category)).toContain('CredentialsExposure');
    expect(a.unknownStatements).toEqual([expect.stringContaining('Inline policy mixed: Statement[1]')]);
    expect(a.reasons.map((r) => r.text).join(' ')).toMatch(/Unknown permissions/);
    expect(a.notes.join(' ')).toMatch(/unknown, not absent/);
  });

  it('an unreadable document leaves the principal "unknown", not "risk 0, no permissions"', () => {
    const a = analyse(snapshotOf([{ PolicyName: 'garbage', PolicyDocument: '%7Bnot-json' }]));
    expect(a.score).toBeGreaterThan(0);
    expect(a.severity).toBe('medium');
    expect(a.unknownStatements[0]).toMatch(/garbage/);
  });

  it('warns about a document with no Statement and one over the size limit', () => {
    const big = {
      Statement: [{ Effect: 'Allow', Action: Array.from({ length: 800 }, (_, i) => `s3:Get${i}Thing`), Resource: '*' }],
    };
    const s = snapshotOf([
      { PolicyName: 'empty', PolicyDocument: { Version: '2012-10-17' } },
      { PolicyName: 'huge', PolicyDocument: big },
    ]);
    const text = s.warnings.map((w) => w.message).join(' ');
    expect(text).toMatch(/empty of role Broken has no Statement/);
    expect(text).toMatch(/huge of role Broken is \d+ characters, over AWS's 10240-character limit/);
  });
});
