/**
 * The CLI as a user runs it: help, the tool runner against the bundled evidence, actionable errors
 * and exit codes. In-process through main(argv) (test/helpers/cli.ts); the one smoke test that
 * spawns bin/trailhound.mjs as a user would is test/cli/binary.test.ts, and the demo's run is
 * test/cli/demo.test.ts's.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnvironment, runCli as cli } from '../helpers/cli';

// The data folder's own database on disk, as a user's CLI opens it (the other CLI files use a pooled one).
const env = cliEnvironment('th-cli-', {}, { disk: true });
afterAll(() => env.restore());

describe('trailhound CLI', () => {
  it('prints help listing the commands', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const c of ['ask', 'chat', 'demo', 'tool', 'tools', 'accounts', 'migrate']) expect(r.stdout).toContain(c);
  });

  it('runs a tool against an evidence folder and prints JSON', async () => {
    const r = await cli(
      'tool',
      'cloudtrail_search',
      '{"access_key_id":"AKIAIOSFODNN7EXAMPLE","start_time":"2026-11-16T00:00:00Z","end_time":"2026-11-23T09:00:00Z"}',
      '--evidence',
      'evidence/demo',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toMatch(/events for AKIAIOSFODNN7EXAMPLE/);
    expect(out.data.bySourceIp.map((x: any) => x.value)).toContain('185.220.101.34');
    expect(out.sources[0].api).toBe('evidence:cloudtrail');
  });

  it('gives actionable errors with a non-zero exit code', async () => {
    const badJson = await cli('tool', 'cloudtrail_search', '{access_key_id:', '--evidence', 'evidence/demo');
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toMatch(/not valid JSON.*Quote it/);
    const unknown = await cli('tool', 'no_such_tool', '{}');
    expect(unknown.stderr).toMatch(/Unknown tool "no_such_tool".*trailhound tools/);
    const noEvidence = await cli('tool', 'cloudtrail_search', '{"user_name":"bob"}', '--evidence', '/nonexistent');
    expect(noEvidence.code).toBe(1);
    expect(noEvidence.stderr).toMatch(/Evidence folder "\/nonexistent" does not exist/);
    const badAccount = await cli('accounts', 'add', 'prod', '--account-id', '12');
    expect(badAccount.stderr).toMatch(/exactly 12 digits/);
    const noAccounts = await cli('tool', 'cloudtrail_search', '{"user_name":"bob"}', '--json');
    expect(JSON.parse(noAccounts.stdout).error).toMatch(/No AWS account is configured.*accounts add/);
  });

  it('keeps the External ID stable across runs and prints the trust policy', async () => {
    const a = JSON.parse((await cli('accounts', 'trust-policy', '--json')).stdout);
    const b = JSON.parse((await cli('accounts', 'trust-policy', '--json')).stdout);
    expect(a.externalId).toBe(b.externalId);
    expect(a.trustPolicy.Statement[0].Condition.StringEquals['sts:ExternalId']).toBe(a.externalId);
  });
});
