/**
 * Monitoring and detection configuration, live, per region (the five services in parallel):
 *   CloudWatch Logs  DescribeMetricFilters (every log group; 50 a page)
 *   CloudWatch       DescribeAlarms (metric alarms; 100 a page)
 *   SNS              ListSubscriptionsByTopic for each topic the alarms notify (after DescribeAlarms)
 *   AWS Config       DescribeConfigurationRecorders, DescribeConfigurationRecorderStatus,
 *                    DescribeDeliveryChannelStatus
 *   GuardDuty        ListDetectors, then GetDetector per detector (one per region in practice)
 *   Access Analyzer  ListAnalyzers
 *   Security Hub     DescribeHub (InvalidAccessException "not subscribed" = off, read as null)
 * Calls ≈ 9 per region plus extra pages. Each call that fails leaves only its part unread, with a
 * warning naming the permission (SecurityAudit grants them all); throttling is retried by the SDK's
 * adaptive mode first. A region-wide failure (opt-in region disabled, credentials) stops the region.
 */
import { AccessAnalyzerClient, paginateListAnalyzers } from '@aws-sdk/client-accessanalyzer';
import { CloudWatchClient, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, paginateDescribeMetricFilters } from '@aws-sdk/client-cloudwatch-logs';
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelStatusCommand,
} from '@aws-sdk/client-config-service';
import { GetDetectorCommand, GuardDutyClient, paginateListDetectors } from '@aws-sdk/client-guardduty';
import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { paginateListSubscriptionsByTopic, SNSClient } from '@aws-sdk/client-sns';
import type { AwsAccount } from '../../aws/accounts';
import { awsClient } from '../../aws/clients';
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
import { plain, readPart, REGION_FATAL } from './read-part';

/** Security Hub's answer when the account never enabled it in the region. */
export function notSubscribed(err: unknown): boolean {
  const e = err as { name?: string; message?: string };
  return e?.name === 'InvalidAccessException' && /not subscribed/i.test(e.message ?? '');
}

export async function loadMonitoringLive(
  account: AwsAccount,
  region: string,
  opts: { externalId: string },
): Promise<{ region: MonitoringParts; warnings: SnapshotWarning[]; regionFailed: boolean }> {
  const session = { externalId: opts.externalId };
  const logs = awsClient(CloudWatchLogsClient, account, region, session);
  const cw = awsClient(CloudWatchClient, account, region, session);
  const config = awsClient(ConfigServiceClient, account, region, session);
  const gd = awsClient(GuardDutyClient, account, region, session);
  const aa = awsClient(AccessAnalyzerClient, account, region, session);
  const sh = awsClient(SecurityHubClient, account, region, session);

  const out: MonitoringParts = {};
  const warnings: SnapshotWarning[] = [];
  let regionFailed = false;
  const part = async <K extends keyof MonitoringParts>(
    key: K,
    api: string,
    fn: () => Promise<MonitoringParts[K]>,
  ): Promise<void> => {
    const r = await readPart(account, region, api, [key], fn);
    if ('value' in r) out[key] = r.value;
    else {
      warnings.push(r.warning);
      if (REGION_FATAL.includes(r.kind)) regionFailed = true;
    }
  };

  // Metric filters first: a region-wide failure there saves the other calls.
  await part('metricFilters', 'logs:DescribeMetricFilters', async () => {
    const filters: MetricFilter[] = [];
    for await (const p of paginateDescribeMetricFilters({ client: logs, pageSize: 50 }, {}))
      filters.push(...plain<MetricFilter[]>(p.metricFilters ?? []));
    return filters;
  });
  if (regionFailed) return { region: out, warnings, regionFailed };

  await Promise.all([
    part('metricAlarms', 'cloudwatch:DescribeAlarms', async () => {
      const alarms: MetricAlarm[] = [];
      for await (const p of paginateDescribeAlarms({ client: cw, pageSize: 100 }, { AlarmTypes: ['MetricAlarm'] }))
        for (const a of p.MetricAlarms ?? [])
          alarms.push({
            AlarmName: a.AlarmName,
            AlarmArn: a.AlarmArn,
            ActionsEnabled: a.ActionsEnabled,
            AlarmActions: a.AlarmActions,
            MetricName: a.MetricName,
            Namespace: a.Namespace,
            ...(a.Metrics?.length ? { Metrics: plain<MetricAlarm['Metrics']>(a.Metrics) } : {}),
            StateValue: a.StateValue,
          });
      return alarms;
    }),
    part('configRecorders', 'config:DescribeConfigurationRecorders', async () =>
      plain<ConfigRecorder[]>(
        (await config.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [],
      ).map(({ name, roleARN, recordingGroup }) => ({ name, roleARN, recordingGroup })),
    ),
    part('configRecorderStatus', 'config:DescribeConfigurationRecorderStatus', async () =>
      plain<ConfigRecorderStatus[]>(
        (await config.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [],
      ).map(({ name, recording, lastStatus, lastErrorCode, lastErrorMessage }) => ({
        name,
        recording,
        lastStatus,
        lastErrorCode,
        lastErrorMessage,
      })),
    ),
    part('configDeliveryStatus', 'config:DescribeDeliveryChannelStatus', async () =>
      plain<DeliveryChannelStatus[]>(
        (await config.send(new DescribeDeliveryChannelStatusCommand({}))).DeliveryChannelsStatus ?? [],
      ),
    ),
    (async () => {
      const ids: string[] = [];
      const listed = await readPart(account, region, 'guardduty:ListDetectors', ['guardDutyDetectors'], async () => {
        for await (const p of paginateListDetectors({ client: gd, pageSize: 50 }, {}))
          ids.push(...(p.DetectorIds ?? []));
        return ids;
      });
      if (!('value' in listed)) {
        warnings.push(listed.warning);
        return;
      }
      const detectors: GuardDutyDetector[] = [];
      for (const detectorId of listed.value) {
        const d = await readPart(account, region, 'guardduty:GetDetector', ['guardDutyDetectors'], async () =>
          gd.send(new GetDetectorCommand({ DetectorId: detectorId })),
        );
        if ('value' in d)
          detectors.push({
            detectorId,
            status: d.value.Status,
            ...(d.value.FindingPublishingFrequency
              ? { findingPublishingFrequency: d.value.FindingPublishingFrequency }
              : {}),
          });
        else {
          detectors.push({ detectorId });
          warnings.push({ ...d.warning, message: `${d.warning.message} Detector ${detectorId} not checked.` });
        }
      }
      out.guardDutyDetectors = detectors;
    })(),
    part('accessAnalyzers', 'access-analyzer:ListAnalyzers', async () => {
      const list: AccessAnalyzer[] = [];
      for await (const p of paginateListAnalyzers({ client: aa, pageSize: 50 }, {}))
        for (const a of p.analyzers ?? []) list.push({ arn: a.arn, name: a.name, type: a.type, status: a.status });
      return list;
    }),
    part('securityHub', 'securityhub:DescribeHub', async () => {
      try {
        const h = await sh.send(new DescribeHubCommand({}));
        return plain<SecurityHubHub>({
          HubArn: h.HubArn,
          SubscribedAt: h.SubscribedAt,
          AutoEnableControls: h.AutoEnableControls,
          ControlFindingGenerator: h.ControlFindingGenerator,
        });
      } catch (err) {
        if (notSubscribed(err)) return null;
        throw err;
      }
    }),
  ]);
  // CIS 4.x: an alarm pages someone only if its topic has a confirmed subscriber.
  if (out.metricAlarms) {
    const topics = [
      ...new Set(out.metricAlarms.flatMap((a) => (a.AlarmActions ?? []).filter((x) => /^arn:aws[a-z-]*:sns:/.test(x)))),
    ].sort();
    const sns = awsClient(SNSClient, account, region, session);
    await part('alarmTopicSubscriptions', 'sns:ListSubscriptionsByTopic', async () => {
      const subs: SnsSubscription[] = [];
      for (const TopicArn of topics)
        for await (const p of paginateListSubscriptionsByTopic({ client: sns }, { TopicArn }))
          for (const x of p.Subscriptions ?? [])
            subs.push({
              SubscriptionArn: x.SubscriptionArn,
              Owner: x.Owner,
              Protocol: x.Protocol,
              TopicArn: x.TopicArn,
            });
      return subs;
    });
  }
  return { region: out, warnings, regionFailed };
}
