/**
 * EKS clusters, live, per region: ListClusters (paginated, 100 a page), then DescribeCluster per
 * cluster, 8 at a time. Calls ≈ pages + clusters. Throttling is retried by the SDK (adaptive); a
 * failing DescribeCluster leaves that cluster unchecked.
 */
import { DescribeClusterCommand, EKSClient, paginateListClusters } from '@aws-sdk/client-eks';
import type { AwsAccount } from '../../aws/accounts';
import { awsClient } from '../../aws/clients';
import type { SnapshotWarning } from '../../posture/regional';
import type { EksCluster, WorkloadParts } from '../../posture/workloads';
import { clusterOf } from '../evidence/workload-shapes';
import { eachItem, FailureTally } from './per-item';
import { readPart, REGION_FATAL } from './read-part';

export async function loadEksLive(
  account: AwsAccount,
  region: string,
  opts: { externalId: string },
): Promise<{ region: Pick<WorkloadParts, 'eksClusters'>; warnings: SnapshotWarning[]; regionFailed: boolean }> {
  const client = awsClient(EKSClient, account, region, opts);
  const listed = await readPart(account, region, 'eks:ListClusters', ['eksClusters'], async () => {
    const names: string[] = [];
    for await (const p of paginateListClusters({ client, pageSize: 100 }, {})) names.push(...(p.clusters ?? []));
    return names;
  });
  if (!('value' in listed))
    return { region: {}, warnings: [listed.warning], regionFailed: REGION_FATAL.includes(listed.kind) };
  const tally = new FailureTally();
  const clusters: EksCluster[] = listed.value.map((name) => ({ name, read: false }));
  await eachItem(clusters, async (c, i) => {
    const r = await readPart(account, region, 'eks:DescribeCluster', ['eksClusters'], async () =>
      clusterOf(c.name, (await client.send(new DescribeClusterCommand({ name: c.name }))).cluster as never),
    );
    if ('value' in r) clusters[i] = r.value;
    else tally.fail(r, c.name);
  });
  return { region: { eksClusters: clusters }, warnings: tally.warnings('cluster'), regionFailed: false };
}
