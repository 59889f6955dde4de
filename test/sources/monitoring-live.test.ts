/**
 * The live monitoring and detection reader at the HTTP level (test/helpers/monitoring-wire.ts):
 * every service parsed from its API reference shape, metric-filter pages followed, Security Hub's
 * "not subscribed" read as off (not as a failure), AccessDenied naming the permission and leaving
 * only that part unread, throttling retried by the SDK.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import { loadMonitoringLive } from '../../src/sources/live/monitoring';
import { TEST_EXTERNAL_ID, testAccount } from '../helpers/context';
import { MON_EMPTY, MON_OK, monWire, serveMonitoring } from '../helpers/monitoring-wire';

const account = testAccount({ accountId: '222222222222', regions: ['us-east-1'] });
const opts = { externalId: TEST_EXTERNAL_ID };

describe('live monitoring and detection configuration', () => {
  beforeEach(() => resetAwsClients());

  it('reads every service, following metric-filter pages', async () => {
    const seen = serveMonitoring('us-east-1', MON_OK);
    const r = await loadMonitoringLive(account, 'us-east-1', opts);
    expect(r.warnings).toEqual([]);
    expect(seen.filter((s) => s === 'DescribeMetricFilters')).toHaveLength(2);
    expect(r.region.metricFilters!.map((f) => [f.filterName, f.logGroupName])).toEqual([
      ['RootAccountUsage', 'CloudTrail/management-events'],
      ['UnauthorizedAPICalls', 'app/api-gateway'],
    ]);
    expect(r.region.metricFilters![0]!.metricTransformations![0]).toMatchObject({
      metricName: 'RootAccountUsage',
      metricNamespace: 'CISBenchmark',
    });
    expect(r.region.metricAlarms).toEqual([
      {
        AlarmName: 'cis-root-usage',
        AlarmArn: 'arn:aws:cloudwatch:us-east-1:222222222222:alarm:cis-root-usage',
        ActionsEnabled: true,
        AlarmActions: ['arn:aws:sns:us-east-1:222222222222:security-alarms'],
        MetricName: 'RootAccountUsage',
        Namespace: 'CISBenchmark',
        StateValue: 'OK',
      },
    ]);
    expect(r.region.configRecorders![0]).toMatchObject({
      name: 'default',
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    expect(r.region.configRecorderStatus).toEqual([
      {
        name: 'default',
        recording: true,
        lastStatus: 'Success',
        lastErrorCode: undefined,
        lastErrorMessage: undefined,
      },
    ]);
    expect(r.region.configDeliveryStatus![0]!.configHistoryDeliveryInfo).toMatchObject({
      lastStatus: 'Failure',
      lastErrorCode: 'AccessDenied',
    });
    expect(r.region.guardDutyDetectors).toEqual([
      { detectorId: '12abc34d567e8fa901bc2d34e56789f0', status: 'ENABLED', findingPublishingFrequency: 'SIX_HOURS' },
    ]);
    expect(r.region.accessAnalyzers).toEqual([
      {
        arn: 'arn:aws:access-analyzer:us-east-1:222222222222:analyzer/unused-access',
        name: 'unused-access',
        type: 'ACCOUNT_UNUSED_ACCESS',
        status: 'ACTIVE',
      },
    ]);
    expect(r.region.securityHub).toMatchObject({
      HubArn: 'arn:aws:securityhub:us-east-1:222222222222:hub/default',
      AutoEnableControls: true,
    });
    // The alarm's topic: its subscriptions, pending and confirmed; the e-mail endpoints are not kept.
    expect(seen.filter((x) => x === 'ListSubscriptionsByTopic')).toHaveLength(1);
    expect(r.region.alarmTopicSubscriptions).toEqual([
      {
        SubscriptionArn: 'PendingConfirmation',
        Owner: '222222222222',
        Protocol: 'email',
        TopicArn: 'arn:aws:sns:us-east-1:222222222222:security-alarms',
      },
      {
        SubscriptionArn: 'arn:aws:sns:us-east-1:222222222222:security-alarms:80289ba6-0fd4-4079-afb4-ce8c8260f0ca',
        Owner: '222222222222',
        Protocol: 'email',
        TopicArn: 'arn:aws:sns:us-east-1:222222222222:security-alarms',
      },
    ]);
    expect(JSON.stringify(r.region)).not.toMatch(/example\.com/);
  });

  it('a denied ListSubscriptionsByTopic leaves only the alarm subscribers unread, naming the permission', async () => {
    serveMonitoring('us-east-1', {
      ...MON_OK,
      ListSubscriptionsByTopic: [403, readFileSync('test/fixtures/wire/sns/error-authorization.xml', 'utf8')],
    });
    const r = await loadMonitoringLive(account, 'us-east-1', opts);
    expect(r.region.alarmTopicSubscriptions).toBeUndefined();
    expect(r.region.metricAlarms).toHaveLength(1);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({
      api: 'sns:ListSubscriptionsByTopic',
      permission: 'sns:ListSubscriptionsByTopic',
      parts: ['alarmTopicSubscriptions'],
    });
  });

  it('alarms without an SNS action need no subscription call', async () => {
    const seen = serveMonitoring('us-east-1', MON_EMPTY);
    const r = await loadMonitoringLive(account, 'us-east-1', opts);
    expect(r.region.alarmTopicSubscriptions).toEqual([]);
    expect(seen).not.toContain('ListSubscriptionsByTopic');
  });

  it('reads Security Hub "not subscribed" as off, and empty services as none configured', async () => {
    serveMonitoring('us-east-1', MON_EMPTY);
    const r = await loadMonitoringLive(account, 'us-east-1', opts);
    expect(r.warnings).toEqual([]);
    expect(r.region).toEqual({
      metricFilters: [],
      metricAlarms: [],
      alarmTopicSubscriptions: [],
      configRecorders: [],
      configRecorderStatus: [],
      configDeliveryStatus: [],
      guardDutyDetectors: [],
      accessAnalyzers: [],
      securityHub: null,
    });
  });

  it('AccessDenied leaves only that part unread, with a warning naming the permission', async () => {
    serveMonitoring('us-east-1', {
      ...MON_OK,
      DescribeMetricFilters: [400, monWire('logs-access-denied.json')],
      ListDetectors: [403, monWire('guardduty-access-denied.json'), { 'x-amzn-errortype': 'AccessDeniedException' }],
    });
    const r = await loadMonitoringLive(account, 'us-east-1', opts);
    expect(r.regionFailed).toBe(false);
    expect(r.region.metricFilters).toBeUndefined();
    expect(r.region.guardDutyDetectors).toBeUndefined();
    expect(r.region.metricAlarms).toHaveLength(1);
    expect(r.region.securityHub).toBeDefined();
    expect(r.warnings.map((w) => [w.api, w.permission, w.parts])).toEqual(
      expect.arrayContaining([
        ['logs:DescribeMetricFilters', 'logs:DescribeMetricFilters', ['metricFilters']],
        ['guardduty:ListDetectors', 'guardduty:ListDetectors', ['guardDutyDetectors']],
      ]),
    );
    expect(r.warnings).toHaveLength(2);
    for (const w of r.warnings) expect(w.message).toMatch(/Access denied/);
  });

  it('a throttled DescribeAlarms is retried; one that keeps failing is a throttling warning', async () => {
    const throttled: [number, string, Record<string, string>] = [
      400,
      monWire('cloudwatch-throttling.json'),
      { 'x-amzn-query-error': 'Throttling;Sender' },
    ];
    let seen = serveMonitoring('us-east-1', {
      ...MON_OK,
      DescribeAlarms: (n) => (n === 1 ? throttled : [200, monWire('describe-alarms.json')]),
    });
    const ok = await loadMonitoringLive(account, 'us-east-1', opts);
    expect(seen.filter((s) => s === 'DescribeAlarms')).toHaveLength(2);
    expect(ok.region.metricAlarms).toHaveLength(1);
    expect(ok.warnings).toEqual([]);
    resetAwsClients();
    seen = serveMonitoring('eu-west-1', { ...MON_EMPTY, DescribeAlarms: throttled });
    const bad = await loadMonitoringLive({ ...account, regions: ['eu-west-1'] }, 'eu-west-1', opts);
    expect(bad.region.metricAlarms).toBeUndefined();
    expect(bad.warnings).toHaveLength(1);
    expect(bad.warnings[0]).toMatchObject({ api: 'cloudwatch:DescribeAlarms', parts: ['metricAlarms'] });
    expect(bad.warnings[0]!.message).toMatch(/throttled cloudwatch:DescribeAlarms/);
  });
});
