import { nameTag } from '../helpers/network';
import { defineRule } from '../rule';
import { regionsWith } from '../snapshot';

export default defineRule({
  id: 'vpc-flow-logs-missing',
  title: 'VPC without flow logs',
  severity: 'medium',
  service: 'vpc',
  cis: '3.7',
  rationale:
    'Without flow logs there is no record of which hosts talked to which IPs: exfiltration and lateral movement cannot be reconstructed.',
  remediation:
    'Enable flow logs (at least REJECT traffic; ALL for investigations) to CloudWatch Logs or S3:\n' +
    'aws ec2 create-flow-logs --region REGION --resource-type VPC --resource-ids VPC_ID --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::BUCKET/flow-logs/',
  needs: ['region.vpcs', 'region.flowLogs'],
  evaluate(s) {
    return regionsWith(s, 'vpcs').flatMap(([region, vpcs]) => {
      const flow = s.regions[region]?.flowLogs;
      if (!flow) return [];
      const logged = new Set(flow.filter((f) => (f.FlowLogStatus ?? 'ACTIVE') === 'ACTIVE').map((f) => f.ResourceId));
      return vpcs
        .filter((v) => !logged.has(v.VpcId))
        .map((v) => ({
          resourceId: `arn:aws:ec2:${region}:${v.OwnerId ?? s.account.accountId}:vpc/${v.VpcId}`,
          resourceType: 'AWS::EC2::VPC',
          region,
          message: `${v.VpcId}${nameTag(v.Tags) ? ` (${nameTag(v.Tags)})` : ''}${v.IsDefault ? ' (default VPC)' : ''} has no active flow log.`,
          detail: { vpcId: v.VpcId, isDefault: v.IsDefault === true },
        }));
    });
  },
});
