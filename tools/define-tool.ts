/**
 * How a model-facing tool is declared. `input` is a zod object whose every field is described;
 * `description` is written for the model (when to use, what it returns, limits, cost);
 * `run` returns a bounded, aggregated result — never raw pages.
 */
import { z } from 'zod';
import type { ToolContext } from './context';

export { ToolError } from '../src/errors';

/** Note of what was read, for the tool result's `sources`. */
export interface SourceNote {
  account: string;
  region?: string;
  api: string;
  calls?: number;
  detail?: string;
}

export interface ToolResult<D = unknown> {
  /** A few sentences a person can read. */
  summary: string;
  /** Compact and bounded: aggregates, then top-N with counts. */
  data: D;
  /** Which accounts, regions and APIs were read, and how many calls. */
  sources: SourceNote[];
  /** What could not be seen (region not enabled, AccessDenied, truncated…). */
  warnings: string[];
  /** Suggested follow-ups ("what did these sessions do?"). */
  next?: string[];
}

export interface ToolDefinition<S extends z.ZodObject = z.ZodObject, D = unknown> {
  name: string;
  description: string;
  input: S;
  /** Mutating tools (propose_*) are offered only when remediation is enabled. */
  kind?: 'query' | 'propose';
  /** True when this call writes stored state (the CLI opens the database for an evidence folder only then). */
  storesState?(input: z.output<S>): boolean;
  run(ctx: ToolContext, input: z.output<S>): Promise<ToolResult<D>>;
}

export function defineTool<S extends z.ZodObject, D>(def: ToolDefinition<S, D>): ToolDefinition<S, D> {
  return def;
}

/** The JSON Schema sent to the model, generated from the zod schema. */
export function inputJsonSchema(tool: ToolDefinition): Record<string, unknown> {
  const schema = z.toJSONSchema(tool.input, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete schema.$schema;
  return schema;
}
