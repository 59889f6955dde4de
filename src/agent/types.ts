import type { ToolResult } from '../../tools/define-tool';

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
  /** True when a budget, the iteration cap or an API failure ended the investigation early. */
  partial: boolean;
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
