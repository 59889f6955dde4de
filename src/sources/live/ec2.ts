/**
 * EC2 configuration, live, per region: DescribeSecurityGroups, DescribeInstances, DescribeVolumes,
 * DescribeVpcs, DescribeFlowLogs (all paginated, up to 1,000 / 500 items a page) and
 * GetEbsEncryptionByDefault. Clients come from src/aws (read role, External ID, adaptive retries).
 * A failing API leaves its part unread with a warning; a region-wide failure (opt-in region not
 * enabled, credentials rejected) stops the region after the first call instead of repeating it.
 */
import {
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeFlowLogs,
  paginateDescribeInstances,
  paginateDescribeSecurityGroups,
  paginateDescribeVolumes,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import type { AwsAccount } from '../../aws/accounts';
import { awsClient } from '../../aws/clients';
import type {
  FlowLog,
  Instance,
  RegionSnapshot,
  SecurityGroup,
  SnapshotWarning,
  Volume,
  Vpc,
} from '../../posture/regional';
import { plain, readPart, REGION_FATAL } from './read-part';

async function all<P, T>(pages: AsyncIterable<P>, items: (p: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(...(items(p) ?? []));
  return out;
}

export async function loadEc2Live(
  account: AwsAccount,
  region: string,
  opts: { externalId: string },
): Promise<{ region: Partial<RegionSnapshot>; warnings: SnapshotWarning[]; regionFailed: boolean }> {
  const client = awsClient(EC2Client, account, region, { externalId: opts.externalId });
  const out: Partial<RegionSnapshot> = {};
  const warnings: SnapshotWarning[] = [];
  const steps: { api: string; part: keyof RegionSnapshot; run: () => Promise<unknown> }[] = [
    {
      api: 'ec2:DescribeSecurityGroups',
      part: 'securityGroups',
      run: async () =>
        plain<SecurityGroup[]>(
          await all(paginateDescribeSecurityGroups({ client, pageSize: 1000 }, {}), (p) => p.SecurityGroups),
        ),
    },
    {
      api: 'ec2:DescribeInstances',
      part: 'instances',
      run: async () =>
        plain<Instance[]>(
          await all(paginateDescribeInstances({ client, pageSize: 1000 }, {}), (p) =>
            p.Reservations?.flatMap((r) => r.Instances ?? []),
          ),
        ),
    },
    {
      api: 'ec2:DescribeVolumes',
      part: 'volumes',
      run: async () =>
        plain<Volume[]>(await all(paginateDescribeVolumes({ client, pageSize: 500 }, {}), (p) => p.Volumes)),
    },
    {
      api: 'ec2:DescribeVpcs',
      part: 'vpcs',
      run: async () => plain<Vpc[]>(await all(paginateDescribeVpcs({ client, pageSize: 1000 }, {}), (p) => p.Vpcs)),
    },
    {
      api: 'ec2:DescribeFlowLogs',
      part: 'flowLogs',
      run: async () =>
        plain<FlowLog[]>(await all(paginateDescribeFlowLogs({ client, pageSize: 1000 }, {}), (p) => p.FlowLogs)),
    },
    {
      api: 'ec2:GetEbsEncryptionByDefault',
      part: 'ebsEncryptionByDefault',
      run: async () => (await client.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault === true,
    },
  ];
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const r = await readPart(account, region, s.api, [s.part], s.run);
    if ('value' in r) {
      (out as Record<string, unknown>)[s.part] = r.value;
      continue;
    }
    if (REGION_FATAL.includes(r.kind)) {
      r.warning.parts = steps.slice(i).map((x) => x.part);
      r.warning.message += ` The rest of ${region}'s EC2 configuration was not read.`;
      warnings.push(r.warning);
      return { region: out, warnings, regionFailed: true };
    }
    warnings.push(r.warning);
  }
  return { region: out, warnings, regionFailed: false };
}
