/**
 * The monitoring and detection part of `trailhound collect`: a region's CloudWatch, Config,
 * GuardDuty, Access Analyzer and Security Hub configuration written back as `aws …` output files,
 * in the layout src/sources/evidence/monitoring.ts reads (paths relative to `<folder>/<region>/`,
 * the caller inserts the region). A part that could not be read is not written.
 */
import type { MonitoringParts } from '../../posture/monitoring';
import { DETECTOR_ID, MONITORING_FILES } from '../evidence/monitoring';

export function monitoringEvidenceFiles(r: MonitoringParts): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  const at = (part: keyof typeof MONITORING_FILES) => `${MONITORING_FILES[part].folder}/${MONITORING_FILES[part].file}`;
  if (r.metricFilters) f[at('metricFilters')] = { metricFilters: r.metricFilters };
  if (r.metricAlarms) f[at('metricAlarms')] = { MetricAlarms: r.metricAlarms, CompositeAlarms: [] };
  // Written when an alarm notifies SNS (even with no subscriber: that is the finding); the reader needs it then.
  const notifiesSns = (r.metricAlarms ?? []).some((a) => (a.AlarmActions ?? []).some((x) => x.startsWith('arn:')));
  if (r.alarmTopicSubscriptions && (r.alarmTopicSubscriptions.length || notifiesSns))
    f[at('alarmTopicSubscriptions')] = { Subscriptions: r.alarmTopicSubscriptions };
  if (r.configRecorders) f[at('configRecorders')] = { ConfigurationRecorders: r.configRecorders };
  if (r.configRecorderStatus) f[at('configRecorderStatus')] = { ConfigurationRecordersStatus: r.configRecorderStatus };
  if (r.configDeliveryStatus) f[at('configDeliveryStatus')] = { DeliveryChannelsStatus: r.configDeliveryStatus };
  if (r.guardDutyDetectors) {
    const ds = r.guardDutyDetectors.filter((d) => DETECTOR_ID.test(d.detectorId));
    f[at('guardDutyDetectors')] = { DetectorIds: ds.map((d) => d.detectorId) };
    for (const d of ds)
      if (d.status)
        f[`guardduty/detectors/${d.detectorId}/get-detector.json`] = {
          Status: d.status,
          ...(d.findingPublishingFrequency ? { FindingPublishingFrequency: d.findingPublishingFrequency } : {}),
        };
  }
  if (r.accessAnalyzers) f[at('accessAnalyzers')] = { analyzers: r.accessAnalyzers };
  if (r.securityHub !== undefined) f[at('securityHub')] = r.securityHub ?? {};
  return f;
}
