/**
 * The CLI as a user runs it: help, the tool runner against the bundled evidence, actionable errors
 * and exit codes. In-process through main(argv) (test/helpers/cli.ts), plus one smoke test that
 * spawns bin/trailhound.mjs as a user would.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnvironment, runCli as cli } from '../helpers/cli';

const env = cliEnvironment('th-cli-');
afterAll(() => env.restore());

describe('trailhound binary (spawned)', () => {
  it('runs a tool from a shell and prints its JSON result', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        'bin/trailhound.mjs',
        'tool',
        'cloudtrail_search',
        '{"access_key_id":"AKIAIOSFODNN7EXAMPLE","start_time":"2026-11-16T00:00:00Z","end_time":"2026-11-23T09:00:00Z"}',
        '--evidence',
        'evidence/demo',
      ],
      { env: process.env },
    );
    const out = JSON.parse(stdout);
    expect(out.summary).toMatch(/events for AKIAIOSFODNN7EXAMPLE/);
    expect(out.sources[0].api).toBe('evidence:cloudtrail');
  });
});

describe('trailhound CLI', () => {
  it('prints help listing the commands', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const c of ['ask', 'chat', 'demo', 'tool', 'tools', 'accounts', 'migrate']) expect(r.stdout).toContain(c);
  });

  it('runs the demo offline: every question answered by a tool that succeeded', async () => {
    const r = await cli('demo', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.asOf).toBe('2026-11-23T09:00:00.000Z');
    expect(out.answers.length).toBeGreaterThanOrEqual(2);
    for (const a of out.answers) {
      expect(a.answer.mode).toBe('offline');
      expect(a.answer.toolRuns.length, a.question).toBeGreaterThan(0);
      expect(
        a.answer.toolRuns.every((t: any) => t.ok),
        a.question,
      ).toBe(true);
    }
    expect(out.answers[0].answer.text).toMatch(/185\.220\.101\.34/);
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
