/**
 * RDS (awsQuery XML), Lambda (REST-JSON), SNS (awsQuery XML), SQS (awsJson1_0), EKS (REST-JSON)
 * and ECS (awsJson1_1) at the HTTP level, routed by `<service>:<Op>` or `<service>:<Op> <item>`.
 * Returns the calls made, in order.
 */
import { readFileSync } from 'node:fs';
import nock from 'nock';

export const workloadWire = (p: string) => readFileSync(`test/fixtures/wire/${p}`, 'utf8');

export type WorkloadReply =
  | [number, string, Record<string, string>?]
  | ((n: number) => [number, string, Record<string, string>?]);

const XML = { 'content-type': 'text/xml', 'x-amzn-requestid': 'req-xml' };
const JSON_1_0 = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'req-json' };
const JSON_1_1 = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-json' };
const REST = { 'content-type': 'application/json', 'x-amzn-requestid': 'req-rest' };

export function serveWorkloads(region: string, routes: Record<string, WorkloadReply>): string[] {
  const seen: string[] = [];
  const counts = new Map<string, number>();
  const answer = (key: string, op: string, base: Record<string, string>) => {
    seen.push(key);
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    const r = routes[key] ?? routes[op];
    if (!r) return [500, JSON.stringify({ __type: 'InternalFailure', message: `unexpected ${key}` }), base] as const;
    const [status, text, headers] = typeof r === 'function' ? r(n) : r;
    return [status, text, { ...base, ...(headers ?? {}) }] as const;
  };
  const query = (service: string, idParam: (p: URLSearchParams) => string | null) =>
    nock(`https://${service}.${region}.amazonaws.com`)
      .persist()
      .post('/')
      .reply((_uri, body) => {
        const p = new URLSearchParams(String(body));
        const op = `${service}:${p.get('Action')}`;
        const id = idParam(p);
        return answer(id ? `${op} ${id}` : op, op, XML) as never;
      });
  query('rds', (p) => p.get('DBSnapshotIdentifier') ?? p.get('DBClusterSnapshotIdentifier'));
  query('sns', (p) => p.get('TopicArn'));
  const json = (
    service: string,
    base: Record<string, string>,
    idOf: (b: Record<string, string>) => string | undefined,
  ) =>
    nock(`https://${service}.${region}.amazonaws.com`)
      .persist()
      .post('/')
      .reply(function (_uri, body) {
        const op = `${service}:${String(this.req.headers['x-amz-target']).split('.').pop()}`;
        const b = (typeof body === 'string' ? JSON.parse(body || '{}') : body) as Record<string, string>;
        const id = idOf(b);
        return answer(id ? `${op} ${id}` : op, op, base) as never;
      });
  json('sqs', JSON_1_0, (b) => b.QueueUrl);
  json('ecs', JSON_1_1, (b) => b.taskDefinition);
  nock(`https://lambda.${region}.amazonaws.com`)
    .persist()
    .get(/.*/)
    .reply((uri) => {
      const path = decodeURIComponent(uri.split('?')[0]!);
      let m = /^\/2015-03-31\/functions\/([^/]+)\/policy$/.exec(path);
      if (m) return answer(`lambda:GetPolicy ${m[1]}`, 'lambda:GetPolicy', REST) as never;
      m = /^\/2021-10-31\/functions\/([^/]+)\/urls$/.exec(path);
      if (m) return answer(`lambda:ListFunctionUrlConfigs ${m[1]}`, 'lambda:ListFunctionUrlConfigs', REST) as never;
      return answer('lambda:ListFunctions', 'lambda:ListFunctions', REST) as never;
    });
  nock(`https://eks.${region}.amazonaws.com`)
    .persist()
    .get(/.*/)
    .reply((uri) => {
      const m = /^\/clusters\/([^/?]+)/.exec(uri);
      return (
        m
          ? answer(`eks:DescribeCluster ${decodeURIComponent(m[1]!)}`, 'eks:DescribeCluster', REST)
          : answer('eks:ListClusters', 'eks:ListClusters', REST)
      ) as never;
    });
  return seen;
}

/** Error replies in each protocol's own shape. */
export const DENIED = {
  rds: [403, workloadWire('rds/error-access-denied.xml')] as WorkloadReply,
  sns: [403, workloadWire('sns/error-authorization.xml')] as WorkloadReply,
  lambda: [
    403,
    workloadWire('lambda/error-access-denied.json'),
    { 'x-amzn-errortype': 'AccessDeniedException' },
  ] as WorkloadReply,
  sqs: [
    400,
    workloadWire('sqs/error-access-denied.json'),
    { 'x-amzn-query-error': 'AccessDenied;Sender' },
  ] as WorkloadReply,
  eks: [
    403,
    workloadWire('eks/error-access-denied.json'),
    { 'x-amzn-errortype': 'AccessDeniedException' },
  ] as WorkloadReply,
  ecs: [400, workloadWire('ecs/error-access-denied.json')] as WorkloadReply,
};
export const THROTTLED = {
  rds: [400, workloadWire('rds/error-throttling.xml')] as WorkloadReply,
  sns: [400, workloadWire('sns/error-throttling.xml')] as WorkloadReply,
  lambda: [
    429,
    workloadWire('lambda/error-too-many-requests.json'),
    { 'x-amzn-errortype': 'TooManyRequestsException', 'retry-after': '0' },
  ] as WorkloadReply,
  sqs: [
    400,
    workloadWire('sqs/error-throttled.json'),
    { 'x-amzn-query-error': 'RequestThrottled;Sender' },
  ] as WorkloadReply,
  ecs: [400, workloadWire('ecs/error-throttling.json')] as WorkloadReply,
};

const LAMBDA_NO_POLICY: WorkloadReply = [
  404,
  workloadWire('lambda/error-resource-not-found.json'),
  { 'x-amzn-errortype': 'ResourceNotFoundException' },
];

/** One account's worth of workloads in us-east-1-style fixtures (region-independent bodies). */
export const WORKLOADS_OK: Record<string, WorkloadReply> = {
  'rds:DescribeDBInstances': [200, workloadWire('rds/describe-db-instances.xml')],
  'rds:DescribeDBSnapshots': [200, workloadWire('rds/describe-db-snapshots.xml')],
  'rds:DescribeDBClusterSnapshots': [200, workloadWire('rds/describe-db-cluster-snapshots.xml')],
  'rds:DescribeDBSnapshotAttributes': [200, workloadWire('rds/describe-db-snapshot-attributes-public.xml')],
  'rds:DescribeDBClusterSnapshotAttributes': [200, workloadWire('rds/describe-db-cluster-snapshot-attributes.xml')],
  'lambda:ListFunctions': [200, workloadWire('lambda/list-functions.json')],
  'lambda:GetPolicy thumbnailer': LAMBDA_NO_POLICY,
  'lambda:GetPolicy webhook': [200, workloadWire('lambda/get-policy-public.json')],
  'lambda:ListFunctionUrlConfigs thumbnailer': [200, workloadWire('lambda/list-function-url-configs-none.json')],
  'lambda:ListFunctionUrlConfigs webhook': [200, workloadWire('lambda/list-function-url-configs.json')],
  'sns:ListTopics': [200, workloadWire('sns/list-topics.xml')],
  'sns:GetTopicAttributes arn:aws:sns:us-east-1:222222222222:alerts': [
    200,
    workloadWire('sns/get-topic-attributes-alerts.xml'),
  ],
  'sns:GetTopicAttributes arn:aws:sns:us-east-1:222222222222:public-feed': [
    200,
    workloadWire('sns/get-topic-attributes-public.xml'),
  ],
  'sqs:ListQueues': [200, workloadWire('sqs/list-queues.json')],
  'sqs:GetQueueAttributes https://sqs.us-east-1.amazonaws.com/222222222222/jobs': [
    200,
    workloadWire('sqs/get-queue-attributes-jobs.json'),
  ],
  'sqs:GetQueueAttributes https://sqs.us-east-1.amazonaws.com/222222222222/legacy-events': [
    200,
    workloadWire('sqs/get-queue-attributes-legacy.json'),
  ],
  'eks:ListClusters': [200, workloadWire('eks/list-clusters.json')],
  'eks:DescribeCluster': [200, workloadWire('eks/describe-cluster.json')],
  'ecs:ListTaskDefinitionFamilies': [200, workloadWire('ecs/list-task-definition-families.json')],
  'ecs:DescribeTaskDefinition web': [200, workloadWire('ecs/describe-task-definition-web.json')],
  'ecs:DescribeTaskDefinition log-shipper': [200, workloadWire('ecs/describe-task-definition-log-shipper.json')],
};

const emptyQuery = (svc: string, op: string, inner: string) =>
  `<${op}Response xmlns="http://${svc}.amazonaws.com/doc/${svc === 'rds' ? '2014-10-31' : '2010-03-31'}/"><${op}Result>${inner}</${op}Result><ResponseMetadata><RequestId>r-empty</RequestId></ResponseMetadata></${op}Response>`;

/** A region with none of these resources. */
export const WORKLOADS_EMPTY: Record<string, WorkloadReply> = {
  'rds:DescribeDBInstances': [200, emptyQuery('rds', 'DescribeDBInstances', '<DBInstances/>')],
  'rds:DescribeDBSnapshots': [200, emptyQuery('rds', 'DescribeDBSnapshots', '<DBSnapshots/>')],
  'rds:DescribeDBClusterSnapshots': [200, emptyQuery('rds', 'DescribeDBClusterSnapshots', '<DBClusterSnapshots/>')],
  'lambda:ListFunctions': [200, '{"Functions":[]}'],
  'sns:ListTopics': [200, emptyQuery('sns', 'ListTopics', '<Topics/>')],
  'sqs:ListQueues': [200, '{}'],
  'eks:ListClusters': [200, '{"clusters":[]}'],
  'ecs:ListTaskDefinitionFamilies': [200, '{"families":[]}'],
};
