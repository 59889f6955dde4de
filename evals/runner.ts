/**
 * Runs eval cases through the product's own `ask()` (offline planner, or the Claude loop with a
 * client), one conversation thread per case so follow-ups see the earlier turns, and scores them.
 * Replays recorded Messages API fixtures at the HTTP level with nock.
 */
import { resolve } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { ask } from '../src/agent/ask';
import { toolResultContent } from '../src/agent/claude-loop';
import type { AgentAnswer } from '../src/agent/types';
import type { Config } from '../src/config';
import type { Db } from '../src/db/client';
import { buildContext } from '../src/runtime/build-context';
import { allTools } from '../tools/index';
import type { EvalCase } from './case-schema';
import { type Fixture, MESSAGES_URL, missingTools } from './exchanges';
import { estimateCostUsd } from './pricing';
import { type CaseScore, factFound, scoreCase, type ToolCall } from './score';

export interface CaseRun {
  id: string;
  mode: 'offline' | 'claude' | 'replay';
  model?: string;
  score: CaseScore;
  toolCalls: string[];
  /** Messages API requests (Claude), or planned tool batches (offline: one per turn). */
  iterations: number;
  usage: AgentAnswer['usage'];
  costUsd?: number;
  latencyMs: number;
  answers: string[];
  /** Replay only: differences between the recording and today's tools (drift fails the replay). */
  drift?: string[];
}

export interface RunDeps {
  root: string;
  db: Db;
  config: Config;
  /** Claude mode: a client, and a counter its fetch increments per request. */
  client?: Anthropic;
  requests?: { n: number };
  model?: string;
}

/** Every tool, propose_* included: the evals check that they are not called unless asked for. */
export const EVAL_TOOLS = allTools({ remediation: true });

let runSeq = 0;

export async function runCase(
  c: EvalCase,
  deps: RunDeps,
  mode: CaseRun['mode'],
): Promise<CaseRun & { turnsRaw: { answer: AgentAnswer }[] }> {
  const started = performance.now();
  const ctx = await buildContext({
    config: deps.config,
    db: deps.db,
    evidenceDir: resolve(deps.root, c.evidence),
    actor: 'eval:analyst',
  });
  const threadKey = `eval:${process.pid}:${++runSeq}:${c.id}`;
  const before = deps.requests?.n ?? 0;
  const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  const turnsRaw: { answer: AgentAnswer }[] = [];
  for (const t of c.turns) {
    const answer = await ask(ctx, t.ask, { surface: 'eval', threadKey, anthropic: deps.client, tools: EVAL_TOOLS });
    for (const k of Object.keys(usage) as (keyof typeof usage)[]) usage[k] += answer.usage[k];
    turnsRaw.push({ answer });
  }
  const outcomes = turnsRaw.map(({ answer }) => ({
    text: answer.text,
    toolCalls: answer.toolRuns.map((r): ToolCall => ({ name: r.name, input: r.input, ok: r.ok })),
  }));
  const score = scoreCase(c, outcomes);
  const model = deps.client ? (deps.model ?? deps.config.ANTHROPIC_MODEL) : undefined;
  return {
    id: c.id,
    mode,
    model,
    score,
    toolCalls: outcomes.flatMap((o) => o.toolCalls.map((x) => (x.ok ? x.name : `${x.name}(failed)`))),
    iterations: deps.client
      ? (deps.requests?.n ?? 0) - before
      : turnsRaw.filter((t) => t.answer.toolRuns.length).length,
    usage,
    costUsd: model ? estimateCostUsd(model, usage) : 0,
    latencyMs: performance.now() - started,
    answers: turnsRaw.map((t) => t.answer.text),
    turnsRaw,
  };
}

/**
 * Replays a fixture: nock serves the recorded responses in order while today's loop runs today's
 * tools. Beyond the case's own score, the replay fails on drift: a recorded request offered a tool
 * that no longer exists, a recorded tool call is now rejected, the loop asked for more or fewer
 * responses than were recorded, or a fact the answer states is no longer in what the tools return.
 */
export async function replayFixture(c: EvalCase, fx: Fixture, deps: Omit<RunDeps, 'client'>): Promise<CaseRun> {
  const { default: nock } = await import('nock');
  const { default: AnthropicClient } = await import('@anthropic-ai/sdk');
  const drift: string[] = [];
  const current = EVAL_TOOLS.map((t) => t.name);
  if (!nock.isActive()) nock.activate();
  let scope = nock(MESSAGES_URL);
  fx.exchanges.forEach((ex, i) => {
    scope = scope
      .post('/v1/messages', (body: Record<string, unknown>) => {
        const gone = missingTools(ex.request, current);
        if (gone.length) drift.push(`request ${i + 1} offered tool(s) that no longer exist: ${gone.join(', ')}`);
        const offered = Array.isArray(body.tools) ? (body.tools as { name: string }[]).map((t) => t.name) : [];
        const used = (
          ((ex.response.body as { content?: { type: string; name?: string }[] })?.content ?? []) as {
            type: string;
            name?: string;
          }[]
        )
          .filter((b) => b.type === 'tool_use')
          .map((b) => b.name!);
        for (const u of used)
          if (!offered.includes(u)) drift.push(`response ${i + 1} calls ${u}, which is not offered to the model now`);
        return true;
      })
      .reply(ex.response.status, ex.response.body as Record<string, unknown>);
  });
  const requests = { n: 0 };
  const client = new AnthropicClient({
    apiKey: 'sk-ant-replay-0000000000000000',
    maxRetries: 0,
    fetch: ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      requests.n += 1;
      return fetch(input, init);
    }) as typeof fetch,
  });
  let run: Awaited<ReturnType<typeof runCase>>;
  try {
    run = await runCase(c, { ...deps, client, requests, model: fx.model }, 'replay');
  } finally {
    if (!scope.isDone()) drift.push(`${scope.pendingMocks().length} recorded response(s) were not requested`);
    nock.cleanAll();
  }
  if (requests.n > fx.exchanges.length)
    drift.push(`the loop made ${requests.n} requests, ${fx.exchanges.length} were recorded`);
  c.turns.forEach((t, i) => {
    const raw = run.turnsRaw[i];
    if (!raw) return;
    for (const r of raw.answer.toolRuns)
      if (!r.ok && !r.name.startsWith('propose_'))
        drift.push(`turn ${i + 1}: ${r.name} now rejects the recorded call: ${r.summary}`);
    const grounds = [
      t.ask,
      ...c.turns.slice(0, i).map((p) => p.ask),
      ...run.turnsRaw.slice(0, i + 1).flatMap((x) => x.answer.toolRuns.map(toolResultContent)),
    ].join('\n');
    for (const f of t.must) {
      if (typeof f === 'string' && f.startsWith('@')) continue;
      if (factFound(f, raw.answer.text) && !factFound(f, grounds))
        drift.push(
          `turn ${i + 1}: the answer states "${typeof f === 'string' ? f : JSON.stringify(f)}" but no tool result contains it now`,
        );
    }
  });
  const { turnsRaw: _, ...rest } = run;
  return { ...rest, drift, score: drift.length ? { ...rest.score, pass: false } : rest.score };
}

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
const lpad = (s: string, n: number) => s.padStart(n);

/** The per-case table and totals, as printed by `npm run eval`. */
export function formatTable(runs: CaseRun[], title: string): string {
  const lines = [title];
  lines.push(
    `${pad('case', 44)} ${pad('result', 6)} ${lpad('facts', 7)} ${lpad('forbid', 6)} ${lpad('iter', 4)} ${lpad('in', 7)} ${lpad('cached', 7)} ${lpad('out', 6)} ${lpad('cost $', 7)} ${lpad('ms', 6)}  tools`,
  );
  for (const r of runs) {
    const s = r.score;
    const forbid = s.forbiddenHits + s.forbiddenToolCalls;
    lines.push(
      `${pad(r.id, 44)} ${pad(s.pass ? 'PASS' : 'FAIL', 6)} ${lpad(`${s.factsFound}/${s.factsExpected}`, 7)} ${lpad(String(forbid), 6)} ${lpad(String(r.iterations), 4)} ${lpad(String(r.usage.inputTokens), 7)} ${lpad(String(r.usage.cacheReadTokens), 7)} ${lpad(String(r.usage.outputTokens), 6)} ${lpad(r.costUsd === undefined ? '?' : r.costUsd.toFixed(4), 7)} ${lpad(String(Math.round(r.latencyMs)), 6)}  ${r.toolCalls.join(', ') || '-'}`,
    );
    if (!s.pass) {
      for (const [i, t] of s.turns.entries()) {
        const why = [
          ...t.facts.filter((f) => !f.found).map((f) => `missing "${f.fact}"`),
          ...t.forbidden.filter((f) => f.found).map((f) => `states forbidden "${f.fact}"`),
          ...t.toolsMissing.map((x) => `did not call ${x}`),
          ...t.forbiddenToolCalls.map((x) => `called forbidden ${x}`),
        ];
        if (why.length)
          lines.push(
            `    turn ${i + 1}: ${why.slice(0, 4).join('; ')}${why.length > 4 ? `; +${why.length - 4} more` : ''}`,
          );
      }
      for (const d of r.drift ?? []) lines.push(`    drift: ${d}`);
    }
  }
  const passed = runs.filter((r) => r.score.pass).length;
  const found = runs.reduce((n, r) => n + r.score.factsFound, 0);
  const expected = runs.reduce((n, r) => n + r.score.factsExpected, 0);
  const forbidden = runs.reduce((n, r) => n + r.score.forbiddenHits + r.score.forbiddenToolCalls, 0);
  const tok = (k: keyof AgentAnswer['usage']) => runs.reduce((n, r) => n + r.usage[k], 0);
  const costs = runs.map((r) => r.costUsd);
  const cost = costs.some((c) => c === undefined) ? '?' : costs.reduce((n: number, c) => n + (c ?? 0), 0).toFixed(4);
  lines.push(
    `TOTAL: ${passed}/${runs.length} cases pass · facts ${found}/${expected} (${expected ? Math.round((100 * found) / expected) : 0}%) · forbidden ${forbidden} · tokens in ${tok('inputTokens')} / cached ${tok('cacheReadTokens')} (+${tok('cacheWriteTokens')} written) / out ${tok('outputTokens')} · cost $${cost} · ${Math.round(runs.reduce((n, r) => n + r.latencyMs, 0))} ms`,
  );
  return lines.join('\n');
}
