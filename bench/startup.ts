/**
 * Benchmark: what a command costs before it does anything, whole process, in alternating pairs.
 *   - `trailhound --help` (goal ≤ 0.3 CPU-s, ≤ 80 MiB) against the AWS CLI v2's `aws --version`
 *     and Node's own floor (`node -e 0`);
 *   - `trailhound tools` (goal ≤ 0.6 CPU-s);
 *   - an evidence question (`tool cloudtrail_search --evidence evidence/demo`: no database) against
 *     a command that reads stored state (`findings --json`: opens the embedded database);
 *   - MCP: time from process start to the `initialize` answer (goal ≤ 1 s).
 *
 *   node bin/run-ts.mjs bench/startup.ts [--pairs 3]
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { awsCliV2, cliEnv, ROOT, trailhound } from './lib/cli';
import { ceiling, line, pairs, repeat, stat } from './lib/pairs';

const { values } = parseArgs({ options: { pairs: { type: 'string', default: '3' } } });
const N = Math.max(3, Number(values.pairs));
const th = trailhound();
const env = cliEnv();
const aws = awsCliV2();

console.log(`Start-up, whole process, ${N} alternating pairs each; median (min–max). Node ${process.version}.`);
console.log('Wall time on a shared machine is noise: compare CPU seconds and peak RSS.\n');

const node = repeat(N, { label: 'node -e 0 (floor)', cmd: `${process.execPath} -e 0` });
console.log(line(node));

const help = { label: 'trailhound --help', cmd: `${th} --help`, env };
let helpSummary: ReturnType<typeof repeat>;
if (aws.path) {
  const [h, a] = pairs(N, help, {
    label: `aws --version (${aws.version?.split(' ')[0]})`,
    cmd: `${aws.path} --version`,
  });
  console.log(line(h));
  console.log(line(a));
  helpSummary = h;
} else {
  console.log(`  (no AWS CLI peer: ${aws.why})`);
  helpSummary = repeat(N, help);
  console.log(line(helpSummary));
}
console.log(
  `  → --help CPU ${ceiling(helpSummary.cpu.median, 0.3, 'CPU-s')}; RSS ${ceiling(helpSummary.rssMiB.median, 80, 'MiB')}\n`,
);

const tools = repeat(N, { label: 'trailhound tools', cmd: `${th} tools`, env });
console.log(line(tools));
console.log(`  → tools CPU ${ceiling(tools.cpu.median, 0.6, 'CPU-s')}\n`);

// Make sure the embedded database exists (its first creation is a one-off cost, reported apart).
const first = repeat(1, {
  label: 'first run ever: migrate (creates the embedded database)',
  cmd: `${th} migrate`,
  env,
});
console.log(line(first));
const [evidence, stored] = pairs(
  N,
  {
    label: 'evidence question: tool cloudtrail_search --evidence',
    cmd: `${th} tool cloudtrail_search '{"access_key_id":"AKIAIOSFODNN7EXAMPLE","last":"7d"}' --evidence ${ROOT}/evidence/demo`,
    env,
    check: (r) => {
      if (r.code !== 0 || !JSON.parse(r.stdout).summary) throw new Error(`evidence question failed: ${r.stderr}`);
    },
  },
  { label: 'stored state: findings --json (opens the embedded database)', cmd: `${th} findings --json`, env },
);
console.log(line(evidence));
console.log(line(stored));
console.log('  → the evidence question opens no database (see test/bin/trailhound.test.ts)\n');

/** Spawn → `initialize` answered, in ms. */
function mcpInitialize(): Promise<number> {
  return new Promise((resolveMs, reject) => {
    const t0 = performance.now();
    const [cmd, ...args] = th.split(' ');
    const p = spawn(cmd!, [...args, 'mcp', '--evidence', `${ROOT}/evidence/demo`], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let buf = '';
    p.stdout.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) {
        const ms = performance.now() - t0;
        p.stdin.end();
        p.on('exit', () => resolveMs(ms));
      }
    });
    p.on('error', reject);
    p.stdin.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } })}\n`,
    );
  });
}
const mcp: number[] = [];
for (let i = 0; i < N; i++) mcp.push(await mcpInitialize());
const m = stat(mcp.map((x) => x / 1000));
console.log(
  `  ${'MCP: process start → initialize answered'.padEnd(58)} wall ${m.median.toFixed(2)} (${m.min.toFixed(2)}–${m.max.toFixed(2)}) s   (${N} runs)`,
);
console.log(`  → MCP initialize ${ceiling(m.median, 1, 's')}`);
