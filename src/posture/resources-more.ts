/**
 * Inventory entries (pure) for S3 buckets, KMS keys and the monitoring and detection services:
 * CloudWatch alarms, CloudWatch Logs metric filters, AWS Config recorders, GuardDuty detectors,
 * Access Analyzer analyzers and Security Hub hubs — by cloud-native id (ARN), with their region.
 */
import type { AccountSnapshot } from './snapshot';
import type { SeenResource } from './resources';

export function moreResources(s: AccountSnapshot): SeenResource[] {
  const out: SeenResource[] = [];
  const acct = s.account.accountId;
  for (const b of s.global?.buckets ?? [])
    out.push({ resourceId: `arn:aws:s3:::${b.Name}`, type: 'AWS::S3::Bucket', region: b.Region });
  for (const region of s.account.regions) {
    const r = s.regions[region];
    if (!r) continue;
    for (const k of r.kmsKeys ?? [])
      if (k.KeyManager === 'CUSTOMER')
        out.push({
          resourceId: k.Arn ?? `arn:aws:kms:${region}:${acct}:key/${k.KeyId}`,
          type: 'AWS::KMS::Key',
          region,
        });
    for (const a of r.metricAlarms ?? [])
      if (a.AlarmArn) out.push({ resourceId: a.AlarmArn, type: 'AWS::CloudWatch::Alarm', region });
    for (const f of r.metricFilters ?? [])
      if (f.logGroupName && f.filterName)
        out.push({
          resourceId: `arn:aws:logs:${region}:${acct}:log-group:${f.logGroupName}:metric-filter/${f.filterName}`,
          type: 'AWS::Logs::MetricFilter',
          region,
        });
    for (const c of r.configRecorders ?? [])
      out.push({
        resourceId: `arn:aws:config:${region}:${acct}:configuration-recorder/${c.name ?? 'default'}`,
        type: 'AWS::Config::ConfigurationRecorder',
        region,
      });
    for (const d of r.guardDutyDetectors ?? [])
      out.push({
        resourceId: `arn:aws:guardduty:${region}:${acct}:detector/${d.detectorId}`,
        type: 'AWS::GuardDuty::Detector',
        region,
      });
    for (const a of r.accessAnalyzers ?? [])
      if (a.arn) out.push({ resourceId: a.arn, type: 'AWS::AccessAnalyzer::Analyzer', region });
    if (r.securityHub?.HubArn) out.push({ resourceId: r.securityHub.HubArn, type: 'AWS::SecurityHub::Hub', region });
  }
  return out;
}
