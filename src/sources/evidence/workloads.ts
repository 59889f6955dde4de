/**
 * RDS, Lambda, SNS, SQS, EKS and ECS from an evidence folder, per region; each file the JSON output
 * of the AWS CLI call (detail calls gathered in one file per API, keyed by the item, like
 * cloudtrail-config's get-trail-status.json):
 *
 *   rds/<region>/describe-db-instances.json                  aws rds describe-db-instances
 *   rds/<region>/describe-db-snapshots.json                  aws rds describe-db-snapshots --snapshot-type manual
 *   rds/<region>/describe-db-cluster-snapshots.json          aws rds describe-db-cluster-snapshots --snapshot-type manual
 *   rds/<region>/describe-db-snapshot-attributes.json        {"snapshots": {"<id>": <aws rds describe-db-snapshot-attributes --db-snapshot-identifier ID>}}
 *   rds/<region>/describe-db-cluster-snapshot-attributes.json {"snapshots": {"<id>": <… --db-cluster-snapshot-identifier ID>}}
 *   lambda/<region>/list-functions.json                      aws lambda list-functions (environment values blanked by collect)
 *   lambda/<region>/get-policy.json                          {"functions": {"<name>": <aws lambda get-policy --function-name NAME>, or {} when it has none}}
 *   lambda/<region>/list-function-url-configs.json           {"functions": {"<name>": <aws lambda list-function-url-configs --function-name NAME>}}
 *   sns/<region>/list-topics.json                            aws sns list-topics
 *   sns/<region>/get-topic-attributes.json                   {"topics": {"<arn>": <aws sns get-topic-attributes --topic-arn ARN>}}
 *   sqs/<region>/list-queues.json                            aws sqs list-queues
 *   sqs/<region>/get-queue-attributes.json                   {"queues": {"<url>": <aws sqs get-queue-attributes --queue-url URL --attribute-names All>}}
 *   eks/<region>/list-clusters.json                          aws eks list-clusters
 *   eks/<region>/describe-cluster.json                       {"clusters": {"<name>": <aws eks describe-cluster --name NAME>}}
 *   ecs/<region>/list-task-definition-families.json          aws ecs list-task-definition-families --status ACTIVE
 *   ecs/<region>/describe-task-definition.json               {"families": {"<family>": <aws ecs describe-task-definition --task-definition FAMILY>}}
 *
 * A missing list file leaves that part unread (a warning gives the command); an item missing from a
 * detail file is "not checked" (one warning per file naming the items). Environment variable values,
 * should a file carry them, are dropped on reading.
 */
import { join } from 'node:path';
import { decodePolicyDocument } from '../../iam/policy-document';
import type { SnapshotWarning } from '../../posture/regional';
import type {
  EcsTaskDefinition,
  EksCluster,
  LambdaFunction,
  RdsSnapshot,
  SnsTopic,
  SqsQueue,
  WorkloadParts,
} from '../../posture/workloads';
import { missingEvidenceWarning } from './ec2';
import { readJsonIfExists } from './files';
import {
  clusterOf,
  clusterSnapshotOf,
  dbSnapshotOf,
  functionOf,
  queueAttributes,
  rdsInstanceOf,
  restoreOf,
  taskDefinitionOf,
  topicAttributes,
} from './workload-shapes';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

interface Ctx {
  dir: string;
  region: string;
  warnings: SnapshotWarning[];
}

/** A list file's array under `key`, or undefined (with a warning) when the file is missing. */
function list(
  c: Ctx,
  folder: string,
  file: string,
  key: string,
  api: string,
  cli: string,
  part: string,
): unknown[] | undefined {
  const v = readJsonIfExists(join(c.dir, folder, c.region, file));
  if (v === undefined) {
    c.warnings.push(missingEvidenceWarning(c.dir, c.region, part, { file, api, cli }, folder));
    return undefined;
  }
  return isObj(v) && Array.isArray(v[key]) ? (v[key] as unknown[]) : [];
}

/** A detail file's map under `key` (empty when the file is missing: every item is then not checked). */
function details(c: Ctx, folder: string, file: string, key: string): Obj {
  const v = readJsonIfExists(join(c.dir, folder, c.region, file));
  return isObj(v) && isObj(v[key]) ? (v[key] as Obj) : {};
}

/** Items missing from a detail file: one warning naming them. */
function notChecked(c: Ctx, folder: string, file: string, api: string, part: string, items: string[]): void {
  if (!items.length) return;
  c.warnings.push({
    api,
    permission: api,
    region: c.region,
    parts: [part],
    message: `Evidence has no (valid) entry in ${folder}/${c.region}/${file} for ${items.length} item(s) (${items.slice(0, 5).join(', ')}${items.length > 5 ? ', …' : ''}): not checked for them.`,
  });
}

function rds(c: Ctx): Pick<WorkloadParts, 'rdsInstances' | 'rdsSnapshots'> {
  const out: Pick<WorkloadParts, 'rdsInstances' | 'rdsSnapshots'> = {};
  const inst = list(
    c,
    'rds',
    'describe-db-instances.json',
    'DBInstances',
    'rds:DescribeDBInstances',
    'aws rds describe-db-instances',
    'rdsInstances',
  );
  if (inst) out.rdsInstances = inst.filter(isObj).flatMap((d) => rdsInstanceOf(d) ?? []);
  const db = list(
    c,
    'rds',
    'describe-db-snapshots.json',
    'DBSnapshots',
    'rds:DescribeDBSnapshots',
    'aws rds describe-db-snapshots --snapshot-type manual',
    'rdsSnapshots',
  );
  const cl = list(
    c,
    'rds',
    'describe-db-cluster-snapshots.json',
    'DBClusterSnapshots',
    'rds:DescribeDBClusterSnapshots',
    'aws rds describe-db-cluster-snapshots --snapshot-type manual',
    'rdsSnapshots',
  );
  if (!db || !cl) return out;
  const snaps: RdsSnapshot[] = [
    ...db.filter(isObj).flatMap((s) => dbSnapshotOf(s) ?? []),
    ...cl.filter(isObj).flatMap((s) => clusterSnapshotOf(s) ?? []),
  ];
  const dbAttr = details(c, 'rds', 'describe-db-snapshot-attributes.json', 'snapshots');
  const clAttr = details(c, 'rds', 'describe-db-cluster-snapshot-attributes.json', 'snapshots');
  const missing = { db: [] as string[], cluster: [] as string[] };
  for (const s of snaps) {
    const e = (s.kind === 'db' ? dbAttr : clAttr)[s.id];
    const r = isObj(e)
      ? s.kind === 'db'
        ? (e.DBSnapshotAttributesResult as Obj | undefined)?.DBSnapshotAttributes
        : (e.DBClusterSnapshotAttributesResult as Obj | undefined)?.DBClusterSnapshotAttributes
      : undefined;
    if (Array.isArray(r)) s.restore = restoreOf(r);
    else missing[s.kind].push(s.id);
  }
  notChecked(
    c,
    'rds',
    'describe-db-snapshot-attributes.json',
    'rds:DescribeDBSnapshotAttributes',
    'rdsSnapshots',
    missing.db,
  );
  notChecked(
    c,
    'rds',
    'describe-db-cluster-snapshot-attributes.json',
    'rds:DescribeDBClusterSnapshotAttributes',
    'rdsSnapshots',
    missing.cluster,
  );
  out.rdsSnapshots = snaps;
  return out;
}

function lambda(c: Ctx): Pick<WorkloadParts, 'lambdaFunctions'> {
  const fns = list(
    c,
    'lambda',
    'list-functions.json',
    'Functions',
    'lambda:ListFunctions',
    'aws lambda list-functions',
    'lambdaFunctions',
  );
  if (!fns) return {};
  const functions: LambdaFunction[] = fns.filter(isObj).flatMap((f) => functionOf(f) ?? []);
  const policies = details(c, 'lambda', 'get-policy.json', 'functions');
  const urls = details(c, 'lambda', 'list-function-url-configs.json', 'functions');
  const noPolicy: string[] = [];
  const noUrls: string[] = [];
  for (const f of functions) {
    const p = policies[f.FunctionName];
    try {
      if (isObj(p)) f.Policy = typeof p.Policy === 'string' && p.Policy ? decodePolicyDocument(p.Policy) : null;
      else noPolicy.push(f.FunctionName);
    } catch {
      noPolicy.push(f.FunctionName);
    }
    const u = urls[f.FunctionName];
    if (isObj(u) && Array.isArray(u.FunctionUrlConfigs))
      f.Urls = (u.FunctionUrlConfigs as Obj[]).filter(isObj).map((x) => ({
        ...(typeof x.FunctionUrl === 'string' ? { FunctionUrl: x.FunctionUrl } : {}),
        ...(typeof x.AuthType === 'string' ? { AuthType: x.AuthType } : {}),
      }));
    else noUrls.push(f.FunctionName);
  }
  notChecked(c, 'lambda', 'get-policy.json', 'lambda:GetPolicy', 'lambdaFunctions', noPolicy);
  notChecked(c, 'lambda', 'list-function-url-configs.json', 'lambda:ListFunctionUrlConfigs', 'lambdaFunctions', noUrls);
  return { lambdaFunctions: functions };
}

function sns(c: Ctx): Pick<WorkloadParts, 'snsTopics'> {
  const topics = list(c, 'sns', 'list-topics.json', 'Topics', 'sns:ListTopics', 'aws sns list-topics', 'snsTopics');
  if (!topics) return {};
  const attrs = details(c, 'sns', 'get-topic-attributes.json', 'topics');
  const missing: string[] = [];
  const out: SnsTopic[] = topics.filter(isObj).flatMap<SnsTopic>((t) => {
    const TopicArn = typeof t.TopicArn === 'string' ? t.TopicArn : undefined;
    if (!TopicArn) return [];
    const a = attrs[TopicArn];
    try {
      if (isObj(a) && isObj(a.Attributes)) return [{ TopicArn, read: true, ...topicAttributes(a.Attributes) }];
    } catch {
      /* unparsable policy: not checked */
    }
    missing.push(TopicArn);
    return [{ TopicArn, read: false }];
  });
  notChecked(c, 'sns', 'get-topic-attributes.json', 'sns:GetTopicAttributes', 'snsTopics', missing);
  return { snsTopics: out };
}

function sqs(c: Ctx): Pick<WorkloadParts, 'sqsQueues'> {
  const urls = list(c, 'sqs', 'list-queues.json', 'QueueUrls', 'sqs:ListQueues', 'aws sqs list-queues', 'sqsQueues');
  if (!urls) return {};
  const attrs = details(c, 'sqs', 'get-queue-attributes.json', 'queues');
  const missing: string[] = [];
  const out: SqsQueue[] = urls.flatMap<SqsQueue>((u) => {
    if (typeof u !== 'string') return [];
    const a = attrs[u];
    try {
      if (isObj(a) && isObj(a.Attributes)) return [{ QueueUrl: u, read: true, ...queueAttributes(a.Attributes) }];
    } catch {
      /* unparsable policy: not checked */
    }
    missing.push(u);
    return [{ QueueUrl: u, read: false }];
  });
  notChecked(c, 'sqs', 'get-queue-attributes.json', 'sqs:GetQueueAttributes', 'sqsQueues', missing);
  return { sqsQueues: out };
}

function eks(c: Ctx): Pick<WorkloadParts, 'eksClusters'> {
  const names = list(
    c,
    'eks',
    'list-clusters.json',
    'clusters',
    'eks:ListClusters',
    'aws eks list-clusters',
    'eksClusters',
  );
  if (!names) return {};
  const desc = details(c, 'eks', 'describe-cluster.json', 'clusters');
  const missing: string[] = [];
  const out: EksCluster[] = names.flatMap<EksCluster>((n) => {
    if (typeof n !== 'string') return [];
    const d = desc[n];
    if (isObj(d) && isObj(d.cluster)) return [clusterOf(n, d.cluster)];
    missing.push(n);
    return [{ name: n, read: false }];
  });
  notChecked(c, 'eks', 'describe-cluster.json', 'eks:DescribeCluster', 'eksClusters', missing);
  return { eksClusters: out };
}

function ecs(c: Ctx): Pick<WorkloadParts, 'ecsTaskDefinitions'> {
  const families = list(
    c,
    'ecs',
    'list-task-definition-families.json',
    'families',
    'ecs:ListTaskDefinitionFamilies',
    'aws ecs list-task-definition-families --status ACTIVE',
    'ecsTaskDefinitions',
  );
  if (!families) return {};
  const desc = details(c, 'ecs', 'describe-task-definition.json', 'families');
  const missing: string[] = [];
  const out: EcsTaskDefinition[] = families.flatMap<EcsTaskDefinition>((f) => {
    if (typeof f !== 'string') return [];
    const arn = `arn:aws:ecs:${c.region}:unknown:task-definition/${f}`;
    const d = desc[f];
    if (isObj(d) && isObj(d.taskDefinition)) return [taskDefinitionOf(d.taskDefinition, arn)];
    missing.push(f);
    return [{ taskDefinitionArn: arn, family: f, read: false }];
  });
  notChecked(c, 'ecs', 'describe-task-definition.json', 'ecs:DescribeTaskDefinition', 'ecsTaskDefinitions', missing);
  return { ecsTaskDefinitions: out };
}

export function loadWorkloadsEvidence(
  dir: string,
  region: string,
): { region: WorkloadParts; warnings: SnapshotWarning[] } {
  const c: Ctx = { dir, region, warnings: [] };
  return { region: { ...rds(c), ...lambda(c), ...sns(c), ...sqs(c), ...eks(c), ...ecs(c) }, warnings: c.warnings };
}
