/** The evidence folder's regional configuration (ec2/, cloudtrail-config/, kms/, and ./workloads: rds/, lambda/, sns/, sqs/, eks/, ecs/) for posture scans. */
import type { RegionalSource } from '../../posture/collect';
import type { RegionSnapshot, SnapshotWarning } from '../../posture/regional';
import { loadTrailConfigEvidence } from './cloudtrail-config';
import { loadEc2Evidence } from './ec2';
import { loadKmsEvidence } from './kms';
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
        out[region] = { ...ec2.region, ...ct.region, ...kms.region, ...workloads.region };
        warnings.push(...ec2.warnings, ...ct.warnings, ...kms.warnings, ...workloads.warnings);
      }
      return { regions: out, warnings };
    },
  };
}
