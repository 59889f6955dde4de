/**
 * Answers one question in a thread: loads the thread's conversation from the database, runs the
 * Claude loop (or the offline planner without a key), and stores the new messages so a restart or
 * another replica continues the same conversation.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { ToolDefinition } from '../../tools/define-tool';
import { allTools } from '../../tools/index';
import { appendMessages, conversationFor, loadMessages } from '../db/queries/conversations';
import type { ToolContext } from '../../tools/context';
import { runClaudeLoop } from './claude-loop';
import { startQuestion } from './limits';
import type { ChatMemory } from './follow-up';
import { modelClient } from './model-client';
import { runOfflinePlanner } from './offline-planner';
import { type AgentAnswer, type AgentEvents, failedToolRuns, unreadOfRuns } from './types';

export interface AskOptions {
  /** The offline planner's memory of a chat (pronoun follow-ups); one per conversation. */
  memory?: ChatMemory;
  /** Thread identity, e.g. `slack:C1:1700000000.0001`; a new one per CLI question if absent. */
  threadKey?: string;
  surface: string;
  /** Injected client (tests); otherwise built from ANTHROPIC_API_KEY. */
  anthropic?: Anthropic;
  events?: AgentEvents;
  /** The tools to offer (evals offer the propose_* tools to check they are not called); default: by configuration. */
  tools?: ToolDefinition[];
}

/** The stored history, trimmed to the most recent turns and starting at a plain user message. */
export function trimHistory(history: MessageParam[], maxMessages = 40): MessageParam[] {
  let h = history.slice(-maxMessages);
  while (
    h.length &&
    !(
      h[0]!.role === 'user' &&
      (typeof h[0]!.content === 'string' || !h[0]!.content.some((b) => b.type === 'tool_result'))
    )
  )
    h = h.slice(1);
  return h;
}

/**
 * Answers one question, within the asker's per-person limits (limits.ts): throws QuestionLimitError
 * (a UserFacingError) when they already run too many questions or spent today's tokens.
 */
export async function ask(ctx: ToolContext, question: string, opts: AskOptions): Promise<AgentAnswer> {
  const configured = opts.anthropic ? undefined : modelClient(ctx.config);
  const client = opts.anthropic ?? configured?.client;
  const slot = await startQuestion(ctx, { surface: opts.surface, usesModel: !!client });
  let spent = 0;
  try {
    const answer = await answerQuestion(ctx, question, opts, client, configured, slot.tokenBudget);
    const u = answer.usage;
    spent = u.inputTokens + u.outputTokens + u.cacheReadTokens + u.cacheWriteTokens;
    return answer;
  } finally {
    await slot.finish(spent);
  }
}

async function answerQuestion(
  ctx: ToolContext,
  question: string,
  opts: AskOptions,
  client: Anthropic | undefined,
  configured: ReturnType<typeof modelClient>,
  tokenBudget: number,
): Promise<AgentAnswer> {
  const remediation =
    ctx.config.TRAILHOUND_REMEDIATION_ENABLED && ctx.accounts.some((a) => a.remediationRoleArn) && ctx.mode === 'live';
  const tools =
    opts.tools ??
    allTools({ remediation, env: { config: ctx.config, evidenceDir: ctx.sources.evidenceDir, sources: ctx.sources } });
  let conversationId: string | undefined;
  let history: MessageParam[] = [];
  if (ctx.db && opts.threadKey) {
    conversationId = await conversationFor(ctx.db, opts.threadKey, {
      surface: opts.surface,
      userId: ctx.actor,
      userEmail: ctx.actorEmail,
    });
    history = trimHistory((await loadMessages(ctx.db, conversationId)) as MessageParam[]);
  }
  const runCtx: ToolContext = { ...ctx, conversationId };
  const userMsg: MessageParam = { role: 'user', content: question };

  let answer: AgentAnswer;
  let toStore: MessageParam[];
  if (!client) {
    answer = await runOfflinePlanner(runCtx, question, tools, opts.events, opts.memory);
    toStore = [userMsg, { role: 'assistant', content: answer.text }];
  } else {
    const out = await runClaudeLoop(
      runCtx,
      [...history, userMsg],
      {
        client,
        model: configured?.model ?? ctx.config.ANTHROPIC_MODEL,
        describeError: configured?.describeError,
        tools,
        maxIterations: ctx.config.TRAILHOUND_MAX_ITERATIONS,
        maxTokens: tokenBudget,
        timeoutMs: ctx.config.TRAILHOUND_QUESTION_TIMEOUT_SECONDS * 1000,
      },
      opts.events,
    );
    const { newMessages, ...rest } = out;
    answer = rest;
    toStore = [userMsg, ...newMessages];
  }
  if (ctx.db && conversationId)
    await appendMessages(ctx.db, conversationId, toStore as { role: 'user' | 'assistant'; content: unknown }[]);
  // A tool that could not read some of its sources, or failed outright and was not run again
  // successfully, makes the answer incomplete, whoever wrote it.
  const unread = unreadOfRuns(answer.toolRuns);
  const failedTools = failedToolRuns(answer.toolRuns);
  return {
    ...answer,
    conversationId,
    ...(unread.length ? { unread, partial: true } : {}),
    ...(failedTools.length ? { failedTools, partial: true } : {}),
  };
}
