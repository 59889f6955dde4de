/**
 * The resources a snapshot saw (pure), by cloud-native id — what the resources table tracks so a
 * resource is marked decommissioned once two complete scans no longer see it.
 */
import { sgArn } from './helpers/network';
import { moreResources } from './resources-more';
import type { AccountSnapshot } from './snapshot';
import { workloadResources } from './workload-resources';

export interface SeenResource {
  resourceId: string;
  type: string;
  /** Undefined for global resources (IAM). */
  region?: string;
}

export function snapshotResources(s: AccountSnapshot): SeenResource[] {
  const out: SeenResource[] = [];
  const iam = s.iam;
  if (iam) {
    for (const u of iam.users) out.push({ resourceId: u.arn, type: 'AWS::IAM::User' });
    for (const g of iam.groups) out.push({ resourceId: g.arn, type: 'AWS::IAM::Group' });
    for (const r of iam.roles) out.push({ resourceId: r.arn, type: 'AWS::IAM::Role' });
    for (const p of iam.policies) if (!p.awsManaged) out.push({ resourceId: p.arn, type: 'AWS::IAM::ManagedPolicy' });
  }
  const trails = new Set<string>();
  for (const region of s.account.regions) {
    const r = s.regions[region];
    if (!r) continue;
    for (const g of r.securityGroups ?? [])
      out.push({ resourceId: sgArn(g, region, s.account.accountId), type: 'AWS::EC2::SecurityGroup', region });
    for (const i of r.instances ?? [])
      if (i.State?.Name !== 'terminated') out.push({ resourceId: i.InstanceId, type: 'AWS::EC2::Instance', region });
    for (const v of r.volumes ?? []) out.push({ resourceId: v.VolumeId, type: 'AWS::EC2::Volume', region });
    for (const v of r.vpcs ?? [])
      out.push({
        resourceId: `arn:aws:ec2:${region}:${v.OwnerId ?? s.account.accountId}:vpc/${v.VpcId}`,
        type: 'AWS::EC2::VPC',
        region,
      });
    for (const t of r.trails ?? [])
      if (!trails.has(t.TrailARN))
        trails.add(t.TrailARN),
          out.push({ resourceId: t.TrailARN, type: 'AWS::CloudTrail::Trail', region: t.HomeRegion ?? region });
  }
  out.push(...moreResources(s), ...workloadResources(s));
  return out;
}
