import { describe, expect, it } from 'vitest';
import {
  type ExportFinding,
  findingUid,
  findingsCsv,
  findingsJson,
  findingsOcsf,
  findingsSarif,
} from '../../src/posture/export';
import { rules } from '../../src/posture/rules';

const catalogue = new Map(rules.map((r) => [r.id, r]));
const at = new Date('2026-11-23T09:00:00Z');
const f = (over: Partial<ExportFinding> = {}): ExportFinding => ({
  account: 'prod',
  accountId: '123456789012',
  ruleId: 's3-bucket-policy-public',
  severity: 'critical',
  status: 'open',
  resourceId: 'arn:aws:s3:::web',
  region: 'eu-west-1',
  message: 'Bucket web: its policy allows anyone (s3:GetObject).',
  firstSeen: at,
  lastSeen: at,
  resolvedAt: null,
  ...over,
});

describe('findings export', () => {
  it('CSV: a header, quoted cells, and formula-looking values neutralised', () => {
    const csv = findingsCsv(
      [f(), f({ ruleId: 'ec2-instance-imdsv1', resourceId: '=HYPERLINK("http://x")', message: 'a, "b"' })],
      catalogue,
    );
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'account,rule,severity,status,resource,region,cis,title,message,first_seen,last_seen,resolved_at',
    );
    expect(lines[1]).toContain('prod,s3-bucket-policy-public,critical,open,arn:aws:s3:::web,eu-west-1,,');
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines[2]).toContain('"a, ""b"""');
  });

  it('JSON carries the rule title, CIS id and CLI fix', () => {
    const [j] = findingsJson([f({ ruleId: 's3-account-block-public-access-off' })], catalogue) as Record<
      string,
      unknown
    >[];
    expect(j).toMatchObject({ cis: '2.1.4', title: catalogue.get('s3-account-block-public-access-off')!.title });
    expect(String(j!.remediation)).toMatch(/aws s3control put-public-access-block/);
  });

  it('OCSF: Compliance Finding class 2003 with severity, status and the CIS requirement', () => {
    const [o, r] = findingsOcsf(
      [f({ ruleId: 'cloudtrail-bucket-access-logging-off', severity: 'medium' }), f({ status: 'resolved' })],
      catalogue,
      { version: '0.1.0', now: at },
    ) as Record<string, any>[];
    expect(o).toMatchObject({
      category_uid: 2,
      class_uid: 2003,
      type_uid: 200301,
      activity_id: 1,
      severity_id: 3,
      status_id: 1,
      time: at.getTime(),
      compliance: {
        control: '3.4',
        status_id: 3,
        requirements: ['CIS AWS Foundations Benchmark v3.0.0 3.4'],
      },
      cloud: { provider: 'AWS', account: { uid: '123456789012' }, region: 'eu-west-1' },
      resources: [{ uid: 'arn:aws:s3:::web', type: 'AWS::s3' }],
      metadata: { version: '1.1.0', product: { name: 'Trailhound' } },
    });
    expect(o!.finding_info.uid).toBe(findingUid(f({ ruleId: 'cloudtrail-bucket-access-logging-off' })));
    expect(r).toMatchObject({ status_id: 4, status: 'Resolved', severity_id: 5, compliance: { status: 'Pass' } });
  });

  it('SARIF 2.1.0: rules used, levels, security-severity, a location per result, stable fingerprints', () => {
    const s = findingsSarif(
      [f(), f({ ruleId: 's3-bucket-access-logging-off', severity: 'low', resourceId: 'arn:aws:s3:::logs' })],
      catalogue,
      { version: '0.1.0' },
    );
    expect(s.version).toBe('2.1.0');
    const run = s.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['s3-bucket-access-logging-off', 's3-bucket-policy-public']);
    expect(run.tool.driver.rules[1]!.properties['security-severity']).toBe('9.5');
    expect(run.results.map((r) => [r.ruleId, r.level, r.ruleIndex])).toEqual([
      ['s3-bucket-policy-public', 'error', 1],
      ['s3-bucket-access-logging-off', 'note', 0],
    ]);
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(
      `aws/prod/eu-west-1/${encodeURIComponent('arn:aws:s3:::web')}`,
    );
    expect(run.results[0]!.partialFingerprints['trailhound/v1']).toBe(findingUid(f()));
  });
});
