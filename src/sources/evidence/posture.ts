/**
 * The evidence folder's regional configuration for posture scans: ec2/, cloudtrail-config/, kms/;
 * ./workloads (rds/, lambda/, sns/, sqs/, eks/, ecs/); ./monitoring (logs/, cloudwatch/, config/,
 * guardduty/, accessanalyzer/, securityhub/).
 */
import type { RegionalSource } from '../../posture/collect';
import type { RegionSnapshot, SnapshotWarning } from '../../posture/regional';
import { loadTrailConfigEvidence } from './cloudtrail-config';
import { loadEc2Evidence } from './ec2';
import { loadKmsEvidence } from './kms';
import { loadMonitoringEvidence } from './monitoring';
import { loadWorkloadsEvidence } from './workloads';

export function evidenceRegional(dir: string): RegionalSource {
  return {
    kind: 'evidence',
    async read(regions) {
      const out: Record<string, RegionSnapshot> = {};
      const warnings: SnapshotWarning[] = [];
      for (const region of regions) {
        const ec2 = loadEc2Evidence(dir, region);
        const ct = loadTrailConfigEvidence(dir, region);
        const kms = loadKmsEvidence(dir, region);
        const workloads = loadWorkloadsEvidence(dir, region);
        const mon = loadMonitoringEvidence(dir, region);
        out[region] = { ...ec2.region, ...ct.region, ...kms.region, ...workloads.region, ...mon.region };
        warnings.push(...ec2.warnings, ...ct.warnings, ...kms.warnings, ...workloads.warnings, ...mon.warnings);
      }
      return { regions: out, warnings };
    },
  };
}
