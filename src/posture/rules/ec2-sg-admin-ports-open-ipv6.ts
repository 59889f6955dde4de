import { ADMIN_PORTS, securityGroupFindings, worldOpenPorts } from '../helpers/network';
import { defineRule } from '../rule';

export default defineRule({
  id: 'ec2-sg-admin-ports-open-ipv6',
  title: 'Security group allows SSH/RDP from ::/0',
  severity: 'high',
  service: 'ec2',
  cis: '5.3',
  rationale:
    'SSH (22) and RDP (3389) open to the whole IPv6 internet expose the same attack surface as 0.0.0.0/0 and are often forgotten.',
  remediation:
    'Remove the ::/0 rule and allow only known ranges, or use SSM Session Manager:\n' +
    'aws ec2 revoke-security-group-ingress --region REGION --group-id SG_ID --ip-permissions IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{CidrIpv6=::/0}]',
  needs: ['region.securityGroups'],
  evaluate(s) {
    return securityGroupFindings(s, (sg) => {
      const ports = worldOpenPorts(sg, ADMIN_PORTS, 'ipv6');
      return ports.length ? { message: `allows port ${ports.join(', ')} from ::/0.`, detail: { ports } } : undefined;
    });
  },
});
