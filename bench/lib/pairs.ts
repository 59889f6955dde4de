/**
 * Fair whole-process timing: each side is a separate process timed by GNU time (wall, user+system
 * CPU of the process and everything it waited for, peak RSS of its largest process), run in
 * alternating A/B pairs (ABBA order, so neither side always goes first), and summarised as the median
 * and range of the pairs. Wall time on a shared machine is noise: CPU seconds and peak RSS are the
 * figures to compare.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Run {
  wall: number;
  cpu: number;
  rssMiB: number;
  code: number;
  stdout: string;
  stderr: string;
}

export interface Side {
  label: string;
  /** A shell command line (run with sh -c), so pipelines are timed as a whole. */
  cmd: string;
  env?: Record<string, string | undefined>;
  /** Checks the output; a failed check stops the bench (a wrong answer is not a speed). */
  check?: (r: Run) => void;
}

const TIME = '/usr/bin/time';

export function timeAvailable(): boolean {
  return existsSync(TIME);
}

/** Runs one command line as a whole process; CPU and peak RSS from GNU time. */
export function runOnce(side: Side): Run {
  const r = spawnSync(TIME, ['-f', '\n__TIME__ %e %U %S %M', 'sh', '-c', side.cmd], {
    encoding: 'utf8',
    env: { ...process.env, ...side.env },
    maxBuffer: 1 << 28,
  });
  const err = r.stderr ?? '';
  const m = /__TIME__ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(err);
  if (!m) throw new Error(`could not time "${side.cmd}": ${err.slice(-500)}`);
  const run: Run = {
    wall: Number(m[1]),
    cpu: Number(m[2]) + Number(m[3]),
    rssMiB: Number(m[4]) / 1024,
    code: r.status ?? 1,
    stdout: r.stdout ?? '',
    stderr: err.slice(0, m.index),
  };
  if (side.check) side.check(run);
  else if (run.code !== 0) throw new Error(`${side.label} exited ${run.code}: ${run.stderr.slice(-800)}`);
  return run;
}

export interface Stat {
  median: number;
  min: number;
  max: number;
}

export function stat(xs: number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, min: s[0]!, max: s[s.length - 1]! };
}

export interface Summary {
  label: string;
  runs: Run[];
  wall: Stat;
  cpu: Stat;
  rssMiB: Stat;
}

export function summarise(label: string, runs: Run[]): Summary {
  return {
    label,
    runs,
    wall: stat(runs.map((r) => r.wall)),
    cpu: stat(runs.map((r) => r.cpu)),
    rssMiB: stat(runs.map((r) => r.rssMiB)),
  };
}

/** `n` alternating pairs of A and B (ABBA…); returns both summaries. */
export function pairs(n: number, a: Side, b: Side): [Summary, Summary] {
  const ra: Run[] = [];
  const rb: Run[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      ra.push(runOnce(a));
      rb.push(runOnce(b));
    } else {
      rb.push(runOnce(b));
      ra.push(runOnce(a));
    }
  }
  return [summarise(a.label, ra), summarise(b.label, rb)];
}

/** `n` runs of one side (for figures without a peer, e.g. a target). */
export function repeat(n: number, a: Side): Summary {
  return summarise(
    a.label,
    Array.from({ length: n }, () => runOnce(a)),
  );
}

const f = (x: number, d = 2) => x.toFixed(d);
const range = (s: Stat, d = 2) => `${f(s.median, d)} (${f(s.min, d)}–${f(s.max, d)})`;

/** One line: median (min–max) of wall, CPU and peak RSS over the runs. */
export function line(s: Summary): string {
  return `  ${s.label.padEnd(58)} wall ${range(s.wall)} s   CPU ${range(s.cpu)} s   peak RSS ${range(s.rssMiB, 0)} MiB   (${s.runs.length} runs)`;
}

/** The ratio of medians, peer ÷ ours (> 1: ours uses less). */
export function ratio(ours: Summary, peer: Summary, what: 'cpu' | 'wall' = 'cpu'): number {
  return peer[what].median / ours[what].median;
}

/** "met" or "MISSED by …" for a ceiling. */
export function ceiling(value: number, limit: number, unit: string): string {
  return value <= limit
    ? `met (${f(value)} ${unit} ≤ ${limit} ${unit})`
    : `MISSED by ${f(value - limit)} ${unit} (${f(value)} ${unit} > ${limit} ${unit})`;
}

/** "met" or "MISSED by …" for a floor (e.g. a speed-up). */
export function floor(value: number, min: number, unit: string): string {
  return value >= min
    ? `met (${f(value)}${unit} ≥ ${min}${unit})`
    : `MISSED by ${f(min - value)}${unit} (${f(value)}${unit} < ${min}${unit})`;
}

/** runOnce without blocking the event loop (when this process also serves the peers, e.g. an endpoint). */
export function runOnceAsync(side: Side): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const p = spawn(TIME, ['-f', '\n__TIME__ %e %U %S %M', 'sh', '-c', side.cmd], {
      env: { ...process.env, ...side.env },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (c) => out.push(c));
    p.stderr.on('data', (c) => err.push(c));
    p.on('error', reject);
    p.on('close', (code) => {
      const e = Buffer.concat(err).toString('utf8');
      const m = /__TIME__ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(e);
      if (!m) return reject(new Error(`could not time "${side.cmd}": ${e.slice(-500)}`));
      const run: Run = {
        wall: Number(m[1]),
        cpu: Number(m[2]) + Number(m[3]),
        rssMiB: Number(m[4]) / 1024,
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: e.slice(0, m.index),
      };
      try {
        if (side.check) side.check(run);
        else if (run.code !== 0) throw new Error(`${side.label} exited ${run.code}: ${run.stderr.slice(-800)}`);
      } catch (x) {
        return reject(x);
      }
      resolveRun(run);
    });
  });
}

/** Alternating rounds of several sides (ABC, CBA, …), each run preceded by `before` (e.g. a reset). */
export async function roundsAsync(n: number, sides: Side[], before: () => void = () => {}): Promise<Summary[]> {
  const runs: Run[][] = sides.map(() => []);
  for (let i = 0; i < n; i++) {
    const order = sides.map((_, k) => k);
    if (i % 2) order.reverse();
    for (const k of order) {
      before();
      runs[k]!.push(await runOnceAsync(sides[k]!));
    }
  }
  return sides.map((s, k) => summarise(s.label, runs[k]!));
}
