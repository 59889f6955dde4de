/**
 * The monitoring and detection services at the HTTP level, routed by operation:
 *   CloudWatch Logs  awsJson1_1, `X-Amz-Target: Logs_20140328.<Op>`           logs.<region>.amazonaws.com
 *   CloudWatch       awsJson1_0 (query-compatible), `GraniteServiceVersion20100801.<Op>`  monitoring.<region>…
 *   AWS Config       awsJson1_1, `StarlingDoveService.<Op>`                    config.<region>…
 *   GuardDuty        REST JSON: GET /detector, GET /detector/{id}              guardduty.<region>…
 *   Access Analyzer  REST JSON: GET /analyzer                                  access-analyzer.<region>…
 *   Security Hub     REST JSON: GET /accounts (DescribeHub)                    securityhub.<region>…
 *   SNS              awsQuery XML, `Action=ListSubscriptionsByTopic`           sns.<region>…
 * Bodies are in test/fixtures/wire/monitoring (shapes from each API reference).
 */
import { readFileSync } from 'node:fs';
import nock from 'nock';

export const monWire = (p: string) => readFileSync(`test/fixtures/wire/monitoring/${p}`, 'utf8');

type Reply = [number, string, Record<string, string>?];
export type MonReply = Reply | ((n: number, body: Record<string, unknown>) => Reply);

const J11 = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-mon' };
const J10 = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'req-mon' };
const REST = { 'content-type': 'application/json', 'x-amzn-requestid': 'req-mon' };

/** Route keys are operation names (DescribeMetricFilters, GetDetector, DescribeHub…). Returns the calls made. */
export function serveMonitoring(region: string, routes: Record<string, MonReply>): string[] {
  const seen: string[] = [];
  const counts = new Map<string, number>();
  const answer = (op: string, body: Record<string, unknown>, headers: Record<string, string>) => {
    seen.push(op);
    const n = (counts.get(op) ?? 0) + 1;
    counts.set(op, n);
    const r = routes[op];
    if (!r) return [400, JSON.stringify({ __type: 'InternalFailure', message: `unexpected ${op}` }), headers] as const;
    const [status, text, extra] = typeof r === 'function' ? r(n, body) : r;
    return [status, text, { ...headers, ...extra }] as const;
  };
  const json = (host: string, headers: Record<string, string>) =>
    nock(`https://${host}.${region}.amazonaws.com`)
      .persist()
      .post('/')
      .reply(function (_uri, body) {
        const op = String(this.req.headers['x-amz-target']).split('.').pop()!;
        const b = (typeof body === 'string' ? JSON.parse(body || '{}') : body) as Record<string, unknown>;
        return answer(op, b, headers) as never;
      });
  json('logs', J11);
  json('monitoring', J10);
  json('config', J11);
  nock(`https://guardduty.${region}.amazonaws.com`)
    .persist()
    .get(/^\/detector/)
    .reply((uri) => {
      const id = /^\/detector\/([^/?]+)/.exec(uri)?.[1];
      return answer(id ? 'GetDetector' : 'ListDetectors', { id }, REST) as never;
    });
  nock(`https://access-analyzer.${region}.amazonaws.com`)
    .persist()
    .get(/^\/analyzer/)
    .reply(() => answer('ListAnalyzers', {}, REST) as never);
  nock(`https://securityhub.${region}.amazonaws.com`)
    .persist()
    .get(/^\/accounts/)
    .reply(() => answer('DescribeHub', {}, REST) as never);
  // Only this action: other SNS calls (ListTopics…) stay with test/helpers/workload-wire.ts.
  const action = (b: unknown) =>
    typeof b === 'string' ? new URLSearchParams(b).get('Action') : (b as Record<string, unknown>)?.Action;
  nock(`https://sns.${region}.amazonaws.com`)
    .persist()
    .post('/', (b) => action(b) === 'ListSubscriptionsByTopic')
    .reply((_uri, body) => {
      const p = new URLSearchParams(String(body));
      return answer(String(p.get('Action')), { TopicArn: p.get('TopicArn') }, XML) as never;
    });
  return seen;
}

const XML = { 'content-type': 'text/xml', 'x-amzn-requestid': 'req-mon' };

export const MON_OK: Record<string, MonReply> = {
  DescribeMetricFilters: (_n, b) => [
    200,
    monWire(b.nextToken ? 'describe-metric-filters-2.json' : 'describe-metric-filters.json'),
  ],
  DescribeAlarms: [200, monWire('describe-alarms.json')],
  DescribeConfigurationRecorders: [200, monWire('describe-configuration-recorders.json')],
  DescribeConfigurationRecorderStatus: [200, monWire('describe-configuration-recorder-status.json')],
  DescribeDeliveryChannelStatus: [200, monWire('describe-delivery-channel-status.json')],
  ListDetectors: [200, monWire('list-detectors.json')],
  GetDetector: [200, monWire('get-detector.json')],
  ListAnalyzers: [200, monWire('list-analyzers.json')],
  DescribeHub: [200, monWire('describe-hub.json')],
  ListSubscriptionsByTopic: [200, monWire('list-subscriptions-by-topic.xml')],
};

/** A region where none of these services is set up (Security Hub answers "not subscribed"). */
export const MON_EMPTY: Record<string, MonReply> = {
  DescribeMetricFilters: [200, '{"metricFilters":[]}'],
  DescribeAlarms: [200, '{"MetricAlarms":[],"CompositeAlarms":[]}'],
  DescribeConfigurationRecorders: [200, '{"ConfigurationRecorders":[]}'],
  DescribeConfigurationRecorderStatus: [200, '{"ConfigurationRecordersStatus":[]}'],
  DescribeDeliveryChannelStatus: [200, '{"DeliveryChannelsStatus":[]}'],
  ListDetectors: [200, '{"detectorIds":[]}'],
  ListAnalyzers: [200, '{"analyzers":[]}'],
  DescribeHub: [401, monWire('securityhub-not-subscribed.json'), { 'x-amzn-errortype': 'InvalidAccessException' }],
};
