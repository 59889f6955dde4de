/** Monitoring and detection evidence files: CLI output shapes read, missing files named with their command. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMonitoringEvidence } from '../../../src/sources/evidence/monitoring';

describe('monitoring evidence', () => {
  it('reads the bundled demo (CLI PascalCase GuardDuty output, {} = Security Hub off)', () => {
    const use1 = loadMonitoringEvidence('evidence/demo', 'us-east-1');
    expect(use1.warnings).toEqual([]);
    expect(use1.region.guardDutyDetectors).toEqual([
      {
        detectorId: '4cb1f3c0a7e2d9b85f6a3e1c2d4b7a90',
        status: 'ENABLED',
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
      },
    ]);
    expect(use1.region.metricFilters).toHaveLength(4);
    expect(use1.region.securityHub).toMatchObject({ HubArn: expect.stringContaining(':hub/default') });
    // The alarm topic's subscriptions (CLI shape; the e-mail endpoint is not kept).
    expect(use1.region.alarmTopicSubscriptions).toEqual([
      {
        SubscriptionArn: expect.stringMatching(/^arn:aws:sns:us-east-1:123456789012:security-alerts:/),
        Owner: '123456789012',
        Protocol: 'email',
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:security-alerts',
      },
    ]);
    const euw1 = loadMonitoringEvidence('evidence/demo', 'eu-west-1');
    // No alarm there notifies SNS: no subscriptions file needed.
    expect(euw1.region.alarmTopicSubscriptions).toEqual([]);
    expect(euw1.region).toMatchObject({ securityHub: null, guardDutyDetectors: [], configRecorders: [] });
  });

  it('a missing file leaves that part unread, with the command that produces it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mon-ev-'));
    mkdirSync(join(dir, 'guardduty', 'us-east-1'), { recursive: true });
    writeFileSync(join(dir, 'guardduty', 'us-east-1', 'list-detectors.json'), '{"DetectorIds":["abc123","../x"]}');
    const r = loadMonitoringEvidence(dir, 'us-east-1');
    expect(r.region.metricFilters).toBeUndefined();
    // The invalid id never becomes a path; the valid one lacks get-detector.json: listed, not judged.
    expect(r.region.guardDutyDetectors).toEqual([{ detectorId: 'abc123' }]);
    const apis = r.warnings.map((w) => w.api);
    expect(apis).toEqual(
      expect.arrayContaining(['logs:DescribeMetricFilters', 'securityhub:DescribeHub', 'guardduty:GetDetector']),
    );
    expect(r.warnings.find((w) => w.api === 'logs:DescribeMetricFilters')!.message).toMatch(
      /aws logs describe-metric-filters --region us-east-1 > .*logs\/us-east-1\/describe-metric-filters\.json/,
    );
  });

  it('alarms that notify SNS need sns/<region>/list-subscriptions-by-topic.json; without it the part is unread', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mon-ev-'));
    mkdirSync(join(dir, 'cloudwatch', 'us-east-1'), { recursive: true });
    writeFileSync(
      join(dir, 'cloudwatch', 'us-east-1', 'describe-alarms.json'),
      JSON.stringify({ MetricAlarms: [{ AlarmName: 'a', AlarmActions: ['arn:aws:sns:us-east-1:123456789012:t'] }] }),
    );
    const r = loadMonitoringEvidence(dir, 'us-east-1');
    expect(r.region.alarmTopicSubscriptions).toBeUndefined();
    const w = r.warnings.find((x) => x.api === 'sns:ListSubscriptionsByTopic');
    expect(w?.message).toMatch(/aws sns list-subscriptions-by-topic/);
    expect(w?.message).toMatch(/sns\/us-east-1\/list-subscriptions-by-topic\.json/);
  });
});
