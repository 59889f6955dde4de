/**
 * RDS, live, per region: DescribeDBInstances, DescribeDBSnapshots and DescribeDBClusterSnapshots
 * (manual snapshots only: automated ones cannot be shared), paginated 100 a page, then
 * DescribeDBSnapshotAttributes / DescribeDBClusterSnapshotAttributes per manual snapshot, 8 at a
 * time, for its `restore` attribute. Calls ≈ 3 + pages + snapshots. Throttling is retried by the
 * SDK (adaptive); what still fails is a warning naming the permission and the snapshots left unchecked.
 */
import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  paginateDescribeDBClusterSnapshots,
  paginateDescribeDBInstances,
  paginateDescribeDBSnapshots,
  RDSClient,
} from '@aws-sdk/client-rds';
import type { AwsAccount } from '../../aws/accounts';
import { awsClient } from '../../aws/clients';
import type { SnapshotWarning } from '../../posture/regional';
import type { RdsInstance, RdsSnapshot, WorkloadParts } from '../../posture/workloads';
import { clusterSnapshotOf, dbSnapshotOf, rdsInstanceOf, restoreOf } from '../evidence/workload-shapes';
import { eachItem, FailureTally } from './per-item';
import { readPart, REGION_FATAL } from './read-part';

type Part = Pick<WorkloadParts, 'rdsInstances' | 'rdsSnapshots'>;

export async function loadRdsLive(
  account: AwsAccount,
  region: string,
  opts: { externalId: string },
): Promise<{ region: Part; warnings: SnapshotWarning[]; regionFailed: boolean }> {
  const client = awsClient(RDSClient, account, region, opts);
  const warnings: SnapshotWarning[] = [];
  const out: Part = {};
  const instances = await readPart(account, region, 'rds:DescribeDBInstances', ['rdsInstances'], async () => {
    const list: RdsInstance[] = [];
    for await (const p of paginateDescribeDBInstances({ client, pageSize: 100 }, {}))
      for (const d of p.DBInstances ?? []) {
        const i = rdsInstanceOf(d as never);
        if (i) list.push(i);
      }
    return list;
  });
  if (!('value' in instances)) {
    if (REGION_FATAL.includes(instances.kind))
      return {
        region: {},
        warnings: [{ ...instances.warning, parts: ['rdsInstances', 'rdsSnapshots'] }],
        regionFailed: true,
      };
    warnings.push(instances.warning);
  } else out.rdsInstances = instances.value;

  const [db, cluster] = await Promise.all([
    readPart(account, region, 'rds:DescribeDBSnapshots', ['rdsSnapshots'], async () => {
      const list: RdsSnapshot[] = [];
      for await (const p of paginateDescribeDBSnapshots({ client, pageSize: 100 }, { SnapshotType: 'manual' }))
        for (const s of p.DBSnapshots ?? []) {
          const x = dbSnapshotOf(s as never);
          if (x) list.push(x);
        }
      return list;
    }),
    readPart(account, region, 'rds:DescribeDBClusterSnapshots', ['rdsSnapshots'], async () => {
      const list: RdsSnapshot[] = [];
      for await (const p of paginateDescribeDBClusterSnapshots({ client, pageSize: 100 }, { SnapshotType: 'manual' }))
        for (const s of p.DBClusterSnapshots ?? []) {
          const x = clusterSnapshotOf(s as never);
          if (x) list.push(x);
        }
      return list;
    }),
  ]);
  for (const r of [db, cluster]) if (!('value' in r)) warnings.push(r.warning);
  // Both lists are needed for "no public snapshot": one missing leaves the part unread.
  if ('value' in db && 'value' in cluster) {
    const snaps = [...db.value, ...cluster.value];
    const tally = new FailureTally();
    await eachItem(snaps, async (s) => {
      const r =
        s.kind === 'db'
          ? await readPart(account, region, 'rds:DescribeDBSnapshotAttributes', ['rdsSnapshots'], async () => {
              const o = await client.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: s.id }));
              return o.DBSnapshotAttributesResult?.DBSnapshotAttributes ?? [];
            })
          : await readPart(account, region, 'rds:DescribeDBClusterSnapshotAttributes', ['rdsSnapshots'], async () => {
              const o = await client.send(
                new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: s.id }),
              );
              return o.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes ?? [];
            });
      if ('value' in r) s.restore = restoreOf(r.value);
      else tally.fail(r, s.id);
    });
    out.rdsSnapshots = snaps;
    warnings.push(...tally.warnings('snapshot'));
  }
  return { region: out, warnings, regionFailed: false };
}
