/**
 * The workload part of `trailhound collect`: a region's RDS, Lambda, SNS, SQS, EKS and ECS parts as
 * `aws …` output files (paths without the region; collect inserts it after the folder). Detail
 * calls are gathered in one file per API keyed by item; an item whose detail could not be read is
 * left out of it (so reading the folder back says "not checked"). Environment variables are
 * written with empty values: the snapshot never held them.
 */
import type { RegionSnapshot } from '../../posture/regional';

const byKey = <T>(items: T[], key: (t: T) => string, value: (t: T) => unknown | undefined) =>
  Object.fromEntries(
    items.flatMap((t) => {
      const v = value(t);
      return v === undefined ? [] : [[key(t), v]];
    }),
  );

export function workloadEvidenceFiles(r: RegionSnapshot): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  if (r.rdsInstances) f['rds/describe-db-instances.json'] = { DBInstances: r.rdsInstances };
  if (r.rdsSnapshots) {
    const db = r.rdsSnapshots.filter((s) => s.kind === 'db');
    const cl = r.rdsSnapshots.filter((s) => s.kind === 'cluster');
    f['rds/describe-db-snapshots.json'] = {
      DBSnapshots: db.map((s) => ({
        DBSnapshotIdentifier: s.id,
        DBSnapshotArn: s.arn,
        DBInstanceIdentifier: s.source,
        SnapshotType: s.SnapshotType,
        Encrypted: s.Encrypted,
      })),
    };
    f['rds/describe-db-cluster-snapshots.json'] = {
      DBClusterSnapshots: cl.map((s) => ({
        DBClusterSnapshotIdentifier: s.id,
        DBClusterSnapshotArn: s.arn,
        DBClusterIdentifier: s.source,
        SnapshotType: s.SnapshotType,
        StorageEncrypted: s.Encrypted,
      })),
    };
    f['rds/describe-db-snapshot-attributes.json'] = {
      snapshots: byKey(
        db,
        (s) => s.id,
        (s) =>
          s.restore === undefined
            ? undefined
            : {
                DBSnapshotAttributesResult: {
                  DBSnapshotIdentifier: s.id,
                  DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: s.restore }],
                },
              },
      ),
    };
    f['rds/describe-db-cluster-snapshot-attributes.json'] = {
      snapshots: byKey(
        cl,
        (s) => s.id,
        (s) =>
          s.restore === undefined
            ? undefined
            : {
                DBClusterSnapshotAttributesResult: {
                  DBClusterSnapshotIdentifier: s.id,
                  DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: s.restore }],
                },
              },
      ),
    };
  }
  if (r.lambdaFunctions) {
    f['lambda/list-functions.json'] = {
      Functions: r.lambdaFunctions.map(({ EnvironmentVariableNames, Policy, Urls, ...fn }) => ({
        ...fn,
        ...(EnvironmentVariableNames?.length
          ? { Environment: { Variables: Object.fromEntries(EnvironmentVariableNames.map((n) => [n, ''])) } }
          : {}),
      })),
    };
    f['lambda/get-policy.json'] = {
      functions: byKey(
        r.lambdaFunctions,
        (fn) => fn.FunctionName,
        (fn) => (fn.Policy === undefined ? undefined : fn.Policy ? { Policy: JSON.stringify(fn.Policy) } : {}),
      ),
    };
    f['lambda/list-function-url-configs.json'] = {
      functions: byKey(
        r.lambdaFunctions,
        (fn) => fn.FunctionName,
        (fn) => (fn.Urls === undefined ? undefined : { FunctionUrlConfigs: fn.Urls }),
      ),
    };
  }
  if (r.snsTopics) {
    f['sns/list-topics.json'] = { Topics: r.snsTopics.map((t) => ({ TopicArn: t.TopicArn })) };
    f['sns/get-topic-attributes.json'] = {
      topics: byKey(
        r.snsTopics,
        (t) => t.TopicArn,
        (t) =>
          t.read
            ? {
                Attributes: {
                  TopicArn: t.TopicArn,
                  ...(t.Policy ? { Policy: JSON.stringify(t.Policy) } : {}),
                  ...(t.KmsMasterKeyId ? { KmsMasterKeyId: t.KmsMasterKeyId } : {}),
                },
              }
            : undefined,
      ),
    };
  }
  if (r.sqsQueues) {
    f['sqs/list-queues.json'] = { QueueUrls: r.sqsQueues.map((q) => q.QueueUrl) };
    f['sqs/get-queue-attributes.json'] = {
      queues: byKey(
        r.sqsQueues,
        (q) => q.QueueUrl,
        (q) =>
          q.read
            ? {
                Attributes: {
                  ...(q.QueueArn ? { QueueArn: q.QueueArn } : {}),
                  ...(q.Policy ? { Policy: JSON.stringify(q.Policy) } : {}),
                  ...(q.KmsMasterKeyId ? { KmsMasterKeyId: q.KmsMasterKeyId } : {}),
                  ...(q.SqsManagedSseEnabled !== undefined
                    ? { SqsManagedSseEnabled: String(q.SqsManagedSseEnabled) }
                    : {}),
                },
              }
            : undefined,
      ),
    };
  }
  if (r.eksClusters) {
    f['eks/list-clusters.json'] = { clusters: r.eksClusters.map((c) => c.name) };
    f['eks/describe-cluster.json'] = {
      clusters: byKey(
        r.eksClusters,
        (c) => c.name,
        (c) =>
          c.read
            ? {
                cluster: {
                  name: c.name,
                  arn: c.arn,
                  version: c.version,
                  status: c.status,
                  resourcesVpcConfig: {
                    endpointPublicAccess: c.endpointPublicAccess,
                    endpointPrivateAccess: c.endpointPrivateAccess,
                    publicAccessCidrs: c.publicAccessCidrs,
                  },
                  logging: { clusterLogging: c.clusterLogging ?? [] },
                },
              }
            : undefined,
      ),
    };
  }
  if (r.ecsTaskDefinitions) {
    const withFamily = r.ecsTaskDefinitions.filter((t) => t.family);
    f['ecs/list-task-definition-families.json'] = { families: withFamily.map((t) => t.family) };
    f['ecs/describe-task-definition.json'] = {
      families: byKey(
        withFamily,
        (t) => t.family!,
        (t) =>
          t.read
            ? {
                taskDefinition: {
                  taskDefinitionArn: t.taskDefinitionArn,
                  family: t.family,
                  revision: t.revision,
                  networkMode: t.networkMode,
                  containerDefinitions: (t.containers ?? []).map((c) => ({
                    name: c.name,
                    ...(c.privileged !== undefined ? { privileged: c.privileged } : {}),
                    environment: (c.environmentNames ?? []).map((name) => ({ name, value: '' })),
                    secrets: (c.secretNames ?? []).map((name) => ({ name, valueFrom: '' })),
                  })),
                },
              }
            : undefined,
      ),
    };
  }
  return f;
}
