import { defineRule } from '../rule';
import { regionsWith } from '../snapshot';

export default defineRule({
  id: 'ec2-ebs-volume-unencrypted',
  title: 'Unencrypted EBS volume',
  severity: 'medium',
  service: 'ec2',
  rationale:
    'Unencrypted volumes (and their snapshots, which can be shared) expose data at rest; encryption with KMS also gives an access-control and audit point.',
  remediation:
    'Volumes cannot be encrypted in place: snapshot, copy the snapshot encrypted, create a volume from it and swap:\n' +
    'aws ec2 create-snapshot --region REGION --volume-id VOLUME_ID\n' +
    'aws ec2 copy-snapshot --region REGION --source-region REGION --source-snapshot-id SNAP_ID --encrypted\n' +
    'aws ec2 create-volume --region REGION --snapshot-id ENCRYPTED_SNAP_ID --availability-zone AZ',
  needs: ['region.volumes'],
  evaluate(s) {
    return regionsWith(s, 'volumes').flatMap(([region, volumes]) =>
      volumes
        .filter((v) => v.Encrypted !== true)
        .map((v) => {
          const on = v.Attachments?.map((a) => a.InstanceId).filter(Boolean) ?? [];
          return {
            resourceId: v.VolumeId,
            resourceType: 'AWS::EC2::Volume',
            region,
            message: `${v.VolumeId} (${v.Size ?? '?'} GiB, ${v.State ?? 'unknown'}${on.length ? `, attached to ${on.join(', ')}` : ''}) is not encrypted.`,
            detail: { attachedTo: on },
          };
        }),
    );
  },
});
