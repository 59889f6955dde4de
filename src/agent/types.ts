import type { ToolResult, UnreadSource } from '../../tools/define-tool';

export interface ToolRun {
  id: string;
  name: string;
  input: unknown;
  ok: boolean;
  /** The tool's summary, or its error text. */
  summary: string;
  result?: ToolResult;
  durationMs: number;
}

export interface AgentEvents {
  /** Human-readable progress ("Searching CloudTrail in 3 regions… 1,250 events scanned"). */
  onProgress?(text: string): void;
  onToolStart?(name: string, input: unknown): void;
  onToolEnd?(run: ToolRun): void;
}

export interface AgentAnswer {
  text: string;
  mode: 'claude' | 'offline';
  /**
   * True when a budget, the iteration cap or an API failure ended the investigation early, or when a
   * tool could not read some of its sources (`unread`).
   */
  partial: boolean;
  /** The sources the answer's tools could not read (regions, accounts, IdPs), when any. */
  unread?: UnreadSource[];
  /** Tools whose last run failed outright, with no later successful run of the same tool (their error text). */
  failedTools?: { name: string; error: string }[];
  /** Set when the model API failed (why, in a sentence): the investigation produced no answer of its own. */
  apiError?: string;
  toolRuns: ToolRun[];
  usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number };
  conversationId?: string;
  /**
   * True when Trailhound put the text together from tool summaries and error text (the offline
   * planner, a partial answer) rather than the model writing it: surfaces render it as data, with
   * every formatting character neutralised, since those summaries quote AWS/IdP values.
   */
  composed?: boolean;
}

/**
 * The tools whose last run failed outright (an error, not a result), with no later successful run of
 * the same tool: what they were to read was not read, whoever wrote the answer. A failed call the model
 * corrected (bad input, then a good one) does not count.
 */
export function failedToolRuns(
  runs: readonly Pick<ToolRun, 'name' | 'ok' | 'summary'>[],
): { name: string; error: string }[] {
  const last = new Map<string, Pick<ToolRun, 'name' | 'ok' | 'summary'>>();
  for (const r of runs) last.set(r.name, r);
  return [...last.values()].filter((r) => !r.ok).map((r) => ({ name: r.name, error: r.summary }));
}

/** How many unread sources the runs' results left out of their bounded `unread` lists. */
export function unreadOmittedOfRuns(runs: readonly Pick<ToolRun, 'ok' | 'result'>[]): number {
  return runs.reduce((n, r) => n + ((r.ok && r.result?.unreadOmitted) || 0), 0);
}

/**
 * The sources every successful tool run could not read: one list whatever the planner, so no
 * surface can present "no events" from a region that was never read as a clean answer.
 */
export function unreadOfRuns(runs: readonly Pick<ToolRun, 'ok' | 'result'>[]): UnreadSource[] {
  const seen = new Set<string>();
  const out: UnreadSource[] = [];
  for (const r of runs)
    for (const u of (r.ok && r.result?.unread) || []) {
      const key = `${u.account}|${u.region ?? ''}|${u.api}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(u);
    }
  return out;
}
