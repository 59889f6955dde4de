import { liveInstance, nameTag } from '../helpers/network';
import { defineRule } from '../rule';
import { regionsWith } from '../snapshot';

export default defineRule({
  id: 'ec2-instance-no-role',
  title: 'Instance without an IAM instance role',
  severity: 'low',
  service: 'ec2',
  cis: '1.18',
  rationale:
    'Instances without a role tend to carry long-lived access keys on disk; an instance role gives rotated, scoped credentials instead.',
  remediation:
    'Attach an instance profile with only the permissions the workload needs:\naws ec2 associate-iam-instance-profile --region REGION --instance-id INSTANCE_ID --iam-instance-profile Name=PROFILE_NAME',
  needs: ['region.instances'],
  evaluate(s) {
    return regionsWith(s, 'instances').flatMap(([region, instances]) =>
      instances
        .filter((i) => liveInstance(i) && !i.IamInstanceProfile?.Arn)
        .map((i) => ({
          resourceId: i.InstanceId,
          resourceType: 'AWS::EC2::Instance',
          region,
          message: `${i.InstanceId}${nameTag(i.Tags) ? ` (${nameTag(i.Tags)})` : ''} has no instance role.`,
        })),
    );
  },
});
