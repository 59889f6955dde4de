/** `trailhound inventory` and `trailhound scans` as a user runs them (in-process, embedded DB). */
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnvironment, runCli as cli } from '../helpers/cli';

const env = cliEnvironment('th-inventory-cli-');
afterAll(() => env.restore());

describe('trailhound inventory / scans', { timeout: 300_000 }, () => {
  it('lists what the stored scan saw, and the scan with its per-region status', async () => {
    expect((await cli('scans')).stdout).toMatch(/No scans yet/);
    expect((await cli('scan', '--evidence', 'evidence/demo', '--json')).code).toBe(0);

    const buckets = JSON.parse((await cli('inventory', '--type', 'AWS::S3::Bucket', '--json')).stdout);
    expect(buckets.total).toBeGreaterThan(0);
    expect(buckets.resources[0]).toMatchObject({ account: 'demo-prod', type: 'AWS::S3::Bucket' });
    expect(buckets.resources.map((r: { resourceId: string }) => r.resourceId)).toContain(
      'arn:aws:s3:::demo-prod-web-assets',
    );
    const counts = await cli('inventory', '--counts');
    expect(counts.stdout).toMatch(/demo-prod\s+AWS::GuardDuty::Detector\s+1/);
    expect(counts.stdout.split('\n')[0]).toMatch(/^ACCOUNT\s+TYPE\s+COUNT$/);
    expect((await cli('inventory', '--decommissioned')).stdout).toMatch(/No decommissioned resources/);

    const scans = JSON.parse((await cli('scans', '--json')).stdout);
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({
      account: 'demo-prod',
      status: 'complete',
      trigger: 'manual',
      regions: {
        'us-east-1': { status: 'complete' },
        'eu-west-1': { status: 'complete' },
        global: { status: 'complete' },
      },
    });
    expect(scans[0].findings).toBeGreaterThan(0);
    // An evidence scan makes no AWS call; the counts are there (0), not missing.
    expect(scans[0]).toMatchObject({ reason: null, apiCalls: 0, throttles: 0, throttlesByApi: {} });
    expect(scans[0].durationMs).toBeGreaterThanOrEqual(0);
    // Human output is a table: a header row, a rule, then one row per scan with its per-region status.
    const table = (await cli('scans')).stdout.split('\n');
    expect(table[0]).toMatch(
      /^ID\s+ACCOUNT\s+STATUS\s+TRIGGER\s+STARTED\s+TOOK\s+FINDINGS\s+RESOURCES\s+AWS CALLS\s+REGIONS$/,
    );
    expect(table[1]).toMatch(/^-+( +-+)+$/);
    expect(table[2]).toMatch(
      /^#\d+\s+demo-prod\s+complete\s+manual\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+\d+\.\ds\s+\d+ \(\d+C \d+H \d+M \d+L\)\s+\d+\s+—\s+.*us-east-1:complete/,
    );
  });

  it('refuses a malformed type or limit with a usage error', async () => {
    const bad = await cli('inventory', '--type', 'bucket');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/AWS::Service::Resource/);
    expect((await cli('scans', '--limit', '0')).code).toBe(2);
  });
});
