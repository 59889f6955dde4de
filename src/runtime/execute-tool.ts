/**
 * Runs one tool call for any surface (agent, CLI, Slack): validates the input against the tool's
 * zod schema, counts AWS API calls, turns failures into text the model or person can act on, and
 * appends the call to the audit table (tool, input, account, duration, API calls, outcome).
 */
import type { z } from 'zod';
import { boundUnread, type ToolDefinition, type ToolResult } from '../../tools/define-tool';
import { withApiCallTally } from '../aws/api-calls';
import { log } from '../log';
import type { ToolContext } from '../../tools/context';
import { issuesText, type SchemaIssue, UserFacingError } from '../errors';

export type ToolOutcome<D = unknown> =
  | { ok: true; result: ToolResult<D>; apiCalls: number; durationMs: number }
  | { ok: false; error: string; apiCalls: number; durationMs: number };

export function formatZodError(tool: string, err: z.ZodError): string {
  return issuesText(tool, err.issues as SchemaIssue[]);
}

/** Top-level input fields the tool does not declare (zod would drop them without a word). */
export function unknownFields(tool: ToolDefinition<z.ZodObject, unknown>, rawInput: unknown): string[] {
  if (!rawInput || typeof rawInput !== 'object' || Array.isArray(rawInput)) return [];
  const known = tool.input.shape as Record<string, unknown>;
  return Object.keys(rawInput).filter((k) => !Object.hasOwn(known, k));
}

export async function executeTool<D>(
  ctx: ToolContext,
  tool: ToolDefinition<z.ZodObject, D>,
  rawInput: unknown,
): Promise<ToolOutcome<D>> {
  const started = performance.now();
  const parsed = tool.input.safeParse(rawInput ?? {});
  const unknown = unknownFields(tool, rawInput);
  let outcome: ToolOutcome<D>;
  if (unknown.length) {
    // zod drops unknown keys silently: a misspelt `start` would search a narrower window than asked.
    outcome = {
      ok: false,
      error: `${tool.name}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}; nothing was run. The fields are: ${Object.keys(tool.input.shape).join(', ')}.`,
      apiCalls: 0,
      durationMs: performance.now() - started,
    };
  } else if (!parsed.success) {
    outcome = {
      ok: false,
      error: formatZodError(tool.name, parsed.error),
      apiCalls: 0,
      durationMs: performance.now() - started,
    };
  } else {
    try {
      const { value, tally } = await withApiCallTally(() => tool.run(ctx, parsed.data));
      outcome = {
        ok: true,
        result: boundUnread(value),
        apiCalls: tally.total,
        durationMs: performance.now() - started,
      };
    } catch (err) {
      const known = err instanceof UserFacingError;
      if (!known) log.error('tool failed', { tool: tool.name, err });
      outcome = {
        ok: false,
        error: known
          ? (err as Error).message
          : `${tool.name} failed unexpectedly: ${(err as Error)?.message ?? String(err)}`,
        apiCalls: 0,
        durationMs: performance.now() - started,
      };
    }
  }
  if (ctx.db) {
    const input = (parsed.success ? parsed.data : rawInput) as Record<string, unknown> | undefined;
    const accountField =
      input && (input.account ?? (Array.isArray(input.accounts) ? (input.accounts as string[]).join(',') : undefined));
    try {
      // Loaded only when there is a database to write to: an evidence question with no stored state
      // never loads drizzle.
      const { recordToolCall } = await import('../db/queries/tool-calls');
      await recordToolCall(ctx.db, {
        conversationId: ctx.conversationId,
        tool: tool.name,
        input: input ?? {},
        account: typeof accountField === 'string' ? accountField : ctx.accounts.map((a) => a.name).join(','),
        actor: ctx.actor,
        durationMs: outcome.durationMs,
        apiCalls: outcome.apiCalls,
        outcome: outcome.ok ? 'ok' : 'error',
        error: outcome.ok ? null : outcome.error.slice(0, 2000),
      });
    } catch (err) {
      log.warn('could not record the tool call', { tool: tool.name, err });
    }
  }
  return outcome;
}
