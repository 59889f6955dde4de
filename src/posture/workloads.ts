/**
 * The workload part of a region snapshot (pure types, no SDK): RDS instances and snapshots, Lambda
 * functions, SNS topics, SQS queues, EKS clusters and ECS task definitions. Field names follow the
 * AWS API (and so the AWS CLI's JSON output). A part left `undefined` was not read (a warning says
 * why); an item whose detail call failed carries `read: false` or an undefined field, and the rules
 * report it "not checked", never passed.
 *
 * Secrets: environment variables are kept by NAME only. Readers strip the values before anything
 * is stored, written to an evidence folder or shown.
 */
import type { PolicyDocument } from '../iam/policy-document';

/** DescribeDBInstances: the fields the rules read. */
export interface RdsInstance {
  DBInstanceIdentifier: string;
  DBInstanceArn?: string;
  Engine?: string;
  EngineVersion?: string;
  DBInstanceStatus?: string;
  DBClusterIdentifier?: string;
  PubliclyAccessible?: boolean;
  StorageEncrypted?: boolean;
  KmsKeyId?: string;
  BackupRetentionPeriod?: number;
  ReadReplicaSourceDBInstanceIdentifier?: string;
}

/** A manual DB snapshot (DescribeDBSnapshots) or DB cluster snapshot (DescribeDBClusterSnapshots). */
export interface RdsSnapshot {
  kind: 'db' | 'cluster';
  /** DBSnapshotIdentifier or DBClusterSnapshotIdentifier. */
  id: string;
  arn?: string;
  /** The DB instance or cluster it was taken from. */
  source?: string;
  SnapshotType?: string;
  Encrypted?: boolean;
  /**
   * The `restore` attribute's values (Describe…SnapshotAttributes): account ids allowed to copy or
   * restore it, `all` when public. Undefined: the attributes could not be read.
   */
  restore?: string[];
}

export interface LambdaFunctionUrl {
  FunctionUrl?: string;
  /** NONE | AWS_IAM */
  AuthType?: string;
}

/** ListFunctions (+ GetPolicy and ListFunctionUrlConfigs per function). */
export interface LambdaFunction {
  FunctionName: string;
  FunctionArn?: string;
  /** Undefined for container-image functions. */
  Runtime?: string;
  PackageType?: string;
  LastModified?: string;
  /** Environment variable NAMES only (values are dropped by the readers). */
  EnvironmentVariableNames?: string[];
  /** GetPolicy: the resource policy; null: the function has none; undefined: not read. */
  Policy?: PolicyDocument | null;
  /** ListFunctionUrlConfigs; undefined: not read. */
  Urls?: LambdaFunctionUrl[];
}

/** ListTopics + GetTopicAttributes. */
export interface SnsTopic {
  TopicArn: string;
  /** False: GetTopicAttributes failed (Policy and KmsMasterKeyId unknown). */
  read: boolean;
  Policy?: PolicyDocument | null;
  KmsMasterKeyId?: string;
}

/** ListQueues + GetQueueAttributes (All). */
export interface SqsQueue {
  QueueUrl: string;
  QueueArn?: string;
  /** False: GetQueueAttributes failed. */
  read: boolean;
  Policy?: PolicyDocument | null;
  KmsMasterKeyId?: string;
  SqsManagedSseEnabled?: boolean;
}

/** ListClusters + DescribeCluster. */
export interface EksCluster {
  name: string;
  /** False: DescribeCluster failed. */
  read: boolean;
  arn?: string;
  version?: string;
  status?: string;
  endpointPublicAccess?: boolean;
  endpointPrivateAccess?: boolean;
  publicAccessCidrs?: string[];
  clusterLogging?: { types?: string[]; enabled?: boolean }[];
}

export interface EcsContainer {
  name?: string;
  privileged?: boolean;
  /** `environment[].name` only (values are dropped by the readers). */
  environmentNames?: string[];
  /** `secrets[].name`: variables injected from Secrets Manager / Parameter Store (the right way). */
  secretNames?: string[];
}

/** The latest ACTIVE revision of each task-definition family (ListTaskDefinitionFamilies + DescribeTaskDefinition). */
export interface EcsTaskDefinition {
  taskDefinitionArn: string;
  /** False: DescribeTaskDefinition failed. */
  read: boolean;
  family?: string;
  revision?: number;
  networkMode?: string;
  containers?: EcsContainer[];
}

/** The workload parts of one region. `undefined` = not read (see the snapshot's warnings). */
export interface WorkloadParts {
  rdsInstances?: RdsInstance[];
  /** Manual DB and DB cluster snapshots with their `restore` attribute. */
  rdsSnapshots?: RdsSnapshot[];
  lambdaFunctions?: LambdaFunction[];
  snsTopics?: SnsTopic[];
  sqsQueues?: SqsQueue[];
  eksClusters?: EksCluster[];
  ecsTaskDefinitions?: EcsTaskDefinition[];
}
