/**
 * The workload evidence readers: the AWS CLI's own output shapes, a missing list file as a warning
 * with the command to collect it, an item missing from a detail file as "not checked" (the rule is
 * then partial, never passed), and environment values dropped even when a file carries them.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../src/posture/engine';
import lambdaFunctionPolicyPublic from '../../../src/posture/rules/lambda-function-policy-public';
import { loadWorkloadsEvidence } from '../../../src/sources/evidence/workloads';
import { snapshotWith } from '../../posture/builders';
import { workloadWire } from '../../helpers/workload-wire';

function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wl-'));
  for (const [rel, v] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, typeof v === 'string' ? v : JSON.stringify(v));
  }
  return dir;
}

describe('workload evidence', () => {
  it('reads the CLI output shapes and drops environment values a raw file carries', () => {
    const dir = folder({
      'lambda/us-east-1/list-functions.json': workloadWire('lambda/list-functions.json'),
      'lambda/us-east-1/get-policy.json': {
        functions: { thumbnailer: {}, webhook: JSON.parse(workloadWire('lambda/get-policy-public.json')) },
      },
      'lambda/us-east-1/list-function-url-configs.json': {
        functions: {
          thumbnailer: { FunctionUrlConfigs: [] },
          webhook: JSON.parse(workloadWire('lambda/list-function-url-configs.json')),
        },
      },
      'ecs/us-east-1/list-task-definition-families.json': { families: ['web'] },
      'ecs/us-east-1/describe-task-definition.json': {
        families: { web: JSON.parse(workloadWire('ecs/describe-task-definition-web.json')) },
      },
    });
    const r = loadWorkloadsEvidence(dir, 'us-east-1');
    const fns = r.region.lambdaFunctions!;
    expect(fns.map((f) => [f.FunctionName, f.Runtime, f.Policy === null, f.Urls?.length])).toEqual([
      ['thumbnailer', 'python3.9', true, 0],
      ['webhook', undefined, false, 1],
    ]);
    expect(fns[0]!.EnvironmentVariableNames).toEqual(['BUCKET', 'DB_PASSWORD', 'DB_PASSWORD_SECRET_ARN']);
    expect(r.region.ecsTaskDefinitions![0]!.containers![0]!.environmentNames).toEqual(['PORT', 'STRIPE_API_KEY']);
    expect(JSON.stringify(r.region)).not.toMatch(/hunter2|sk_live/);
    // The parts whose files are absent are unread, each with the command that collects it.
    expect(r.region.rdsInstances).toBeUndefined();
    expect(r.region.eksClusters).toBeUndefined();
    const apis = r.warnings.map((w) => w.api).sort();
    expect(apis).toEqual(
      [
        'eks:ListClusters',
        'rds:DescribeDBClusterSnapshots',
        'rds:DescribeDBInstances',
        'rds:DescribeDBSnapshots',
        'sns:ListTopics',
        'sqs:ListQueues',
      ].sort(),
    );
    expect(r.warnings.find((w) => w.api === 'eks:ListClusters')!.message).toMatch(
      /Evidence has no eks\/us-east-1\/list-clusters\.json.*aws eks list-clusters --region us-east-1 >/,
    );
  });

  it('an item missing from a detail file is not checked, and its rule is partial', () => {
    const dir = folder({
      'lambda/us-east-1/list-functions.json': workloadWire('lambda/list-functions.json'),
      'lambda/us-east-1/get-policy.json': { functions: { thumbnailer: {} } },
      'lambda/us-east-1/list-function-url-configs.json': {
        functions: { thumbnailer: { FunctionUrlConfigs: [] }, webhook: { FunctionUrlConfigs: [] } },
      },
      'sqs/us-east-1/list-queues.json': workloadWire('sqs/list-queues.json'),
      'sqs/us-east-1/get-queue-attributes.json': {
        queues: {
          'https://sqs.us-east-1.amazonaws.com/222222222222/jobs': JSON.parse(
            workloadWire('sqs/get-queue-attributes-jobs.json'),
          ),
        },
      },
    });
    const r = loadWorkloadsEvidence(dir, 'us-east-1');
    const policy = r.warnings.find((w) => w.api === 'lambda:GetPolicy')!;
    expect(policy.message).toMatch(/lambda\/us-east-1\/get-policy\.json for 1 item\(s\) \(webhook\)/);
    expect(r.region.sqsQueues!.map((q) => q.read)).toEqual([true, false]);
    expect(r.warnings.find((w) => w.api === 'sqs:GetQueueAttributes')!.message).toMatch(/legacy-events/);

    const s = snapshotWith((x) => {
      x.regions['us-east-1']!.lambdaFunctions = r.region.lambdaFunctions;
    });
    const out = evaluateRule(lambdaFunctionPolicyPublic, s);
    expect(out.status).toBe('partial');
    expect(out.missing).toEqual(['us-east-1 webhook (lambda:GetPolicy failed)']);
  });

  it('a malformed file is an error naming its path', () => {
    const dir = folder({ 'eks/us-east-1/list-clusters.json': '{not json' });
    expect(() => loadWorkloadsEvidence(dir, 'us-east-1')).toThrow(/list-clusters\.json is not valid JSON/);
  });
});
