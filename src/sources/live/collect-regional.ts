/** The EC2, CloudTrail-configuration, KMS and (./collect-workloads) workload part of `trailhound collect`: a region snapshot as `aws …` output files. */
import type { RegionSnapshot } from '../../posture/regional';
import { KMS_KEY_ID } from '../evidence/kms';
import { monitoringEvidenceFiles } from './collect-monitoring';
import { workloadEvidenceFiles } from './collect-workloads';

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
  if (r.kmsKeys) {
    f['kms/list-keys.json'] = { Keys: r.kmsKeys.map((k) => ({ KeyId: k.KeyId, ...(k.Arn ? { KeyArn: k.Arn } : {}) })) };
    for (const k of r.kmsKeys) {
      if (!KMS_KEY_ID.test(k.KeyId) || k.KeyManager === undefined) continue;
      const { Policy, RotationEnabled, ...meta } = k;
      f[`kms/keys/${k.KeyId}/describe-key.json`] = { KeyMetadata: { ...meta, KeyId: k.KeyId } };
      if (Policy !== undefined)
        f[`kms/keys/${k.KeyId}/get-key-policy.json`] = Policy
          ? { Policy: JSON.stringify(Policy), PolicyName: 'default' }
          : {};
      if (RotationEnabled !== undefined)
        f[`kms/keys/${k.KeyId}/get-key-rotation-status.json`] = { KeyRotationEnabled: RotationEnabled };
    }
  }
  Object.assign(f, monitoringEvidenceFiles(r));
  Object.assign(f, workloadEvidenceFiles(r));
  return f;
}
