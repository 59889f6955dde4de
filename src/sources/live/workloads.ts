/**
 * The workload readers of one region, in parallel (RDS, Lambda, SNS, SQS, EKS, ECS: one service
 * each, so one throttled service does not slow the others). Called by ./posture.ts after EC2 has
 * shown the region is reachable.
 */
import type { AwsAccount } from '../../aws/accounts';
import type { SnapshotWarning } from '../../posture/regional';
import type { WorkloadParts } from '../../posture/workloads';
import { loadEcsLive } from './ecs';
import { loadEksLive } from './eks';
import { loadLambdaLive } from './lambda';
import { loadRdsLive } from './rds';
import { loadSnsLive } from './sns';
import { loadSqsLive } from './sqs';

export async function loadWorkloadsLive(
  account: AwsAccount,
  region: string,
  opts: { externalId: string },
): Promise<{ region: WorkloadParts; warnings: SnapshotWarning[] }> {
  const parts = await Promise.all(
    [loadRdsLive, loadLambdaLive, loadSnsLive, loadSqsLive, loadEksLive, loadEcsLive].map((load) =>
      load(account, region, opts),
    ),
  );
  return {
    region: Object.assign({}, ...parts.map((p) => p.region)) as WorkloadParts,
    warnings: parts.flatMap((p) => p.warnings),
  };
}
