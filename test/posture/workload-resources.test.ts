import { describe, expect, it } from 'vitest';
import { snapshotResources } from '../../src/posture/resources';
import { ACCOUNT, cleanSnapshot, region } from './builders';

describe('workload resources in the inventory', () => {
  it('tracks each workload resource by the id its findings use', () => {
    const s = cleanSnapshot();
    region(s).ecsTaskDefinitions!.push({
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:x:task-definition/unread',
      read: false,
    });
    const seen = snapshotResources(s).filter((r) => /^AWS::(RDS|Lambda|SNS|SQS|EKS|ECS)::/.test(r.type));
    expect(seen).toEqual([
      {
        resourceId: `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders-db`,
        region: 'us-east-1',
        type: 'AWS::RDS::DBInstance',
      },
      {
        resourceId: `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:orders-db-before-migration`,
        region: 'us-east-1',
        type: 'AWS::RDS::DBSnapshot',
      },
      {
        resourceId: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster-snapshot:ledger-final`,
        region: 'us-east-1',
        type: 'AWS::RDS::DBClusterSnapshot',
      },
      {
        resourceId: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:thumbnailer`,
        region: 'us-east-1',
        type: 'AWS::Lambda::Function',
      },
      { resourceId: `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`, region: 'us-east-1', type: 'AWS::SNS::Topic' },
      { resourceId: `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`, region: 'us-east-1', type: 'AWS::SQS::Queue' },
      {
        resourceId: `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/platform`,
        region: 'us-east-1',
        type: 'AWS::EKS::Cluster',
      },
      // An unread task family is not claimed as seen (its id is a guess).
      {
        resourceId: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:7`,
        region: 'us-east-1',
        type: 'AWS::ECS::TaskDefinition',
      },
    ]);
  });
});
