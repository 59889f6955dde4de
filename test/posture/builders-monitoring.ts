/**
 * The monitoring part of the clean region (test/posture/builders.ts): the trail sends to the log
 * group `CloudTrail/management-events`, which carries every CIS 4.x metric filter (the patterns CIS
 * recommends) with an alarm notifying SNS; Config records everything and delivers; GuardDuty,
 * an Access Analyzer and Security Hub are on.
 */
import { CIS_ALARMS } from '../../src/posture/helpers/cis-alarms';
import type { MonitoringParts } from '../../src/posture/monitoring';
// The account of test/posture/builders.ts (not imported: that module imports this one).
const ACCOUNT = '123456789012';

export const LOG_GROUP = 'CloudTrail/management-events';
export const LOG_GROUP_ARN = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${LOG_GROUP}:*`;
export const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:security-alarms`;

export function cleanMonitoring(region: string): MonitoringParts {
  const home = region === 'us-east-1';
  return {
    metricFilters: home
      ? CIS_ALARMS.map((c) => ({
          filterName: c.metric,
          filterPattern: c.pattern,
          logGroupName: LOG_GROUP,
          metricTransformations: [{ metricName: c.metric, metricNamespace: 'CISBenchmark', metricValue: '1' }],
        }))
      : [],
    metricAlarms: home
      ? CIS_ALARMS.map((c) => ({
          AlarmName: `cis-${c.key}`,
          AlarmArn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:cis-${c.key}`,
          ActionsEnabled: true,
          AlarmActions: [TOPIC],
          MetricName: c.metric,
          Namespace: 'CISBenchmark',
          StateValue: 'OK',
        }))
      : [],
    alarmTopicSubscriptions: home
      ? [
          {
            SubscriptionArn: `${TOPIC}:0c2f4b9e-6a1d-4c3b-9f7e-1a2b3c4d5e6f`,
            Owner: ACCOUNT,
            Protocol: 'email',
            TopicArn: TOPIC,
          },
        ]
      : [],
    configRecorders: [
      {
        name: 'default',
        roleARN: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: home, resourceTypes: [] },
      },
    ],
    configRecorderStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }],
    configDeliveryStatus: [
      {
        name: 'default',
        configSnapshotDeliveryInfo: { lastStatus: 'Success' },
        configHistoryDeliveryInfo: { lastStatus: 'Success' },
        configStreamDeliveryInfo: { lastStatus: 'Not_Applicable' },
      },
    ],
    guardDutyDetectors: [{ detectorId: '12abc34d567e8fa901bc2d34e56789f0', status: 'ENABLED' }],
    accessAnalyzers: [
      {
        arn: `arn:aws:access-analyzer:${region}:${ACCOUNT}:analyzer/account`,
        name: 'account',
        type: 'ACCOUNT',
        status: 'ACTIVE',
      },
    ],
    securityHub: { HubArn: `arn:aws:securityhub:${region}:${ACCOUNT}:hub/default`, AutoEnableControls: true },
  };
}
