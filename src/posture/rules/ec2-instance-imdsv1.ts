import { liveInstance, nameTag } from '../helpers/network';
import { defineRule } from '../rule';
import { regionsWith } from '../snapshot';

export default defineRule({
  id: 'ec2-instance-imdsv1',
  title: 'Instance allows IMDSv1',
  severity: 'high',
  service: 'ec2',
  cis: '5.6',
  rationale:
    'With IMDSv1 (HttpTokens=optional) any SSRF in an application on the instance can read the instance role credentials from 169.254.169.254 with a plain GET.',
  remediation:
    'Require session tokens (IMDSv2):\naws ec2 modify-instance-metadata-options --region REGION --instance-id INSTANCE_ID --http-tokens required --http-endpoint enabled',
  needs: ['region.instances'],
  evaluate(s) {
    return regionsWith(s, 'instances').flatMap(([region, instances]) =>
      instances
        .filter(
          (i) =>
            liveInstance(i) &&
            i.MetadataOptions?.HttpEndpoint !== 'disabled' &&
            i.MetadataOptions?.HttpTokens !== 'required',
        )
        .map((i) => ({
          resourceId: i.InstanceId,
          resourceType: 'AWS::EC2::Instance',
          region,
          message: `${i.InstanceId}${nameTag(i.Tags) ? ` (${nameTag(i.Tags)})` : ''} has HttpTokens=${i.MetadataOptions?.HttpTokens ?? 'optional'}${i.IamInstanceProfile?.Arn ? `; its role credentials are reachable via IMDSv1 (${i.IamInstanceProfile.Arn.split('/').pop()})` : ''}.`,
          detail: { instanceProfile: i.IamInstanceProfile?.Arn, state: i.State?.Name },
        })),
    );
  },
});
