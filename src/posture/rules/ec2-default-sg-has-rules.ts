import { sgArn } from '../helpers/network';
import { defineRule } from '../rule';
import { regionsWith } from '../snapshot';

export default defineRule({
  id: 'ec2-default-sg-has-rules',
  title: 'Default security group allows traffic',
  severity: 'medium',
  service: 'vpc',
  cis: '5.4',
  rationale:
    'Resources launched without an explicit group land in the VPC default group; if it has rules they silently get that access. CIS requires it to restrict all traffic.',
  remediation:
    'Remove every inbound and outbound rule of the default group (and move resources to purpose-built groups):\n' +
    'aws ec2 revoke-security-group-ingress --region REGION --group-id DEFAULT_SG_ID --ip-permissions "$(aws ec2 describe-security-groups --region REGION --group-ids DEFAULT_SG_ID --query SecurityGroups[0].IpPermissions)"\n' +
    'aws ec2 revoke-security-group-egress --region REGION --group-id DEFAULT_SG_ID --ip-permissions "$(aws ec2 describe-security-groups --region REGION --group-ids DEFAULT_SG_ID --query SecurityGroups[0].IpPermissionsEgress)"',
  needs: ['region.securityGroups'],
  evaluate(s) {
    return regionsWith(s, 'securityGroups').flatMap(([region, sgs]) =>
      sgs
        .filter(
          (sg) =>
            sg.GroupName === 'default' &&
            ((sg.IpPermissions?.length ?? 0) > 0 || (sg.IpPermissionsEgress?.length ?? 0) > 0),
        )
        .map((sg) => ({
          resourceId: sgArn(sg, region, s.account.accountId),
          resourceType: 'AWS::EC2::SecurityGroup',
          region,
          message: `Default group ${sg.GroupId} of ${sg.VpcId ?? 'its VPC'} has ${sg.IpPermissions?.length ?? 0} inbound and ${sg.IpPermissionsEgress?.length ?? 0} outbound rule(s).`,
          detail: { groupId: sg.GroupId, vpcId: sg.VpcId },
        })),
    );
  },
});
