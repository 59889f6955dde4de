/**
 * ECS task definitions, live, per region: ListTaskDefinitionFamilies (ACTIVE, paginated, 100 a
 * page), then DescribeTaskDefinition per family (which returns its latest ACTIVE revision), 8 at a
 * time. Older revisions are not read (calls ≈ pages + families). Environment variable VALUES are
 * dropped here: only names are kept.
 */
import { DescribeTaskDefinitionCommand, ECSClient, paginateListTaskDefinitionFamilies } from '@aws-sdk/client-ecs';
import type { AwsAccount } from '../../aws/accounts';
import { awsClient } from '../../aws/clients';
import type { SnapshotWarning } from '../../posture/regional';
import type { EcsTaskDefinition, WorkloadParts } from '../../posture/workloads';
import { taskDefinitionOf } from '../evidence/workload-shapes';
import { eachItem, FailureTally } from './per-item';
import { readPart, REGION_FATAL } from './read-part';

export async function loadEcsLive(
  account: AwsAccount,
  region: string,
  opts: { externalId: string },
): Promise<{ region: Pick<WorkloadParts, 'ecsTaskDefinitions'>; warnings: SnapshotWarning[]; regionFailed: boolean }> {
  const client = awsClient(ECSClient, account, region, opts);
  const listed = await readPart(account, region, 'ecs:ListTaskDefinitionFamilies', ['ecsTaskDefinitions'], async () => {
    const families: string[] = [];
    for await (const p of paginateListTaskDefinitionFamilies({ client, pageSize: 100 }, { status: 'ACTIVE' }))
      families.push(...(p.families ?? []));
    return families;
  });
  if (!('value' in listed))
    return { region: {}, warnings: [listed.warning], regionFailed: REGION_FATAL.includes(listed.kind) };
  const tally = new FailureTally();
  const defs: EcsTaskDefinition[] = listed.value.map((family) => ({
    taskDefinitionArn: `arn:aws:ecs:${region}:${account.accountId}:task-definition/${family}`,
    family,
    read: false,
  }));
  await eachItem(defs, async (d, i) => {
    const r = await readPart(account, region, 'ecs:DescribeTaskDefinition', ['ecsTaskDefinitions'], async () =>
      taskDefinitionOf(
        ((await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: d.family }))).taskDefinition ??
          {}) as never,
        d.taskDefinitionArn,
      ),
    );
    if ('value' in r) defs[i] = r.value;
    else tally.fail(r, d.family!);
  });
  return {
    region: { ecsTaskDefinitions: defs },
    warnings: tally.warnings('task-definition family'),
    regionFailed: false,
  };
}
