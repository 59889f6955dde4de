import { ADMIN_PORTS, liveInstance, nameTag, worldOpenPorts } from '../helpers/network';
import { defineRule } from '../rule';
import { regionsWith } from '../snapshot';

export default defineRule({
  id: 'ec2-instance-public-admin-port',
  title: 'Internet-facing instance with SSH/RDP open to the world',
  severity: 'high',
  service: 'ec2',
  rationale:
    'An instance with a public IP in a group that allows 22/3389 from anywhere is directly reachable for brute force and exploit attempts.',
  remediation:
    'Close the port to the world (see ec2-sg-admin-ports-open-*) or remove the public IP; use SSM Session Manager for access:\n' +
    'aws ssm start-session --target INSTANCE_ID',
  needs: ['region.instances', 'region.securityGroups'],
  evaluate(s) {
    return regionsWith(s, 'instances').flatMap(([region, instances]) => {
      const sgs = new Map((s.regions[region]?.securityGroups ?? []).map((g) => [g.GroupId, g]));
      return instances.flatMap((i) => {
        if (!liveInstance(i) || !i.PublicIpAddress) return [];
        const open = (i.SecurityGroups ?? []).flatMap((ref) => {
          const g = ref.GroupId ? sgs.get(ref.GroupId) : undefined;
          const ports = g
            ? [...new Set([...worldOpenPorts(g, ADMIN_PORTS, 'ipv4'), ...worldOpenPorts(g, ADMIN_PORTS, 'ipv6')])]
            : [];
          return ports.length ? [{ group: ref.GroupId, ports }] : [];
        });
        return open.length
          ? [
              {
                resourceId: i.InstanceId,
                resourceType: 'AWS::EC2::Instance',
                region,
                message: `${i.InstanceId}${nameTag(i.Tags) ? ` (${nameTag(i.Tags)})` : ''} has public IP ${i.PublicIpAddress} and ${open.map((o) => `${o.group} opens ${o.ports.join('/')}`).join('; ')} to the internet.`,
                detail: { publicIp: i.PublicIpAddress, open },
              },
            ]
          : [];
      });
    });
  },
});
