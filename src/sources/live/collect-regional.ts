/** The EC2 and CloudTrail-configuration part of `trailhound collect`: a region snapshot as `aws …` output files. */
import type { RegionSnapshot } from '../../posture/regional';

export function regionalEvidenceFiles(r: RegionSnapshot): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  if (r.securityGroups) f['ec2/describe-security-groups.json'] = { SecurityGroups: r.securityGroups };
  if (r.instances)
    f['ec2/describe-instances.json'] = { Reservations: r.instances.length ? [{ Instances: r.instances }] : [] };
  if (r.volumes) f['ec2/describe-volumes.json'] = { Volumes: r.volumes };
  if (r.vpcs) f['ec2/describe-vpcs.json'] = { Vpcs: r.vpcs };
  if (r.flowLogs) f['ec2/describe-flow-logs.json'] = { FlowLogs: r.flowLogs };
  if (r.ebsEncryptionByDefault !== undefined)
    f['ec2/get-ebs-encryption-by-default.json'] = { EbsEncryptionByDefault: r.ebsEncryptionByDefault };
  if (r.trails) f['cloudtrail-config/describe-trails.json'] = { trailList: r.trails };
  if (r.trailStatus) f['cloudtrail-config/get-trail-status.json'] = { trails: r.trailStatus };
  if (r.eventSelectors) f['cloudtrail-config/get-event-selectors.json'] = { trails: r.eventSelectors };
  return f;
}
