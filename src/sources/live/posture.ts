/**
 * Live regional configuration for posture scans: per region (in parallel) the EC2 reads,
 * DescribeTrails, the KMS keys (src/sources/live/kms.ts), the workloads (./workloads.ts: RDS,
 * Lambda, SNS, SQS, EKS, ECS) and the monitoring and detection services (./monitoring.ts:
 * CloudWatch, Config, GuardDuty, Access Analyzer, Security Hub); then trail status and selectors
 * once per trail, in the trail's home region when that region is in scope.
 * API calls ≈ regions × 22 (+ extra pages) + trails × 2 + KMS keys + per-resource workload calls.
 */
import type { AwsAccount } from '../../aws/accounts';
import type { RegionalSource } from '../../posture/collect';
import type { RegionSnapshot, SnapshotWarning, Trail } from '../../posture/regional';
import { describeTrailsLive, readsTrailIn, trailDetailsLive } from './cloudtrail-config';
import { loadEc2Live } from './ec2';
import { loadKmsLive } from './kms';
import { loadMonitoringLive } from './monitoring';
import { loadWorkloadsLive } from './workloads';

export function liveRegional(account: AwsAccount, opts: { externalId: string }): RegionalSource {
  return {
    kind: 'live',
    async read(regions, o) {
      const out: Record<string, RegionSnapshot> = {};
      const warnings: SnapshotWarning[] = [];
      const listed = new Map<string, string>();
      let regionsRead = 0;
      await Promise.all(
        regions.map(async (region) => {
          const ec2 = await loadEc2Live(account, region, opts);
          out[region] = { ...ec2.region };
          warnings.push(...ec2.warnings);
          if (ec2.regionFailed) {
            regionsRead += 1;
            o?.progress?.(`${account.name}: ${region} could not be read (${regionsRead}/${regions.length} regions)`);
            return; // the same failure would repeat for CloudTrail
          }
          const t = await describeTrailsLive(account, region, opts);
          if (t.warning) warnings.push(t.warning);
          if (t.trails) out[region]!.trails = t.trails;
          const [kms, workloads, mon] = await Promise.all([
            loadKmsLive(account, region, opts),
            loadWorkloadsLive(account, region, opts),
            loadMonitoringLive(account, region, opts),
          ]);
          if (kms.kmsKeys) out[region]!.kmsKeys = kms.kmsKeys;
          Object.assign(out[region]!, workloads.region, mon.region);
          warnings.push(...kms.warnings, ...workloads.warnings, ...mon.warnings);
          regionsRead += 1;
          o?.progress?.(`${account.name}: ${region} read (${regionsRead}/${regions.length} regions)`);
        }),
      );
      for (const region of regions)
        for (const t of out[region]?.trails ?? []) if (!listed.has(t.TrailARN)) listed.set(t.TrailARN, region);
      await Promise.all(
        regions.map(async (region) => {
          const trails: Trail[] = (out[region]?.trails ?? []).filter((t) =>
            readsTrailIn(t, region, regions, (arn) => listed.get(arn)),
          );
          if (!out[region]?.trails) return;
          const d = await trailDetailsLive(account, region, trails, opts);
          Object.assign(out[region]!, d.region);
          warnings.push(...d.warnings);
        }),
      );
      return { regions: out, warnings };
    },
  };
}
