/**
 * The CLI as a user runs it (a child process through bin/trailhound.mjs): help, the tool runner
 * against the bundled evidence, actionable errors and exit codes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'th-cli-'));
const env = {
  ...process.env,
  TRAILHOUND_DATA_DIR: dataDir,
  DATABASE_URL: '',
  ANTHROPIC_API_KEY: '',
  LOG_LEVEL: 'silent',
};

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/trailhound.mjs', ...args], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e: any) {
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('trailhound CLI', { timeout: 180_000 }, () => {
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
    // Sequential: the embedded database admits one process at a time.
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
