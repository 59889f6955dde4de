/** posture_scan over the bundled evidence (evidence/demo): the findings its README's story predicts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postureScan, { type PostureScanData } from '../../tools/posture-scan';
import type { DbHandle } from '../../src/db/client';
import { listFindings } from '../../src/db/queries/findings';
import { executeTool } from '../../src/runtime/execute-tool';
import { evidenceContext } from '../helpers/context';
import { openTestDb } from '../helpers/db';

const A = '123456789012';
const user = (n: string) => `arn:aws:iam::${A}:user/${n}`;
const role = (n: string) => `arn:aws:iam::${A}:role/${n}`;

describe('posture_scan on evidence/demo', () => {
  let db: DbHandle;
  let data: PostureScanData;
  let keys: Set<string>;
  beforeAll(async () => {
    db = await openTestDb('pglite');
    const ctx = await evidenceContext('evidence/demo', { db: db.db, now: new Date('2026-11-23T09:00:00Z') });
    const out = await executeTool(ctx, postureScan as never, { max_findings: 100 });
    if (!out.ok) throw new Error(out.error);
    data = out.result.data as PostureScanData;
    expect(out.result.warnings).toEqual([]);
    // An evidence scan makes no AWS call, says so (0), and read everything (no `unread`).
    expect(out.result.sources.map((x) => x.calls)).toEqual([0]);
    expect(out.result.unread).toBeUndefined();
    keys = new Set(
      (await listFindings(db.db, { status: 'open', limit: 1000 })).map((f) => `${f.ruleId} ${f.resourceId}`),
    );
  });
  afterAll(async () => db?.close());

  it('is a complete scan, stored with every finding open', () => {
    expect(data.accounts).toHaveLength(1);
    expect(data.accounts[0]).toMatchObject({
      account: 'demo-prod',
      accountId: A,
      status: 'complete',
      rulesNotChecked: [],
    });
    expect(keys.size).toBe(data.accounts[0]!.findings);
    expect(data.accounts[0]!.history).toMatchObject({ opened: keys.size, resolved: 0 });
  });

  it('finds the incident’s identity gaps and back doors', () => {
    for (const k of [
      `idp-admin-not-in-idp ${user('backup-admin')}`,
      `idp-admin-not-in-idp ${user('svc-reporting')}`,
      `iam-user-direct-admin ${user('backup-admin')}`,
      `idp-user-offboarded ${user('bob')}`,
      `iam-console-user-without-mfa ${user('bob')}`,
      `idp-user-not-in-idp ${user('ci-legacy')}`,
      `iam-privilege-escalation ${user('ci-legacy')}`,
      `iam-privilege-escalation ${role('GitHubActionsDeploy')}`,
      `iam-multiple-active-keys ${user('ci-legacy')}`,
      `iam-access-key-unused-90d ${user('ci-legacy')}#access-key-2`,
      `iam-access-key-unused-90d ${user('svc-reporting')}#access-key-1`,
      `iam-full-admin-policy-attached arn:aws:iam::${A}:policy/LegacyFullAccess`,
    ])
      expect(keys, k).toContain(k);
  });

  it('finds the risky trust policies, and not the safe ones', () => {
    expect(keys).toContain(`iam-role-trust-wildcard ${role('OpenRole')}`);
    expect(keys).toContain(`iam-role-oidc-no-subject ${role('GitHubActionsDeploy')}`);
    expect(keys).toContain(`iam-role-cross-account-no-condition ${role('VendorAuditRole')}`);
    for (const safe of ['TrailhoundReadOnly', 'AdminRole', 'AWSReservedSSO_AdministratorAccess_abc123'])
      expect([...keys].filter((k) => k.endsWith(role(safe)) && /trust|cross-account|oidc/.test(k))).toEqual([]);
  });

  it('finds the EC2 and CloudTrail misconfigurations of both regions', () => {
    for (const k of [
      `ec2-instance-imdsv1 i-0b7e6d5c4a3f21098`,
      `ec2-instance-imdsv1 i-0e7d9c2b1a3f45678`,
      `ec2-instance-public-admin-port i-0e7d9c2b1a3f45678`,
      `ec2-sg-admin-ports-open-ipv4 arn:aws:ec2:us-east-1:${A}:security-group/sg-0aa11bb22cc33dd44`,
      `ec2-sg-admin-ports-open-ipv4 arn:aws:ec2:eu-west-1:${A}:security-group/sg-0e1f2a3b4c5d6e7f8`,
      `ec2-ebs-volume-unencrypted vol-0a9b8c7d6e5f43210`,
      `ec2-ebs-volume-unencrypted vol-0f6e5d4c3b2a19087`,
      `ec2-ebs-default-encryption-off arn:aws:ec2:eu-west-1:${A}:ebs-encryption-by-default`,
      `vpc-flow-logs-missing arn:aws:ec2:us-east-1:${A}:vpc/vpc-06b7c8d9e0f1a2b3c`,
      `vpc-flow-logs-missing arn:aws:ec2:eu-west-1:${A}:vpc/vpc-0f9e8d7c6b5a43210`,
      `cloudtrail-trail-not-logging arn:aws:cloudtrail:eu-west-1:${A}:trail/eu-app-trail`,
      `cloudtrail-log-validation-off arn:aws:cloudtrail:eu-west-1:${A}:trail/eu-app-trail`,
      `iam-password-policy-length arn:aws:iam::${A}:account-password-policy`,
    ])
      expect(keys, k).toContain(k);
    const ruleIds = new Set([...keys].map((k) => k.split(' ')[0]));
    // Only one unencrypted volume per region; web-prod's 443/80 is not an admin port; org-trail covers management events.
    expect([...keys].filter((k) => k.startsWith('ec2-ebs-volume-unencrypted'))).toHaveLength(2);
    expect(ruleIds).not.toContain('cloudtrail-multi-region-missing');
    expect(ruleIds).not.toContain('cloudtrail-management-events-not-recorded');
  });

  it('finds the public bucket, the vendor grant and the log bucket gaps — and not the org-pinned grant', () => {
    const b = (n: string) => `arn:aws:s3:::${n}`;
    for (const k of [
      `s3-bucket-policy-public ${b('demo-prod-web-assets')}`,
      `s3-account-block-public-access-off arn:aws:s3::${A}:account-public-access-block`,
      `s3-bucket-block-public-access-off ${b('demo-prod-web-assets')}`,
      `s3-bucket-policy-cross-account ${b('demo-prod-data-exports')}`,
      `s3-bucket-default-encryption-off ${b('demo-prod-data-exports')}`,
      `cloudtrail-bucket-mfa-delete-off ${b('demo-prod-cloudtrail-logs')}`,
    ])
      expect(keys, k).toContain(k);
    const s3 = [...keys].filter((k) => /^(s3-|cloudtrail-bucket-)/.test(k));
    expect(s3.filter((k) => k.includes('demo-prod-artifacts') || k.includes('demo-prod-access-logs'))).toEqual([]);
    expect(s3.filter((k) => k.startsWith('s3-bucket-policy-public'))).toHaveLength(1);
    expect(s3.filter((k) => k.startsWith('cloudtrail-bucket-public'))).toEqual([]);
  });

  it('finds the workload misconfigurations of both regions, and not their near misses', () => {
    for (const k of [
      `rds-instance-public arn:aws:rds:us-east-1:${A}:db:legacy-reports`,
      `rds-instance-storage-unencrypted arn:aws:rds:us-east-1:${A}:db:legacy-reports`,
      `rds-instance-backups-off arn:aws:rds:us-east-1:${A}:db:legacy-reports`,
      `lambda-function-url-public arn:aws:lambda:us-east-1:${A}:function:webhook-receiver`,
      `lambda-runtime-deprecated arn:aws:lambda:us-east-1:${A}:function:webhook-receiver`,
      `lambda-env-secret-names arn:aws:lambda:us-east-1:${A}:function:webhook-receiver`,
      `sns-topic-unencrypted arn:aws:sns:eu-west-1:${A}:eu-notifications`,
      `eks-endpoint-public-open arn:aws:eks:eu-west-1:${A}:cluster/eu-platform`,
      `eks-control-plane-logging-off arn:aws:eks:eu-west-1:${A}:cluster/eu-platform`,
      `eks-version-unsupported arn:aws:eks:eu-west-1:${A}:cluster/eu-platform`,
      `ecs-task-privileged arn:aws:ecs:eu-west-1:${A}:task-definition/log-shipper:4`,
      `ecs-task-host-network arn:aws:ecs:eu-west-1:${A}:task-definition/log-shipper:4`,
    ])
      expect(keys, k).toContain(k);
    const workload = [...keys].filter((k) => /^(rds|lambda|sns|sqs|eks|ecs)-/.test(k));
    expect(workload).toHaveLength(12);
    // orders-db is private and encrypted; its snapshot is shared with one account, not public; the URL's
    // InvokeFunction grant is pinned to the URL; the web task takes DB_PASSWORD from "secrets".
    expect(
      workload.filter((k) => /orders-db|thumbnailer|security-alerts|orders-events|task-definition\/web/.test(k)),
    ).toEqual([]);
  });

  it('does not raise root findings the story contradicts (root has MFA and no keys)', () => {
    const ruleIds = new Set([...keys].map((k) => k.split(' ')[0]));
    expect(ruleIds).not.toContain('iam-root-mfa-disabled');
    expect(ruleIds).not.toContain('iam-root-access-keys');
    expect(keys).toContain(`iam-root-used-recently arn:aws:iam::${A}:root`);
  });

  it('reports bounded totals, top findings by severity and CIS scores', () => {
    const t = data.totals;
    expect(t.critical).toBe(5);
    expect(t.critical + t.high + t.medium + t.low).toBe(keys.size);
    expect(data.topFindings[0]!.severity).toBe('critical');
    const cis = Object.fromEntries(data.accounts[0]!.cis.map((c) => [c.section, c]));
    expect(cis['1']!.failedControls).toEqual(expect.arrayContaining(['1.8', '1.9', '1.10', '1.13', '1.16']));
    expect(cis['1']!.failedControls).not.toContain('1.4');
    expect(cis['1']!.failedControls).not.toContain('1.5');
    expect(cis['5']!.failedControls).toEqual(expect.arrayContaining(['5.2', '5.6']));
    expect(cis['3']!.score).toBeGreaterThan(0);
    expect(cis['2']!.failedControls).toEqual(expect.arrayContaining(['2.1.1', '2.1.2', '2.1.4', '2.3.1', '2.3.3']));
  });

  it('judges the CIS 4.x filters on the trail’s log group, and names the detection gaps of eu-west-1', () => {
    const cis = (k: string) => `cloudwatch-alarm-${k} arn:aws:logs::${A}:cis-metric-filter/${k}`;
    // Root usage: filter and SNS alarm on the trail’s log group — met.
    expect(keys).not.toContain(cis('root-usage'));
    // Near misses: an alarm with no action, a filter missing events, a filter on another log group.
    for (const k of ['unauthorized-api-calls', 'iam-policy-changes', 'cloudtrail-changes', 'vpc-changes'])
      expect(keys, k).toContain(cis(k));
    for (const k of [
      `config-recorder-off arn:aws:config:eu-west-1:${A}:configuration-recorder`,
      `guardduty-disabled arn:aws:guardduty:eu-west-1:${A}:detector`,
      `access-analyzer-disabled arn:aws:access-analyzer:eu-west-1:${A}:analyzer`,
      `securityhub-disabled arn:aws:securityhub:eu-west-1:${A}:hub/default`,
    ])
      expect(keys, k).toContain(k);
    expect(
      [...keys].filter((k) => /^(config|guardduty|access-analyzer|securityhub)-/.test(k) && k.includes('us-east-1')),
    ).toEqual([]);
  });
});
