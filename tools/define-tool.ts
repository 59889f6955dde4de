/**
 * How a model-facing tool is declared. `input` is a zod object whose every field is described;
 * `description` is written for the model (when to use, what it returns, limits, cost);
 * `run` returns a bounded, aggregated result — never raw pages.
 */
import { z } from 'zod';
import type { ToolContext } from './context';
import type { ActivityData } from '../src/cloudtrail/activity';
import { type OfferCondition, type ToolCatalogEntry, toolTitle } from './catalog';

export { RESULT_JSON_SCHEMA, toolTitle } from './catalog';

export { ToolError } from '../src/errors';

/** Note of what was read, for the tool result's `sources`. */
export interface SourceNote {
  account: string;
  region?: string;
  api: string;
  calls?: number;
  detail?: string;
}

/**
 * A source the tool meant to read and could not (a region's CloudTrail, an account's IAM, an IdP):
 * what it found is then incomplete, and "nothing found" is not evidence of nothing. Surfaces turn a
 * non-empty list into an incomplete answer (`ask` exits 4), never a clean one.
 */
export interface UnreadSource {
  account: string;
  /** Absent for a global source (IAM, an IdP) or every region of an account. */
  region?: string;
  /** What could not be read, e.g. `cloudtrail:LookupEvents`, `iam:GetAccountAuthorizationDetails`. */
  api: string;
  /** Why, as the person can act on it (access denied, no credentials, region not enabled…). */
  reason: string;
}

/** The failed reads of a per-region (or per-account) fan-out, as `unread` entries. */
export function unreadOf(
  reads: readonly { account: string; region?: string; ok: boolean; error?: string }[],
  api: string,
): UnreadSource[] {
  return reads
    .filter((r) => !r.ok)
    .map((r) => ({
      account: r.account,
      ...(r.region && r.region !== '*' ? { region: r.region } : {}),
      api,
      reason: r.error ?? 'could not be read',
    }));
}

/** At most this many `unread` entries per result, each reason at most UNREAD_REASON_MAX characters. */
export const UNREAD_MAX = 50;
export const UNREAD_REASON_MAX = 300;

/**
 * The result with `unread` bounded, as every tool run returns it (src/runtime/execute-tool.ts): the
 * first UNREAD_MAX entries, reasons clipped, and how many were left out in `unreadOmitted` — a count,
 * so a surface never reports fewer unread sources than there were.
 */
export function boundUnread<R extends ToolResult<unknown>>(r: R): R {
  if (!r.unread?.length) return r;
  const clipReason = (s: string) => (s.length > UNREAD_REASON_MAX ? `${s.slice(0, UNREAD_REASON_MAX - 1)}…` : s);
  const kept = r.unread.slice(0, UNREAD_MAX).map((u) => ({ ...u, reason: clipReason(u.reason) }));
  const omitted = r.unread.length - kept.length + (r.unreadOmitted ?? 0);
  return { ...r, unread: kept, ...(omitted ? { unreadOmitted: omitted } : {}) };
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
  /**
   * Sources that could not be read (structured; `warnings` says the same in words). Present and
   * non-empty only when the result is incomplete.
   */
  unread?: UnreadSource[];
  /** How many more unread sources were left out of `unread` to keep the result bounded (boundUnread). */
  unreadOmitted?: number;
  /**
   * For surfaces that draw (the investigation timeline chart: `ask --chart`, the Slack thread):
   * events per hour per principal or IP. Never sent to the model or over MCP.
   */
  activity?: ActivityData;
}

/** What decides whether a tool is offered: the configuration and the evidence folder, if any. */
export interface ToolEnv {
  config: ToolContext['config'];
  evidenceDir?: string;
  /** The context's readers, when known (a tool may be offered only if its reader exists); only `falcon` is asked. */
  sources?: Pick<ToolContext['sources'], 'falcon'>;
}

export interface ToolDefinition<S extends z.ZodObject = z.ZodObject, D = unknown> {
  name: string;
  /** A short human title (MCP clients show it in their tool lists). */
  title?: string;
  description: string;
  /**
   * What the tool changes besides reading: `stores` (writes Trailhound's own history, e.g. a posture
   * scan's findings; nothing in AWS). Absent: read-only. propose_* tools are `kind: 'propose'`.
   */
  writes?: 'stores';
  input: S;
  /** Mutating tools (propose_*) are offered only when remediation is enabled. */
  kind?: 'query' | 'propose';
  /** True when this call writes stored state (the CLI opens the database for an evidence folder only then). */
  storesState?(input: z.output<S>): boolean;
  /**
   * Offered only where this condition holds (e.g. its service is configured; tools/catalog.ts
   * OFFER_CONDITIONS, named so the catalog can list it without loading the tool); default always.
   */
  offeredWhen?: OfferCondition;
  run(ctx: ToolContext, input: z.output<S>): Promise<ToolResult<D>>;
}

/**
 * Declares a tool. The result is typed by its own schema (so `run` sees the parsed input) and is
 * also a plain `ToolDefinition`, the registry's type (tools/index.ts, executeTool): `run` is a
 * method, so a specific input type is accepted where the registry expects any zod object, and
 * executeTool always parses the raw input with the tool's own schema before calling it. No cast.
 */
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
  // Fields the tool does not declare are refused (executeTool), so the schema says so.
  schema.additionalProperties = false;
  return schema;
}

/** What the catalog lists for a tool (tools/catalog.ts; generated into tools/catalog.json by the build). */
export function catalogEntry(tool: ToolDefinition): ToolCatalogEntry {
  return {
    name: tool.name,
    title: toolTitle(tool),
    kind: tool.kind ?? 'query',
    ...(tool.writes ? { writes: tool.writes } : {}),
    ...(tool.offeredWhen ? { offered_when: tool.offeredWhen } : {}),
    description: tool.description,
    input_schema: inputJsonSchema(tool),
  };
}
