/**
 * The workload resources a snapshot saw (pure), by the same ids their findings use: RDS instances
 * and manual snapshots, Lambda functions, SNS topics, SQS queues, EKS clusters and ECS task
 * definitions (the latest revision of each family).
 */
import { functionArn } from './helpers/lambda';
import { queueArn } from './helpers/sqs';
import { arnOf } from './helpers/workloads';
import type { SeenResource } from './resources';
import type { AccountSnapshot } from './snapshot';

export function workloadResources(s: AccountSnapshot): SeenResource[] {
  const out: SeenResource[] = [];
  for (const region of s.account.regions) {
    const r = s.regions[region];
    if (!r) continue;
    for (const d of r.rdsInstances ?? [])
      out.push({
        resourceId: d.DBInstanceArn ?? arnOf(s, 'rds', region, `db:${d.DBInstanceIdentifier}`),
        type: 'AWS::RDS::DBInstance',
        region,
      });
    for (const x of r.rdsSnapshots ?? [])
      out.push(
        x.kind === 'db'
          ? { resourceId: x.arn ?? arnOf(s, 'rds', region, `snapshot:${x.id}`), type: 'AWS::RDS::DBSnapshot', region }
          : {
              resourceId: x.arn ?? arnOf(s, 'rds', region, `cluster-snapshot:${x.id}`),
              type: 'AWS::RDS::DBClusterSnapshot',
              region,
            },
      );
    for (const f of r.lambdaFunctions ?? [])
      out.push({ resourceId: functionArn(s, region, f), type: 'AWS::Lambda::Function', region });
    for (const t of r.snsTopics ?? []) out.push({ resourceId: t.TopicArn, type: 'AWS::SNS::Topic', region });
    for (const q of r.sqsQueues ?? [])
      out.push({ resourceId: queueArn(s, region, q), type: 'AWS::SQS::Queue', region });
    for (const c of r.eksClusters ?? [])
      out.push({
        resourceId: c.arn ?? arnOf(s, 'eks', region, `cluster/${c.name}`),
        type: 'AWS::EKS::Cluster',
        region,
      });
    for (const t of r.ecsTaskDefinitions ?? [])
      if (t.read) out.push({ resourceId: t.taskDefinitionArn, type: 'AWS::ECS::TaskDefinition', region });
  }
  return out;
}
