/**
 * Benchmark: what a command costs before it does anything, whole process, in alternating pairs.
 *   - `trailhound --help` (goal ≤ 0.3 CPU-s, ≤ 80 MiB) against the AWS CLI v2's `aws --version`
 *     and Node's own floor (`node -e 0`);
 *   - `trailhound tools` (goal ≤ 0.6 CPU-s);
 *   - an evidence question (`tool cloudtrail_search --evidence evidence/demo`: no database) against
 *     a command that reads stored state (`findings --json`: opens the embedded database);
 *   - MCP: time from process start to the `initialize` answer (goal ≤ 1 s), with the CPU the
 *     process had used by then, and to the `tools/list` answer.
 * Ends with every goal, its figure and met/missed by how much, and the machine's load average.
 *
 *   node bin/run-ts.mjs bench/startup.ts [--pairs 3]
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { awsCliV2, cliEnv, ROOT, trailhound } from './lib/cli';
import { ceiling, line, pairs, repeat, stat } from './lib/pairs';

const { values } = parseArgs({ options: { pairs: { type: 'string', default: '3' } } });
const N = Math.max(3, Number(values.pairs));
const th = trailhound();
const env = cliEnv();
const aws = awsCliV2();

console.log(`Start-up, whole process, ${N} alternating pairs each; median (min–max). Node ${process.version}.`);
console.log('Wall time on a shared machine is noise: compare CPU seconds and peak RSS.');
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
console.log(`Load average (1, 5, 15 min) at start: ${load()}\n`);
const goals: string[] = [];

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
goals.push(`trailhound --help CPU: ${ceiling(helpSummary.cpu.median, 0.3, 'CPU-s')}`);
goals.push(`trailhound --help peak RSS: ${ceiling(helpSummary.rssMiB.median, 80, 'MiB')}`);
console.log(`  → ${goals.at(-2)}; ${goals.at(-1)}\n`);

const tools = repeat(N, { label: 'trailhound tools', cmd: `${th} tools`, env });
console.log(line(tools));
goals.push(`trailhound tools CPU: ${ceiling(tools.cpu.median, 0.6, 'CPU-s')}`);
console.log(`  → ${goals.at(-1)}\n`);

// Make sure the embedded database exists (its first creation is a one-off cost, reported apart).
const created = existsSync(resolve(env.TRAILHOUND_DATA_DIR!, 'pgdata'));
const first = repeat(1, {
  label: created
    ? 'migrate (embedded database already created)'
    : 'first run ever: migrate (creates the embedded database)',
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

/** CPU seconds a running process has used so far (Linux /proc; NaN elsewhere). */
function cpuSoFar(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

/** One MCP session: spawn → `initialize` answered (wall s, and CPU-s used by then) → `tools/list` answered. */
function mcpSession(): Promise<{ init: number; initCpu: number; list: number }> {
  return new Promise((resolveRun, reject) => {
    const t0 = performance.now();
    const [cmd, ...args] = th.split(' ');
    const p = spawn(cmd!, [...args, 'mcp', '--evidence', `${ROOT}/evidence/demo`], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const send = (m: object) => p.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
    let buf = '';
    let init = 0;
    let initCpu = 0;
    p.stdout.on('data', (d) => {
      buf += d;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const msg = JSON.parse(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (msg.id === 1) {
          init = (performance.now() - t0) / 1000;
          initCpu = cpuSoFar(p.pid!);
          if (!msg.result?.serverInfo) return reject(new Error(`initialize failed: ${JSON.stringify(msg)}`));
          send({ method: 'notifications/initialized' });
          send({ id: 2, method: 'tools/list' });
        } else if (msg.id === 2) {
          const list = (performance.now() - t0) / 1000;
          if (!msg.result?.tools?.length) return reject(new Error(`tools/list failed: ${JSON.stringify(msg)}`));
          p.stdin.end();
          p.on('exit', () => resolveRun({ init, initCpu, list }));
        }
      }
    });
    p.on('error', reject);
    send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
    });
  });
}
const sessions: Awaited<ReturnType<typeof mcpSession>>[] = [];
for (let i = 0; i < N; i++) sessions.push(await mcpSession());
const range = (xs: number[]) => {
  const s = stat(xs);
  return `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
};
const m = stat(sessions.map((x) => x.init));
console.log(
  `  ${'MCP --evidence: process start → initialize answered'.padEnd(58)} wall ${range(sessions.map((x) => x.init))} s   CPU by then ${range(sessions.map((x) => x.initCpu))} s   (${N} runs)`,
);
console.log(
  `  ${'MCP --evidence: process start → tools/list answered'.padEnd(58)} wall ${range(sessions.map((x) => x.list))} s`,
);
goals.push(`MCP initialize answered after start (wall): ${ceiling(m.median, 1, 's')}`);
console.log(`  → ${goals.at(-1)}`);

console.log(`\nGoals (issue 11), medians:`);
for (const g of goals) console.log(`  - ${g}`);
console.log(`Load average (1, 5, 15 min) at end: ${load()} on ${availableParallelism()} cores.`);
