/**
 * The compiled CLI (bin/trailhound.mjs → dist/) loads only what a command line needs: no SDK, no
 * database and no TypeScript loader for help, the tool list, or an evidence question; and its MCP
 * server answers the handshake once and lists from the tool catalog.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { isStale } from '../../bin/build.mjs';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'th-bin-'));
// Build first if a source changed since the last build (the check the CLI itself makes): a stale
// dist/ is rebuilt by the CLI, which would load esbuild into the trace. A current one is used as is
// (a rebuild costs seconds for the same files).
beforeAll(async () => {
  if (isStale()) await run('node', ['bin/build.mjs']);
});
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

// Concurrent: each test waits on a CLI process of its own (own trace file, no database opened).
describe('compiled CLI start-up', { timeout: 300_000, concurrent: true }, () => {
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
    // From the generated catalog (tools/catalog.json): no tool module, so not even zod.
    expect([...r.packages].sort()).toEqual(['commander']);
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

  it('mcp answers initialize, then lists the tools the catalog offers, and exits when stdin closes', async () => {
    const p = spawn('node', ['bin/trailhound.mjs', 'mcp', '--evidence', 'evidence/demo'], {
      env: { ...process.env, TRAILHOUND_DATA_DIR: join(dir, 'data'), DATABASE_URL: '', LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const send = (m: object) => p.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
    const answers: { id: number; result: Record<string, any> }[] = [];
    const exited = new Promise<number | null>((r) => p.on('exit', r));
    let buf = '';
    p.stdout.on('data', (d) => {
      buf += d;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const m = JSON.parse(buf.slice(0, i));
        buf = buf.slice(i + 1);
        answers.push(m);
        if (m.id === 1) {
          send({ method: 'notifications/initialized' });
          send({ id: 2, method: 'tools/list' });
        } else if (m.id === 2) p.stdin.end();
      }
    });
    send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } },
    });
    expect(await exited).toBe(0);
    expect(answers.map((a) => a.id)).toEqual([1, 2]); // initialize answered once
    expect(answers[0]!.result).toMatchObject({ protocolVersion: '2025-06-18', serverInfo: { name: 'trailhound' } });
    const names = answers[1]!.result.tools.map((t: { name: string }) => t.name);
    expect(names).toContain('cloudtrail_search');
    expect(names).not.toContain('crowdstrike_correlate'); // evidence/demo has no crowdstrike/ files
  });
});
