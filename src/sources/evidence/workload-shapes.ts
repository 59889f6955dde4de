/**
 * Pure mappers from the AWS API / CLI output shapes of RDS, Lambda, SNS, SQS, EKS and ECS to the
 * snapshot's workload fields, shared by the live readers (SDK output) and the evidence readers
 * (CLI JSON). Environment variable VALUES are dropped here: only names come out.
 */
import { decodePolicyDocument } from '../../iam/policy-document';
import type {
  EcsTaskDefinition,
  EksCluster,
  LambdaFunction,
  RdsInstance,
  RdsSnapshot,
  SnsTopic,
  SqsQueue,
} from '../../posture/workloads';

type Obj = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const defined = <T extends Obj>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function rdsInstanceOf(d: Obj): RdsInstance | undefined {
  const id = str(d.DBInstanceIdentifier);
  if (!id) return undefined;
  return defined({
    DBInstanceIdentifier: id,
    DBInstanceArn: str(d.DBInstanceArn),
    Engine: str(d.Engine),
    EngineVersion: str(d.EngineVersion),
    DBInstanceStatus: str(d.DBInstanceStatus),
    DBClusterIdentifier: str(d.DBClusterIdentifier),
    PubliclyAccessible: bool(d.PubliclyAccessible),
    StorageEncrypted: bool(d.StorageEncrypted),
    KmsKeyId: str(d.KmsKeyId),
    BackupRetentionPeriod: num(d.BackupRetentionPeriod),
    ReadReplicaSourceDBInstanceIdentifier: str(d.ReadReplicaSourceDBInstanceIdentifier),
  });
}

export function dbSnapshotOf(s: Obj): RdsSnapshot | undefined {
  const id = str(s.DBSnapshotIdentifier);
  if (!id) return undefined;
  return defined({
    kind: 'db' as const,
    id,
    arn: str(s.DBSnapshotArn),
    source: str(s.DBInstanceIdentifier),
    SnapshotType: str(s.SnapshotType),
    Encrypted: bool(s.Encrypted),
  });
}

export function clusterSnapshotOf(s: Obj): RdsSnapshot | undefined {
  const id = str(s.DBClusterSnapshotIdentifier);
  if (!id) return undefined;
  return defined({
    kind: 'cluster' as const,
    id,
    arn: str(s.DBClusterSnapshotArn),
    source: str(s.DBClusterIdentifier),
    SnapshotType: str(s.SnapshotType),
    Encrypted: bool(s.StorageEncrypted),
  });
}

/** The `restore` attribute's values from a list of snapshot attributes (empty when absent). */
export function restoreOf(attributes: unknown): string[] {
  const list = Array.isArray(attributes) ? (attributes as Obj[]) : [];
  const r = list.find((a) => a?.AttributeName === 'restore');
  return Array.isArray(r?.AttributeValues) ? (r.AttributeValues as unknown[]).map(String) : [];
}

/** A ListFunctions entry with the environment reduced to its names. */
export function functionOf(f: Obj): LambdaFunction | undefined {
  const name = str(f.FunctionName);
  if (!name) return undefined;
  const vars = ((f.Environment as Obj | undefined)?.Variables ?? {}) as Obj;
  return defined({
    FunctionName: name,
    FunctionArn: str(f.FunctionArn),
    Runtime: str(f.Runtime),
    PackageType: str(f.PackageType),
    LastModified: str(f.LastModified),
    EnvironmentVariableNames: vars && typeof vars === 'object' ? Object.keys(vars) : [],
  });
}

/** GetTopicAttributes' map as the topic's fields (throws on an unparsable policy). */
export function topicAttributes(a: Obj): Pick<SnsTopic, 'Policy' | 'KmsMasterKeyId'> {
  const kms = str(a.KmsMasterKeyId);
  return { Policy: str(a.Policy) ? decodePolicyDocument(a.Policy) : null, ...(kms ? { KmsMasterKeyId: kms } : {}) };
}

/** GetQueueAttributes' string map as the queue's fields (throws on an unparsable policy). */
export function queueAttributes(a: Obj): Partial<SqsQueue> {
  return defined({
    QueueArn: str(a.QueueArn),
    Policy: str(a.Policy) ? decodePolicyDocument(a.Policy) : null,
    KmsMasterKeyId: str(a.KmsMasterKeyId) || undefined,
    SqsManagedSseEnabled: a.SqsManagedSseEnabled === undefined ? undefined : String(a.SqsManagedSseEnabled) === 'true',
  });
}

/** DescribeCluster's `cluster` as the fields the rules read. */
export function clusterOf(name: string, c: Obj | undefined): EksCluster {
  const vpc = (c?.resourcesVpcConfig ?? {}) as Obj;
  const logging = ((c?.logging as Obj | undefined)?.clusterLogging ?? []) as Obj[];
  return defined({
    name,
    read: true,
    arn: str(c?.arn),
    version: str(c?.version),
    status: str(c?.status),
    endpointPublicAccess: bool(vpc.endpointPublicAccess),
    endpointPrivateAccess: bool(vpc.endpointPrivateAccess),
    publicAccessCidrs: Array.isArray(vpc.publicAccessCidrs)
      ? (vpc.publicAccessCidrs as unknown[]).map(String)
      : undefined,
    clusterLogging: logging.map((l) => ({
      types: Array.isArray(l.types) ? (l.types as unknown[]).map(String) : [],
      enabled: bool(l.enabled),
    })),
  });
}

/** DescribeTaskDefinition's `taskDefinition` with environment values dropped. */
export function taskDefinitionOf(td: Obj, fallbackArn: string): EcsTaskDefinition {
  const containers = (Array.isArray(td.containerDefinitions) ? td.containerDefinitions : []) as Obj[];
  const names = (v: unknown) => (Array.isArray(v) ? (v as Obj[]).map((e) => str(e?.name) ?? '').filter(Boolean) : []);
  return defined({
    taskDefinitionArn: str(td.taskDefinitionArn) ?? fallbackArn,
    read: true,
    family: str(td.family),
    revision: num(td.revision),
    networkMode: str(td.networkMode),
    containers: containers.map((c) =>
      defined({
        name: str(c.name),
        privileged: bool(c.privileged),
        environmentNames: names(c.environment),
        secretNames: names(c.secrets),
      }),
    ),
  });
}
