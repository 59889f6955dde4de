import { coversAllPorts, describePermission, openTo, securityGroupFindings } from '../helpers/network';
import { defineRule } from '../rule';

export default defineRule({
  id: 'ec2-sg-all-ports-open',
  title: 'Security group allows all traffic from the internet',
  severity: 'high',
  service: 'ec2',
  rationale:
    'An ingress rule for all protocols/ports from 0.0.0.0/0 or ::/0 exposes every listening service of every attached instance.',
  remediation:
    'Replace the rule with the specific ports and sources needed:\n' +
    'aws ec2 revoke-security-group-ingress --region REGION --group-id SG_ID --ip-permissions IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]',
  needs: ['region.securityGroups'],
  evaluate(s) {
    return securityGroupFindings(s, (sg) => {
      const bad = (sg.IpPermissions ?? []).filter((p) => coversAllPorts(p) && (openTo(p, 'ipv4') || openTo(p, 'ipv6')));
      return bad.length
        ? { message: `allows ${bad.map(describePermission).join(', ')} from the internet.` }
        : undefined;
    });
  },
});
