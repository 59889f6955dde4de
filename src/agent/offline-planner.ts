/**
 * Offline planner: answers common questions without a model by mapping them to tool calls
 * (src/agent/offline-rules.ts) and composing the answer from the tools' own summaries. It says
 * plainly that it is the offline mode.
 */
import type { ToolDefinition } from '../../tools/define-tool';
import type { ToolContext } from '../../tools/context';
import { executeTool } from '../runtime/execute-tool';
import { type ChatMemory, followUp, remember } from './follow-up';
import { offlineRules } from './offline-rules';
import { threatRules } from './offline-threat-rules';
import type { AgentAnswer, AgentEvents, ToolRun } from './types';

export const OFFLINE_BANNER =
  'Offline mode (no ANTHROPIC_API_KEY configured): answered by pattern-matched tool calls, not by a model.';

export async function runOfflinePlanner(
  ctx: ToolContext,
  question: string,
  tools: ToolDefinition[],
  events: AgentEvents = {},
  /** A chat's memory of the last entity searched (pronoun follow-ups); absent for one-off questions. */
  memory?: ChatMemory,
): Promise<AgentAnswer> {
  const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  const byName = new Map(tools.map((t) => [t.name, t]));
  const rules = [...offlineRules, ...threatRules];
  const fromMemory = memory ? followUp(memory, question) : null;
  // A follow-up's calls this mode offers (map_identity may be absent): never a call it cannot make.
  const recalled = fromMemory?.filter((c) => byName.has(c.tool));
  const plan =
    (recalled?.length ? recalled : null) ??
    rules.map((r) => r.match(question)).find((p) => p?.every((c) => byName.has(c.tool)));
  if (!plan) {
    const examples = rules
      .filter((r) => r.match(r.example)?.every((c) => byName.has(c.tool)))
      .map((r) => `- ${r.example}`);
    return {
      text: `${OFFLINE_BANNER}\nI could not map that question to a tool. Questions I understand offline:\n${examples.join('\n')}\nSet ANTHROPIC_API_KEY for free-form questions, or run a tool directly: \`trailhound tool <name> '<json>'\`.`,
      mode: 'offline',
      partial: true,
      toolRuns: [],
      usage,
      composed: true,
    };
  }
  const runs: ToolRun[] = [];
  for (const [i, call] of plan.entries()) {
    events.onToolStart?.(call.tool, call.input);
    const out = await executeTool(ctx, byName.get(call.tool)!, call.input);
    const run: ToolRun = out.ok
      ? {
          id: `offline-${i}`,
          name: call.tool,
          input: call.input,
          ok: true,
          summary: out.result.summary,
          result: out.result,
          durationMs: out.durationMs,
        }
      : {
          id: `offline-${i}`,
          name: call.tool,
          input: call.input,
          ok: false,
          summary: out.error,
          durationMs: out.durationMs,
        };
    runs.push(run);
    events.onToolEnd?.(run);
  }
  if (memory) {
    const search = runs.find((r) => r.ok && r.name === 'cloudtrail_search');
    remember(
      memory,
      plan,
      (search?.result?.data as { who?: { principal?: string; name?: string; accessKeyIds?: string[] }[] })?.who,
    );
  }
  const lines = [OFFLINE_BANNER, ''];
  for (const r of runs) {
    lines.push(r.ok ? r.summary : `${r.name} failed: ${r.summary}`);
    for (const w of r.result?.warnings ?? []) lines.push(`⚠ ${w}`);
    if (r.result?.next?.length) lines.push(`Next: ${r.result.next.join(' · ')}`);
  }
  return {
    text: lines.join('\n'),
    mode: 'offline',
    partial: runs.some((r) => !r.ok),
    toolRuns: runs,
    usage,
    composed: true,
  };
}
