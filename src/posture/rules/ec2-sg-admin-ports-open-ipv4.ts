import { ADMIN_PORTS, securityGroupFindings, worldOpenPorts } from '../helpers/network';
import { defineRule } from '../rule';

export default defineRule({
  id: 'ec2-sg-admin-ports-open-ipv4',
  title: 'Security group allows SSH/RDP from 0.0.0.0/0',
  severity: 'high',
  service: 'ec2',
  cis: '5.2',
  rationale:
    'SSH (22) and RDP (3389) open to the whole IPv4 internet are brute-forced and exploited within minutes of exposure.',
  remediation:
    'Remove the 0.0.0.0/0 rule and allow only known ranges, or use SSM Session Manager instead of inbound SSH/RDP:\n' +
    'aws ec2 revoke-security-group-ingress --region REGION --group-id SG_ID --ip-permissions IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]',
  needs: ['region.securityGroups'],
  evaluate(s) {
    return securityGroupFindings(s, (sg) => {
      const ports = worldOpenPorts(sg, ADMIN_PORTS, 'ipv4');
      return ports.length
        ? { message: `allows port ${ports.join(', ')} from 0.0.0.0/0.`, detail: { ports } }
        : undefined;
    });
  },
});
