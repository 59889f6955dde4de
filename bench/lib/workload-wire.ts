/**
 * The workload services and KMS for the local posture benchmark endpoint (bench/lib/fake-aws.ts):
 * a generated set split across the regions, served in each service's own wire format — RDS
 * (awsQuery XML, named list members), SNS (awsQuery), Lambda and EKS (REST-JSON), SQS (awsJson1_0),
 * ECS and KMS (awsJson1_1). `handleWorkload` answers a request it recognises and returns undefined
 * otherwise. Used by bench/lib/services-bench.ts for RDS and Lambda.
 */
import type { IncomingMessage } from 'node:http';

export interface WorkloadSizes {
  /** Totals across the regions: region r holds floor(n / regions) plus one while r < n mod regions. */
  rdsInstances: number;
  functions: number;
  kmsKeys: number;
  topics: number;
  queues: number;
  clusters: number;
  families: number;
}

export type Reply = { status: number; type: string; text: string; headers?: Record<string, string> };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const json = (v: unknown, type = 'application/x-amz-json-1.1'): Reply => ({
  status: 200,
  type,
  text: JSON.stringify(v),
});
const xml = (text: string): Reply => ({ status: 200, type: 'text/xml', text });
const queryResp = (ns: string, op: string, inner: string) =>
  xml(
    `<${op}Response xmlns="${ns}"><${op}Result>${inner}</${op}Result><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></${op}Response>`,
  );
const RDS_NS = 'http://rds.amazonaws.com/doc/2014-10-31/';
const SNS_NS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const PAGE = 100;

export function workloadServer(
  account: string,
  regions: string[],
  totals: WorkloadSizes,
  countCall: (api: string, region: string) => void,
) {
  const idx = (n: number) => Array.from({ length: n }, (_, k) => k);
  const keyId = (r: number, k: number) => `${String(r).padStart(8, '0')}-0000-4000-8000-${String(k).padStart(12, '0')}`;

  function handleWorkload(req: IncomingMessage, body: string, region: string): Reply | undefined {
    const r = regions.indexOf(region);
    const count = (api: string) => countCall(api, region);
    const share = (n: number) => Math.floor(n / regions.length) + (r >= 0 && r < n % regions.length ? 1 : 0);
    const sizes = Object.fromEntries(
      Object.entries(totals).map(([k, n]) => [k, share(n as number)]),
    ) as unknown as WorkloadSizes;
    const target = String(req.headers['x-amz-target'] ?? '');
    const url = req.url ?? '/';
    if (target.startsWith('TrentService.')) {
      const op = target.split('.').pop()!;
      count(`kms:${op}`);
      const b = JSON.parse(body || '{}');
      if (op === 'ListKeys') {
        const start = Number(b.Marker ?? 0);
        const keys = idx(sizes.kmsKeys).slice(start, start + (b.Limit ?? 1000));
        const next = start + keys.length;
        return json({
          Keys: keys.map((k) => ({
            KeyId: keyId(r, k),
            KeyArn: `arn:aws:kms:${region}:${account}:key/${keyId(r, k)}`,
          })),
          Truncated: next < sizes.kmsKeys,
          ...(next < sizes.kmsKeys ? { NextMarker: String(next) } : {}),
        });
      }
      if (op === 'DescribeKey') {
        const k = Number(String(b.KeyId).split('-').pop());
        return json({
          KeyMetadata: {
            KeyId: b.KeyId,
            Arn: `arn:aws:kms:${region}:${account}:key/${b.KeyId}`,
            KeyManager: k % 4 === 0 ? 'AWS' : 'CUSTOMER',
            KeyState: 'Enabled',
            KeySpec: 'SYMMETRIC_DEFAULT',
            KeyUsage: 'ENCRYPT_DECRYPT',
            Origin: 'AWS_KMS',
          },
        });
      }
      if (op === 'GetKeyPolicy')
        return json({
          PolicyName: 'default',
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
            ],
          }),
        });
      if (op === 'GetKeyRotationStatus')
        return json({ KeyRotationEnabled: Number(String(b.KeyId).split('-').pop()) % 3 !== 0 });
      return undefined;
    }
    if (target.startsWith('AmazonSQS.')) {
      const op = target.split('.').pop()!;
      count(`sqs:${op}`);
      const b = JSON.parse(body || '{}');
      const type = 'application/x-amz-json-1.0';
      if (op === 'ListQueues')
        // The SQS client sends per-queue calls to the queue URL's host: give URLs on this endpoint.
        return json({ QueueUrls: idx(sizes.queues).map((k) => `http://${req.headers.host}/${account}/q-${k}`) }, type);
      if (op === 'GetQueueAttributes') {
        const name = String(b.QueueUrl).split('/').pop();
        return json(
          { Attributes: { QueueArn: `arn:aws:sqs:${region}:${account}:${name}`, SqsManagedSseEnabled: 'true' } },
          type,
        );
      }
      return undefined;
    }
    if (target.startsWith('AmazonEC2ContainerServiceV20141113.')) {
      const op = target.split('.').pop()!;
      count(`ecs:${op}`);
      const b = JSON.parse(body || '{}');
      if (op === 'ListTaskDefinitionFamilies') return json({ families: idx(sizes.families).map((k) => `svc-${k}`) });
      if (op === 'DescribeTaskDefinition')
        return json({
          taskDefinition: {
            taskDefinitionArn: `arn:aws:ecs:${region}:${account}:task-definition/${b.taskDefinition}:3`,
            family: b.taskDefinition,
            revision: 3,
            networkMode: 'awsvpc',
            containerDefinitions: [{ name: 'app', environment: [{ name: 'PORT', value: '8080' }] }],
          },
        });
      return undefined;
    }
    if (target) return undefined;
    if (req.method === 'GET' && url.startsWith('/2015-03-31/functions')) {
      const m = /^\/2015-03-31\/functions\/([^/]+)\/policy/.exec(url);
      if (m) {
        count('lambda:GetPolicy');
        return {
          status: 404,
          type: 'application/json',
          text: JSON.stringify({ Type: 'User', Message: 'The resource you requested does not exist.' }),
          headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
        };
      }
      count('lambda:ListFunctions');
      const q = new URL(url, 'http://x').searchParams;
      const start = Number(q.get('Marker') ?? 0);
      const n = Math.min(Number(q.get('MaxItems') ?? 50), 50);
      const fns = idx(sizes.functions).slice(start, start + n);
      const next = start + fns.length;
      return json(
        {
          Functions: fns.map((k) => ({
            FunctionName: `fn-${k}`,
            FunctionArn: `arn:aws:lambda:${region}:${account}:function:fn-${k}`,
            Runtime: k % 10 === 0 ? 'nodejs18.x' : 'python3.13',
            PackageType: 'Zip',
            Environment: { Variables: { LOG_LEVEL: 'info', ...(k % 25 === 0 ? { API_TOKEN: 'x' } : {}) } },
          })),
          ...(next < sizes.functions ? { NextMarker: String(next) } : {}),
        },
        'application/json',
      );
    }
    if (req.method === 'GET' && url.startsWith('/2021-10-31/functions')) {
      count('lambda:ListFunctionUrlConfigs');
      return json({ FunctionUrlConfigs: [] }, 'application/json');
    }
    if (req.method === 'GET' && url.startsWith('/clusters')) {
      const m = /^\/clusters\/([^/?]+)/.exec(url);
      if (m) {
        count('eks:DescribeCluster');
        return json(
          {
            cluster: {
              name: m[1],
              arn: `arn:aws:eks:${region}:${account}:cluster/${m[1]}`,
              version: '1.33',
              status: 'ACTIVE',
              resourcesVpcConfig: {
                endpointPublicAccess: true,
                endpointPrivateAccess: true,
                publicAccessCidrs: ['10.0.0.0/8'],
              },
              logging: { clusterLogging: [{ types: ['api', 'audit', 'authenticator'], enabled: true }] },
            },
          },
          'application/json',
        );
      }
      count('eks:ListClusters');
      return json({ clusters: idx(sizes.clusters).map((k) => `k8s-${k}`) }, 'application/json');
    }
    const params = new URLSearchParams(body);
    const action = params.get('Action');
    const version = params.get('Version');
    if (version === '2014-10-31') {
      count(`rds:${action}`);
      const marker = Number(params.get('Marker') ?? 0);
      if (action === 'DescribeDBInstances') {
        const items = idx(sizes.rdsInstances).slice(marker, marker + PAGE);
        const next = marker + items.length < sizes.rdsInstances ? `<Marker>${marker + items.length}</Marker>` : '';
        return queryResp(
          RDS_NS,
          action,
          `<DBInstances>${items
            .map(
              (k) =>
                `<DBInstance><DBInstanceIdentifier>db-${k}</DBInstanceIdentifier><DBInstanceArn>arn:aws:rds:${region}:${account}:db:db-${k}</DBInstanceArn><Engine>postgres</Engine><DBInstanceStatus>available</DBInstanceStatus><PubliclyAccessible>${k % 20 === 0}</PubliclyAccessible><StorageEncrypted>${k % 7 !== 0}</StorageEncrypted><BackupRetentionPeriod>${k % 30 === 0 ? 0 : 7}</BackupRetentionPeriod></DBInstance>`,
            )
            .join('')}</DBInstances>${next}`,
        );
      }
      if (action === 'DescribeDBSnapshots')
        return queryResp(
          RDS_NS,
          action,
          `<DBSnapshots>${idx(Math.ceil(sizes.rdsInstances / 5))
            .map(
              (k) =>
                `<DBSnapshot><DBSnapshotIdentifier>snap-${k}</DBSnapshotIdentifier><DBInstanceIdentifier>db-${k}</DBInstanceIdentifier><SnapshotType>manual</SnapshotType><Encrypted>true</Encrypted></DBSnapshot>`,
            )
            .join('')}</DBSnapshots>`,
        );
      if (action === 'DescribeDBClusterSnapshots') return queryResp(RDS_NS, action, '<DBClusterSnapshots/>');
      if (action === 'DescribeDBSnapshotAttributes')
        return queryResp(
          RDS_NS,
          action,
          `<DBSnapshotAttributesResult><DBSnapshotIdentifier>${esc(params.get('DBSnapshotIdentifier') ?? '')}</DBSnapshotIdentifier><DBSnapshotAttributes><DBSnapshotAttribute><AttributeName>restore</AttributeName><AttributeValues/></DBSnapshotAttribute></DBSnapshotAttributes></DBSnapshotAttributesResult>`,
        );
      return undefined;
    }
    if (version === '2010-03-31') {
      count(`sns:${action}`);
      if (action === 'ListTopics')
        return queryResp(
          SNS_NS,
          action,
          `<Topics>${idx(sizes.topics)
            .map((k) => `<member><TopicArn>arn:aws:sns:${region}:${account}:t-${k}</TopicArn></member>`)
            .join('')}</Topics>`,
        );
      if (action === 'GetTopicAttributes')
        return queryResp(
          SNS_NS,
          action,
          `<Attributes><entry><key>TopicArn</key><value>${esc(params.get('TopicArn') ?? '')}</value></entry><entry><key>KmsMasterKeyId</key><value>alias/aws/sns</value></entry></Attributes>`,
        );
      return undefined;
    }
    return undefined;
  }
  return { handleWorkload };
}
