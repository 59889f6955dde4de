/**
 * The live workload readers at the HTTP level, with bodies in the shapes of each API reference:
 * RDS and SNS (awsQuery XML), Lambda and EKS (REST-JSON), SQS (awsJson1_0), ECS (awsJson1_1).
 * Environment variable values never leave the reader; AccessDenied names the permission and the
 * items left unchecked; throttling is retried by the SDK, and what keeps failing says so.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import { loadEcsLive } from '../../src/sources/live/ecs';
import { loadEksLive } from '../../src/sources/live/eks';
import { loadLambdaLive } from '../../src/sources/live/lambda';
import { loadRdsLive } from '../../src/sources/live/rds';
import { loadSnsLive } from '../../src/sources/live/sns';
import { loadSqsLive } from '../../src/sources/live/sqs';
import { loadWorkloadsLive } from '../../src/sources/live/workloads';
import { TEST_EXTERNAL_ID, testAccount } from '../helpers/context';
import { DENIED, serveWorkloads, THROTTLED, WORKLOADS_OK } from '../helpers/workload-wire';

const account = testAccount({ accountId: '222222222222', regions: ['us-east-1'] });
const opts = { externalId: TEST_EXTERNAL_ID };
const R = 'us-east-1';
const LEGACY = 'https://sqs.us-east-1.amazonaws.com/222222222222/legacy-events';

describe('live workload readers', () => {
  beforeEach(() => resetAwsClients());
  afterEach(() => {
    delete process.env.AWS_MAX_ATTEMPTS;
  });

  it('reads every service of a region and keeps environment variable names only', async () => {
    const seen = serveWorkloads(R, WORKLOADS_OK);
    const r = await loadWorkloadsLive(account, R, opts);
    expect(r.warnings).toEqual([]);
    const w = r.region;
    expect(
      w.rdsInstances!.map((d) => [
        d.DBInstanceIdentifier,
        d.PubliclyAccessible,
        d.StorageEncrypted,
        d.BackupRetentionPeriod,
      ]),
    ).toEqual([
      ['orders-db', true, false, 0],
      ['ledger-1', false, true, 7],
    ]);
    expect(w.rdsInstances![1]!.DBClusterIdentifier).toBe('ledger');
    expect(w.rdsSnapshots).toEqual([
      expect.objectContaining({ kind: 'db', id: 'orders-db-before-migration', restore: ['all'], Encrypted: false }),
      expect.objectContaining({ kind: 'cluster', id: 'ledger-final', restore: ['444455556666'], Encrypted: true }),
    ]);
    const [thumb, hook] = w.lambdaFunctions!;
    expect(thumb).toMatchObject({
      FunctionName: 'thumbnailer',
      Runtime: 'python3.9',
      EnvironmentVariableNames: ['BUCKET', 'DB_PASSWORD', 'DB_PASSWORD_SECRET_ARN'],
      Policy: null,
      Urls: [],
    });
    expect(hook).toMatchObject({ FunctionName: 'webhook', PackageType: 'Image', Urls: [{ AuthType: 'NONE' }] });
    expect(hook!.Runtime).toBeUndefined();
    expect(hook!.Policy!.Statement.map((s) => s.Sid)).toEqual(['FunctionURLAllowPublicAccess', 'anyone']);
    expect(w.snsTopics).toEqual([
      expect.objectContaining({
        TopicArn: 'arn:aws:sns:us-east-1:222222222222:alerts',
        read: true,
        KmsMasterKeyId: 'alias/aws/sns',
      }),
      expect.objectContaining({ TopicArn: 'arn:aws:sns:us-east-1:222222222222:public-feed', read: true }),
    ]);
    expect(w.snsTopics![0]!.Policy!.Statement[0]!.Condition).toEqual({
      StringEquals: { 'AWS:SourceOwner': '222222222222' },
    });
    expect(w.sqsQueues!.map((q) => [q.QueueArn, q.read, q.SqsManagedSseEnabled])).toEqual([
      ['arn:aws:sqs:us-east-1:222222222222:jobs', true, true],
      ['arn:aws:sqs:us-east-1:222222222222:legacy-events', true, false],
    ]);
    expect(w.eksClusters![0]).toMatchObject({
      name: 'platform',
      read: true,
      version: '1.29',
      endpointPublicAccess: true,
      publicAccessCidrs: ['0.0.0.0/0'],
      clusterLogging: [
        { types: ['api', 'authenticator'], enabled: true },
        { types: ['audit', 'controllerManager', 'scheduler'], enabled: false },
      ],
    });
    expect(w.ecsTaskDefinitions).toEqual([
      expect.objectContaining({
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:222222222222:task-definition/web:7',
        networkMode: 'awsvpc',
        containers: [{ name: 'app', environmentNames: ['PORT', 'STRIPE_API_KEY'], secretNames: ['DB_PASSWORD'] }],
      }),
      expect.objectContaining({
        family: 'log-shipper',
        revision: 3,
        networkMode: 'host',
        containers: [{ name: 'shipper', privileged: true, environmentNames: [], secretNames: [] }],
      }),
    ]);
    // No secret value survives the reader.
    const all = JSON.stringify(w);
    expect(all).not.toMatch(/hunter2|sk_live|secretsmanager:us-east-1:222222222222:secret:db-AbCdEf/);
    expect(seen.filter((s) => s.startsWith('rds:Describe') && s.includes('Attributes'))).toHaveLength(2);
    expect(seen.filter((s) => s.startsWith('lambda:'))).toHaveLength(5);
  });

  it('AccessDenied on a detail call leaves only those items unchecked, naming the permission', async () => {
    serveWorkloads(R, {
      ...WORKLOADS_OK,
      'rds:DescribeDBSnapshotAttributes': DENIED.rds,
      'lambda:GetPolicy webhook': DENIED.lambda,
      'sns:GetTopicAttributes arn:aws:sns:us-east-1:222222222222:public-feed': DENIED.sns,
      [`sqs:GetQueueAttributes ${LEGACY}`]: DENIED.sqs,
      'eks:DescribeCluster': DENIED.eks,
      'ecs:DescribeTaskDefinition log-shipper': DENIED.ecs,
    });
    const r = await loadWorkloadsLive(account, R, opts);
    const byApi = Object.fromEntries(r.warnings.map((w) => [w.api, w]));
    expect(Object.keys(byApi).sort()).toEqual([
      'ecs:DescribeTaskDefinition',
      'eks:DescribeCluster',
      'lambda:GetPolicy',
      'rds:DescribeDBSnapshotAttributes',
      'sns:GetTopicAttributes',
      'sqs:GetQueueAttributes',
    ]);
    for (const w of r.warnings) {
      expect(w.permission).toBe(w.api);
      expect(w.region).toBe(R);
      expect(w.message).toMatch(new RegExp(`Access denied calling ${w.api}.*Not checked for 1 `));
    }
    expect(byApi['rds:DescribeDBSnapshotAttributes']!.message).toMatch(/orders-db-before-migration\.$/);
    expect(byApi['sqs:GetQueueAttributes']!.message).toMatch(/legacy-events\.$/);
    expect(byApi['ecs:DescribeTaskDefinition']!.message).toMatch(/log-shipper\.$/);
    const w = r.region;
    expect(w.rdsSnapshots![0]!.restore).toBeUndefined();
    expect(w.rdsSnapshots![1]!.restore).toEqual(['444455556666']);
    expect(w.lambdaFunctions![1]!.Policy).toBeUndefined();
    expect(w.snsTopics!.map((t) => t.read)).toEqual([true, false]);
    expect(w.sqsQueues!.map((q) => q.read)).toEqual([true, false]);
    expect(w.eksClusters).toEqual([{ name: 'platform', read: false }]);
    expect(w.ecsTaskDefinitions!.map((t) => t.read)).toEqual([true, false]);
  });

  it('a denied list call leaves the whole part unread, with the permission named', async () => {
    serveWorkloads(R, { 'rds:DescribeDBInstances': DENIED.rds, 'lambda:ListFunctions': DENIED.lambda });
    const rds = await loadRdsLive(account, R, opts);
    expect(rds.region.rdsInstances).toBeUndefined();
    expect(rds.warnings[0]).toMatchObject({
      api: 'rds:DescribeDBInstances',
      permission: 'rds:DescribeDBInstances',
      parts: ['rdsInstances'],
    });
    const lambda = await loadLambdaLive(account, R, opts);
    expect(lambda.region.lambdaFunctions).toBeUndefined();
    expect(lambda.warnings[0]).toMatchObject({
      api: 'lambda:ListFunctions',
      permission: 'lambda:ListFunctions',
      parts: ['lambdaFunctions'],
    });
  });

  it('throttled list calls are retried by the SDK and then read normally', async () => {
    const first = (reply: [number, string, Record<string, string>?], ok: [number, string]) => (n: number) =>
      n === 1 ? reply : ok;
    const seen = serveWorkloads(R, {
      ...WORKLOADS_OK,
      'rds:DescribeDBInstances': first(THROTTLED.rds as never, WORKLOADS_OK['rds:DescribeDBInstances'] as never),
      'lambda:ListFunctions': first(THROTTLED.lambda as never, WORKLOADS_OK['lambda:ListFunctions'] as never),
      'sns:ListTopics': first(THROTTLED.sns as never, WORKLOADS_OK['sns:ListTopics'] as never),
      'sqs:ListQueues': first(THROTTLED.sqs as never, WORKLOADS_OK['sqs:ListQueues'] as never),
      'ecs:ListTaskDefinitionFamilies': first(
        THROTTLED.ecs as never,
        WORKLOADS_OK['ecs:ListTaskDefinitionFamilies'] as never,
      ),
    });
    const r = await loadWorkloadsLive(account, R, opts);
    expect(r.warnings).toEqual([]);
    for (const op of [
      'rds:DescribeDBInstances',
      'lambda:ListFunctions',
      'sns:ListTopics',
      'sqs:ListQueues',
      'ecs:ListTaskDefinitionFamilies',
    ])
      expect(
        seen.filter((s) => s === op),
        op,
      ).toHaveLength(2);
    expect(r.region.rdsInstances).toHaveLength(2);
    expect(r.region.lambdaFunctions).toHaveLength(2);
    expect(r.region.snsTopics).toHaveLength(2);
    expect(r.region.sqsQueues).toHaveLength(2);
    expect(r.region.ecsTaskDefinitions).toHaveLength(2);
  });

  it('throttling that outlasts the retries leaves the part unread with a throttling warning', async () => {
    process.env.AWS_MAX_ATTEMPTS = '2';
    serveWorkloads(R, {
      'sns:ListTopics': THROTTLED.sns,
      'sqs:ListQueues': THROTTLED.sqs,
      'ecs:ListTaskDefinitionFamilies': THROTTLED.ecs,
      'eks:ListClusters': [200, '{"clusters":[]}'],
    });
    const [sns, sqs, ecs, eks] = await Promise.all([
      loadSnsLive(account, R, opts),
      loadSqsLive(account, R, opts),
      loadEcsLive(account, R, opts),
      loadEksLive(account, R, opts),
    ]);
    for (const [r, api, part] of [
      [sns, 'sns:ListTopics', 'snsTopics'],
      [sqs, 'sqs:ListQueues', 'sqsQueues'],
      [ecs, 'ecs:ListTaskDefinitionFamilies', 'ecsTaskDefinitions'],
    ] as const) {
      expect(Object.keys(r.region), api).toEqual([]);
      expect(r.warnings[0], api).toMatchObject({ api, parts: [part] });
      expect(r.warnings[0]!.message).toMatch(new RegExp(`AWS throttled ${api}`));
      expect(r.warnings[0]!.permission).toMatch(/throttled: retry the scan later/);
    }
    expect(eks.region.eksClusters).toEqual([]);
  });
});
