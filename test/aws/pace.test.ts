/**
 * Per-API pacing (src/aws/pace.ts) on a fake clock: the token bucket's burst and sustained rate,
 * and the real SDK path (awsClient at the HTTP level) where every attempt is paced and a throttle
 * is counted and slows the bucket. Without the pacing, every call below would land at t = 0.
 */
import { GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withApiCallTally } from '../../src/aws/api-calls';
import { awsClient, resetAwsClients } from '../../src/aws/clients';
import { API_PACES, paceCall, paceOf, penaliseCall, resetPacing } from '../../src/aws/pace';
import { RateLimiter } from '../../src/aws/rate-limit';
import { TEST_EXTERNAL_ID, testAccount } from '../helpers/context';
import { THROTTLED, workloadWire } from '../helpers/workload-wire';

/** Virtual time: sleeping advances it at once, so a test of a 2-second pace takes no real time. */
function fakeClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

/** Calls made within any 1-second window, at most. */
function maxPerSecond(times: number[]): number {
  let best = 0;
  for (const start of times) best = Math.max(best, times.filter((x) => x >= start && x < start + 1000).length);
  return best;
}

describe('RateLimiter (token bucket)', () => {
  it('lets `burst` through at once, then one per interval, in arrival order', async () => {
    const c = fakeClock();
    const l = new RateLimiter(100, 3, c);
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      await l.take();
      times.push(c.now());
    }
    expect(times).toEqual([0, 0, 0, 100, 200, 300, 400]);
  });

  it('burst 1 is a strict interval; a penalty pushes the next caller back', async () => {
    const c = fakeClock();
    const l = new RateLimiter(500, 1, c);
    await l.take();
    await l.take();
    expect(c.now()).toBe(500);
    l.penalise(2_000);
    await l.take();
    expect(c.now()).toBe(2_500);
  });
});

describe('paceCall', () => {
  afterEach(() => resetPacing());

  it('holds RDS to its documented burst of 300 then 12/s per account and region', async () => {
    const c = fakeClock();
    resetPacing(c);
    const times: number[] = [];
    for (let i = 0; i < 336; i++) {
      await paceCall('RDS', i % 2 ? 'DescribeDBInstances' : 'DescribeDBSnapshots', '123456789012', 'us-east-1');
      times.push(c.now());
    }
    expect(times.filter((t) => t === 0)).toHaveLength(300);
    // 36 more at 12/s: the last one 3 seconds after the burst.
    expect(times.at(-1)).toBeCloseTo(3_000, -1);
    // Another region has its own bucket: no wait.
    await paceCall('RDS', 'DescribeDBInstances', '123456789012', 'eu-west-1');
    expect(c.now()).toBeCloseTo(3_000, -1);
  });

  it('gives Lambda GetFunction its own 100/s, apart from the 15/s control plane', () => {
    expect(paceOf('Lambda', 'GetFunction')).toMatchObject({ perSecond: 100, bucket: 'Lambda:GetFunction' });
    expect(paceOf('Lambda', 'ListFunctions')).toMatchObject({ perSecond: 15, bucket: 'Lambda' });
    expect(paceOf('Lambda', 'ListFunctionUrlConfigs').bucket).toBe('Lambda');
    expect(paceOf('EC2', 'DescribeInstances')).toMatchObject({ perSecond: 20, burst: 100 });
    expect(paceOf('CloudWatchLogs', 'DescribeMetricFilters').perSecond).toBe(5);
    expect(paceOf('CloudWatch', 'DescribeAlarms').perSecond).toBe(9);
    expect(paceOf('Unknown', 'X')).toMatchObject({ perSecond: 10, bucket: 'Unknown' });
    for (const p of Object.values(API_PACES)) expect(p.basis).toMatch(/documented|conservative/);
  });

  it('a throttle pushes every later call on the bucket back', async () => {
    const c = fakeClock();
    resetPacing(c);
    await paceCall('CloudWatch', 'DescribeAlarms', '1', 'us-east-1');
    penaliseCall('CloudWatch', 'DescribeAlarms', '1', 'us-east-1', 1_500);
    await paceCall('CloudWatch', 'DescribeAlarms', '1', 'us-east-1');
    expect(c.now()).toBe(1_500);
  });
});

describe('SDK clients are paced per attempt', () => {
  beforeEach(() => resetAwsClients());
  afterEach(() => {
    resetPacing();
    resetAwsClients();
    nock.cleanAll();
  });

  it('45 Lambda GetPolicy calls keep to 15/s after the burst of 15', async () => {
    const c = fakeClock();
    resetPacing(c);
    const at: number[] = [];
    nock('https://lambda.us-east-1.amazonaws.com')
      .persist()
      .get(/\/2015-03-31\/functions\/[^/]+\/policy/)
      .reply(() => {
        at.push(c.now());
        return [200, workloadWire('lambda/get-policy-public.json'), { 'content-type': 'application/json' }];
      });
    const lambda = awsClient(LambdaClient, testAccount(), 'us-east-1', { externalId: TEST_EXTERNAL_ID });
    for (let i = 0; i < 45; i++) await lambda.send(new GetPolicyCommand({ FunctionName: `fn-${i}` }));
    expect(at).toHaveLength(45);
    expect(at.filter((t) => t === 0)).toHaveLength(15);
    expect(at.at(-1)).toBeGreaterThanOrEqual(1_990);
    expect(maxPerSecond(at)).toBeLessThanOrEqual(15 + 15);
  });

  it('counts a throttled attempt per API, paces the retry, and slows the bucket', async () => {
    const c = fakeClock();
    resetPacing(c);
    const at: number[] = [];
    let n = 0;
    nock('https://lambda.us-east-1.amazonaws.com')
      .persist()
      .get(/\/2015-03-31\/functions\/[^/]+\/policy/)
      .reply(() => {
        at.push(c.now());
        n += 1;
        if (n === 1) {
          const [status, body, headers] = THROTTLED.lambda as [number, string, Record<string, string>];
          return [status, body, { 'content-type': 'application/json', ...headers }];
        }
        return [200, workloadWire('lambda/get-policy-public.json'), { 'content-type': 'application/json' }];
      });
    const lambda = awsClient(LambdaClient, testAccount(), 'us-east-1', { externalId: TEST_EXTERNAL_ID });
    const { tally } = await withApiCallTally(() => lambda.send(new GetPolicyCommand({ FunctionName: 'fn' })));
    expect(tally).toMatchObject({ total: 1, throttles: 1, throttlesByApi: { 'Lambda:GetPolicy': 1 } });
    // The retry waited for the penalty (1 s) on the virtual clock.
    expect(at).toHaveLength(2);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(1_000);
  });
});
