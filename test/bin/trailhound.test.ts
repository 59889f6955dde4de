/**
 * The compiled CLI (bin/trailhound.mjs → dist/) loads only what a command line needs: no SDK, no
 * database and no TypeScript loader for help, the tool list, or an evidence question.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'th-bin-'));
// Build first: a stale dist/ is rebuilt by the CLI itself, which would load esbuild into the trace.
beforeAll(() => run('node', ['bin/build.mjs']));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The packages (and our own TypeScript sources) a CLI run loaded. */
async function loaded(...args: string[]): Promise<{ packages: Set<string>; stdout: string; ts: string[] }> {
  const trace = join(dir, `trace-${Math.random().toString(36).slice(2)}.txt`);
  const { stdout } = await run('node', ['--import', './test/helpers/module-trace.mjs', 'bin/trailhound.mjs', ...args], {
    env: {
      ...process.env,
      MODULE_TRACE_FILE: trace,
      TRAILHOUND_DATA_DIR: join(dir, 'data'),
      DATABASE_URL: '',
      ANTHROPIC_API_KEY: '',
      LOG_LEVEL: 'silent',
    },
    timeout: 120_000,
    maxBuffer: 1 << 24,
  });
  const urls = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  const packages = new Set(
    urls.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1]).filter(Boolean) as string[],
  );
  return { packages, stdout, ts: urls.filter((u) => u.endsWith('.ts')) };
}

const HEAVY = [
  '@aws-sdk/client-cloudtrail',
  '@aws-sdk/client-iam',
  '@aws-sdk/client-ec2',
  '@aws-sdk/client-sts',
  '@aws-sdk/client-wafv2',
  '@okta/okta-sdk-nodejs',
  '@anthropic-ai/sdk',
  '@slack/bolt',
  '@electric-sql/pglite',
  'postgres',
  'tsx',
];

describe('compiled CLI start-up', { timeout: 300_000 }, () => {
  it('--help loads commander and nothing heavy', async () => {
    const r = await loaded('--help');
    expect(r.stdout).toContain('remediation-policy');
    expect([...r.packages].sort()).toEqual(['commander']);
    expect(r.ts).toEqual([]);
  });

  it('tools lists every tool without an SDK or the database', async () => {
    const r = await loaded('tools', '--json');
    expect(JSON.parse(r.stdout).map((t: { name: string }) => t.name)).toContain('propose_delete_access_key');
    for (const p of HEAVY) expect(r.packages, p).not.toContain(p);
  });

  it('an evidence question opens no database and loads no AWS SDK', async () => {
    const r = await loaded(
      'tool',
      'cloudtrail_search',
      '{"access_key_id":"AKIAIOSFODNN7EXAMPLE","last":"7d"}',
      '--evidence',
      'evidence/demo',
    );
    expect(JSON.parse(r.stdout).summary).toMatch(/events for AKIAIOSFODNN7EXAMPLE/);
    for (const p of HEAVY) expect(r.packages, p).not.toContain(p);
  });
});
