/** Security-group and instance helpers for EC2 rules (pure). */
import type { Instance, IpPermission, SecurityGroup } from '../regional';
import type { RuleFinding } from '../rule';
import { type AccountSnapshot, regionsWith } from '../snapshot';

export const WORLD_V4 = '0.0.0.0/0';
export const WORLD_V6 = '::/0';
export const ADMIN_PORTS = [22, 3389];
export const DATABASE_PORTS = [1433, 1521, 3306, 5432, 6379, 9200, 11211, 27017];

export type Family = 'ipv4' | 'ipv6';

export function openTo(p: IpPermission, family: Family): boolean {
  return family === 'ipv4'
    ? (p.IpRanges ?? []).some((r) => r.CidrIp === WORLD_V4)
    : (p.Ipv6Ranges ?? []).some((r) => r.CidrIpv6 === WORLD_V6);
}

const allProtocols = (p: IpPermission) => p.IpProtocol === '-1' || p.IpProtocol === 'all';

/** True when the permission covers TCP `port` (all-protocol rules cover every port). */
export function coversPort(p: IpPermission, port: number): boolean {
  if (allProtocols(p)) return true;
  if (p.IpProtocol !== 'tcp' && p.IpProtocol !== '6') return false;
  const from = p.FromPort ?? 0;
  const to = p.ToPort ?? 65535;
  return (from === -1 && to === -1) || (from <= port && port <= to);
}

export function coversAllPorts(p: IpPermission): boolean {
  if (allProtocols(p)) return true;
  return (p.IpProtocol === 'tcp' || p.IpProtocol === '6') && (p.FromPort ?? 0) <= 0 && (p.ToPort ?? 65535) >= 65535;
}

/** Ports of `ports` this group opens to the world on `family` (ingress). */
export function worldOpenPorts(sg: SecurityGroup, ports: number[], family: Family): number[] {
  const open = new Set<number>();
  for (const p of sg.IpPermissions ?? [])
    if (openTo(p, family)) for (const port of ports) if (coversPort(p, port)) open.add(port);
  return [...open].sort((a, b) => a - b);
}

export function describePermission(p: IpPermission): string {
  if (allProtocols(p)) return 'all traffic';
  const range = p.FromPort === p.ToPort ? `${p.FromPort}` : `${p.FromPort}-${p.ToPort}`;
  return `${p.IpProtocol}/${range}`;
}

export function sgArn(sg: SecurityGroup, region: string, accountId: string): string {
  return sg.SecurityGroupArn ?? `arn:aws:ec2:${region}:${sg.OwnerId ?? accountId}:security-group/${sg.GroupId}`;
}

export function liveInstance(i: Instance): boolean {
  const s = i.State?.Name;
  return s !== 'terminated' && s !== 'shutting-down';
}

export function nameTag(tags: { Key?: string; Value?: string }[] | undefined): string | undefined {
  return tags?.find((t) => t.Key === 'Name')?.Value;
}

/**
 * The shared body of the security-group rules: one finding per group (in every region whose groups
 * were read) for which `check` finds something. The message starts with the group's id and name.
 */
export function securityGroupFindings(
  s: AccountSnapshot,
  check: (sg: SecurityGroup) => { message: string; detail?: Record<string, unknown> } | undefined,
): RuleFinding[] {
  return regionsWith(s, 'securityGroups').flatMap(([region, sgs]) =>
    sgs.flatMap((sg) => {
      const hit = check(sg);
      return hit
        ? [
            {
              resourceId: sgArn(sg, region, s.account.accountId),
              resourceType: 'AWS::EC2::SecurityGroup',
              region,
              message: `${sg.GroupId} (${sg.GroupName ?? ''}) ${hit.message}`,
              detail: { groupId: sg.GroupId, ...hit.detail },
            },
          ]
        : [];
    }),
  );
}
