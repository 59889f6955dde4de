/**
 * The tool catalog: what every tool shows before it runs — name, title, kind, what it writes, when
 * it is offered, description and input JSON Schema — as plain data. Listing tools (`trailhound
 * tools`, MCP `tools/list`) reads this and loads no tool module and no zod; a tool's module loads
 * only when it is called.
 *
 * tools/catalog.json is generated from the definitions (`toolCatalogFromDefinitions`, tools/index.ts)
 * by bin/build.mjs, which the CLI runs whenever a source changed; test/tools/catalog.test.ts fails
 * when the file and the definitions differ. Do not edit it by hand.
 */
import catalog from './catalog.json';
import type { ToolEnv } from './define-tool';

/** One tool as listed. */
export interface ToolCatalogEntry {
  name: string;
  title: string;
  kind: 'query' | 'propose';
  writes?: 'stores';
  /** Offered only where this holds (OFFER_CONDITIONS); absent: always. */
  offered_when?: OfferCondition;
  description: string;
  /** The input JSON Schema (draft 2020-12), as the Anthropic API and MCP take it. */
  input_schema: Record<string, unknown>;
}

/**
 * When a tool is offered, by name, so the catalog can say it without the tool's module: a tool
 * declares `offeredWhen: 'falcon'` (tools/define-tool.ts) and is listed only where this holds.
 */
export const OFFER_CONDITIONS = {
  /** CrowdStrike configured (FALCON_CLIENT_ID/SECRET), or the evidence folder has crowdstrike/ files. */
  falcon: (env: ToolEnv): boolean => {
    try {
      return !!env.sources?.falcon?.();
    } catch {
      return true; // configured but wrong (e.g. FALCON_BASE_URL): offered, and running it says what to fix
    }
  },
} satisfies Record<string, (env: ToolEnv) => boolean>;

export type OfferCondition = keyof typeof OFFER_CONDITIONS;

/** Whether a tool is offered in `env` (no env: every tool). */
export function offered(t: { offered_when?: OfferCondition }, env?: ToolEnv): boolean {
  return !env || !t.offered_when || OFFER_CONDITIONS[t.offered_when](env);
}

/** The catalog's tools to offer: query tools, plus propose_* when remediation is enabled; with `env`, where they can run. */
export function catalogTools(
  opts: { remediation: boolean; env?: ToolEnv } = { remediation: false },
): ToolCatalogEntry[] {
  return (catalog as ToolCatalogEntry[]).filter(
    (t) => (opts.remediation || t.kind !== 'propose') && offered(t, opts.env),
  );
}

/** The title people see: the declared one, else the name in words ("cloudtrail_search" → "Cloudtrail search"). */
export function toolTitle(tool: { name: string; title?: string }): string {
  if (tool.title) return tool.title;
  const words = tool.name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Where a source is: the fields a read source and an unread one share. */
const WHERE = { account: { type: 'string' }, region: { type: 'string' }, api: { type: 'string' } } as const;

/**
 * The JSON Schema of every tool's result (the envelope; `data` is tool-specific and bounded). MCP
 * clients get it as `outputSchema` with the result as `structuredContent`.
 */
export const RESULT_JSON_SCHEMA = {
  type: 'object',
  properties: {
    summary: { type: 'string', description: 'A few sentences a person can read.' },
    data: { type: 'object', description: 'Compact, bounded, tool-specific aggregates.' },
    sources: {
      type: 'array',
      description: 'Which accounts, regions and APIs were read, and how many calls.',
      items: {
        type: 'object',
        properties: { ...WHERE, calls: { type: 'number' }, detail: { type: 'string' } },
        required: ['account', 'api'],
      },
    },
    warnings: {
      type: 'array',
      items: { type: 'string' },
      description: 'What could not be seen (region not enabled, AccessDenied, truncated…).',
    },
    next: { type: 'array', items: { type: 'string' }, description: 'Suggested follow-up questions.' },
    unreadOmitted: {
      type: 'number',
      description: 'How many more unread sources were left out of `unread` to keep the result bounded.',
    },
    unread: {
      type: 'array',
      description:
        'Sources that could not be read (present only when the result is incomplete): "nothing found" there is not evidence of nothing.',
      items: {
        type: 'object',
        properties: { ...WHERE, reason: { type: 'string' } },
        required: ['account', 'api', 'reason'],
      },
    },
  },
  required: ['summary', 'data', 'sources', 'warnings'],
} as const;
