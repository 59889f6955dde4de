/** The evidence folder's regional configuration (ec2/ and cloudtrail-config/) for posture scans. */
import type { RegionalSource } from '../../posture/collect';
import type { RegionSnapshot, SnapshotWarning } from '../../posture/regional';
import { loadTrailConfigEvidence } from './cloudtrail-config';
import { loadEc2Evidence } from './ec2';

export function evidenceRegional(dir: string): RegionalSource {
  return {
    kind: 'evidence',
    async read(regions) {
      const out: Record<string, RegionSnapshot> = {};
      const warnings: SnapshotWarning[] = [];
      for (const region of regions) {
        const ec2 = loadEc2Evidence(dir, region);
        const ct = loadTrailConfigEvidence(dir, region);
        out[region] = { ...ec2.region, ...ct.region };
        warnings.push(...ec2.warnings, ...ct.warnings);
      }
      return { regions: out, warnings };
    },
  };
}
