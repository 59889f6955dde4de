/**
 * Monitoring and detection configuration from an evidence folder, each file the JSON output of the
 * AWS CLI call for that region:
 *   logs/<region>/describe-metric-filters.json                  aws logs describe-metric-filters
 *   cloudwatch/<region>/describe-alarms.json                    aws cloudwatch describe-alarms --alarm-types MetricAlarm
 *   sns/<region>/list-subscriptions-by-topic.json               aws sns list-subscriptions-by-topic --topic-arn ARN,
 *                                                               one Subscriptions list for every topic the alarms notify
 *                                                               (needed only when an alarm notifies SNS)
 *   config/<region>/describe-configuration-recorders.json       aws configservice describe-configuration-recorders
 *   config/<region>/describe-configuration-recorder-status.json aws configservice describe-configuration-recorder-status
 *   config/<region>/describe-delivery-channel-status.json       aws configservice describe-delivery-channel-status
 *   guardduty/<region>/list-detectors.json                      aws guardduty list-detectors
 *   guardduty/<region>/detectors/<id>/get-detector.json         aws guardduty get-detector --detector-id ID
 *   accessanalyzer/<region>/list-analyzers.json                 aws accessanalyzer list-analyzers
 *   securityhub/<region>/describe-hub.json                      aws securityhub describe-hub ({} when not subscribed)
 * A missing file leaves that part unread, with a warning naming the command that produces it. The
 * GuardDuty and Security Hub CLIs print PascalCase members (DetectorIds, Status); the wire's
 * camelCase is accepted too. Detector ids are validated before they become paths.
 */
import { join } from 'node:path';
import type {
  AccessAnalyzer,
  ConfigRecorder,
  ConfigRecorderStatus,
  DeliveryChannelStatus,
  GuardDutyDetector,
  MetricAlarm,
  MetricFilter,
  MonitoringParts,
  SecurityHubHub,
  SnsSubscription,
} from '../../posture/monitoring';
import type { SnapshotWarning } from '../../posture/regional';
import { missingEvidenceWarning } from './ec2';
import { readJsonIfExists } from './files';

export const DETECTOR_ID = /^[A-Za-z0-9]{1,300}$/;

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const list = <T>(v: unknown, ...keys: string[]): T[] => {
  for (const k of keys) if (isObj(v) && Array.isArray(v[k])) return v[k] as T[];
  return [];
};

/** Each evidence file: the part it fills, its folder, and the command and permission behind it. */
export const MONITORING_FILES = {
  metricFilters: {
    folder: 'logs',
    file: 'describe-metric-filters.json',
    api: 'logs:DescribeMetricFilters',
    cli: 'aws logs describe-metric-filters',
  },
  metricAlarms: {
    folder: 'cloudwatch',
    file: 'describe-alarms.json',
    api: 'cloudwatch:DescribeAlarms',
    cli: 'aws cloudwatch describe-alarms --alarm-types MetricAlarm',
  },
  alarmTopicSubscriptions: {
    folder: 'sns',
    file: 'list-subscriptions-by-topic.json',
    api: 'sns:ListSubscriptionsByTopic',
    cli: 'aws sns list-subscriptions-by-topic --topic-arn ARN (for each topic the alarms notify, Subscriptions merged)',
  },
  configRecorders: {
    folder: 'config',
    file: 'describe-configuration-recorders.json',
    api: 'config:DescribeConfigurationRecorders',
    cli: 'aws configservice describe-configuration-recorders',
  },
  configRecorderStatus: {
    folder: 'config',
    file: 'describe-configuration-recorder-status.json',
    api: 'config:DescribeConfigurationRecorderStatus',
    cli: 'aws configservice describe-configuration-recorder-status',
  },
  configDeliveryStatus: {
    folder: 'config',
    file: 'describe-delivery-channel-status.json',
    api: 'config:DescribeDeliveryChannelStatus',
    cli: 'aws configservice describe-delivery-channel-status',
  },
  guardDutyDetectors: {
    folder: 'guardduty',
    file: 'list-detectors.json',
    api: 'guardduty:ListDetectors',
    cli: 'aws guardduty list-detectors',
  },
  accessAnalyzers: {
    folder: 'accessanalyzer',
    file: 'list-analyzers.json',
    api: 'access-analyzer:ListAnalyzers',
    cli: 'aws accessanalyzer list-analyzers',
  },
  securityHub: {
    folder: 'securityhub',
    file: 'describe-hub.json',
    api: 'securityhub:DescribeHub',
    cli: 'aws securityhub describe-hub',
  },
} as const;

type Part = keyof typeof MONITORING_FILES;

function parse(dir: string, region: string, part: Part, v: unknown, warnings: SnapshotWarning[]): unknown {
  switch (part) {
    case 'metricFilters':
      return list<MetricFilter>(v, 'metricFilters');
    case 'metricAlarms':
      return list<MetricAlarm>(v, 'MetricAlarms');
    case 'alarmTopicSubscriptions':
      return list<Record<string, unknown>>(v, 'Subscriptions').map(
        (x): SnsSubscription => ({
          SubscriptionArn: typeof x.SubscriptionArn === 'string' ? x.SubscriptionArn : undefined,
          Owner: typeof x.Owner === 'string' ? x.Owner : undefined,
          Protocol: typeof x.Protocol === 'string' ? x.Protocol : undefined,
          TopicArn: typeof x.TopicArn === 'string' ? x.TopicArn : undefined,
        }),
      );
    case 'configRecorders':
      return list<ConfigRecorder>(v, 'ConfigurationRecorders');
    case 'configRecorderStatus':
      return list<ConfigRecorderStatus>(v, 'ConfigurationRecordersStatus');
    case 'configDeliveryStatus':
      return list<DeliveryChannelStatus>(v, 'DeliveryChannelsStatus');
    case 'accessAnalyzers':
      return list<AccessAnalyzer>(v, 'analyzers');
    case 'securityHub':
      return isObj(v) && typeof v.HubArn === 'string' ? (v as SecurityHubHub) : null;
    case 'guardDutyDetectors': {
      const ids = list<unknown>(v, 'DetectorIds', 'detectorIds').filter(
        (id): id is string => typeof id === 'string' && DETECTOR_ID.test(id),
      );
      const missing: string[] = [];
      const detectors = ids.map((detectorId): GuardDutyDetector => {
        const d = readJsonIfExists(join(dir, 'guardduty', region, 'detectors', detectorId, 'get-detector.json'));
        const status = isObj(d) ? (d.Status ?? d.status) : undefined;
        const freq = isObj(d) ? (d.FindingPublishingFrequency ?? d.findingPublishingFrequency) : undefined;
        if (typeof status !== 'string') {
          missing.push(detectorId);
          return { detectorId };
        }
        return { detectorId, status, ...(typeof freq === 'string' ? { findingPublishingFrequency: freq } : {}) };
      });
      if (missing.length)
        warnings.push({
          api: 'guardduty:GetDetector',
          permission: 'guardduty:GetDetector',
          region,
          parts: ['guardDutyDetectors'],
          message: `Evidence has no (valid) guardduty/${region}/detectors/<id>/get-detector.json for ${missing.join(', ')}: not checked. Collect it with \`aws guardduty get-detector --region ${region} --detector-id ID\`.`,
        });
      return detectors;
    }
  }
}

export function loadMonitoringEvidence(
  dir: string,
  region: string,
): { region: MonitoringParts; warnings: SnapshotWarning[] } {
  const out: Record<string, unknown> = {};
  const warnings: SnapshotWarning[] = [];
  for (const part of Object.keys(MONITORING_FILES) as Part[]) {
    const d = MONITORING_FILES[part];
    const v = readJsonIfExists(join(dir, d.folder, region, d.file));
    if (v === undefined && part === 'alarmTopicSubscriptions') {
      // Only needed when an alarm notifies SNS; alarms unread already carry their own warning.
      const alarms = out.metricAlarms as MetricAlarm[] | undefined;
      if (!alarms) continue;
      if (!alarms.some((a) => (a.AlarmActions ?? []).some((x) => /^arn:aws[a-z-]*:sns:/.test(x)))) {
        out[part] = [];
        continue;
      }
    }
    if (v === undefined) {
      warnings.push(missingEvidenceWarning(dir, region, part, d, d.folder));
      continue;
    }
    out[part] = parse(dir, region, part, v, warnings);
  }
  return { region: out as MonitoringParts, warnings };
}
