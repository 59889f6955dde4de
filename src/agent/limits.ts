/**
 * Per-person limits on questions, enforced where every surface asks (ask.ts): how many questions one
 * person may have running at once (TRAILHOUND_MAX_CONCURRENT_QUESTIONS_PER_USER) and how many model
 * tokens they may spend per UTC day (TRAILHOUND_MAX_TOKENS_PER_USER_PER_DAY). Both are kept in the
 * database, so they hold across Slack, the CLI and replicas; without a database (a one-off
 * `ask --evidence`) only this process's running questions are counted. Over a limit, the question is
 * refused with a QuestionLimitError that says which limit, its value and when to try again.
 */
import type { ToolContext } from '../../tools/context';
import { acquireQuestionLease, addTokens, releaseQuestionLease, tokensToday } from '../db/queries/usage';
import { UserFacingError } from '../errors';
import { log } from '../log';

export class QuestionLimitError extends UserFacingError {
  constructor(
    message: string,
    readonly limit: 'concurrent' | 'daily-tokens',
  ) {
    super(message);
  }
}

const local = new Map<string, number>();

export interface QuestionSlot {
  /** Tokens this question may still spend (the per-question budget, capped by what is left today). */
  tokenBudget: number;
  /** Records the question's tokens and frees its slot; call once, whatever happened. */
  finish(tokens: number): Promise<void>;
}

const fmt = (n: number) => n.toLocaleString('en-US');

function untilMidnightUtc(now: Date): string {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const min = Math.max(1, Math.ceil((next - now.getTime()) / 60_000));
  return min >= 60 ? `${Math.floor(min / 60)} h ${min % 60} min` : `${min} min`;
}

/** Admits one question for ctx.actor or throws QuestionLimitError. `usesModel`: the daily token limit applies. */
export async function startQuestion(
  ctx: Pick<ToolContext, 'db' | 'config' | 'actor' | 'now'>,
  o: { surface: string; usesModel: boolean },
): Promise<QuestionSlot> {
  const c = ctx.config;
  const user = ctx.actor;
  const max = c.TRAILHOUND_MAX_CONCURRENT_QUESTIONS_PER_USER;
  const perDay = c.TRAILHOUND_MAX_TOKENS_PER_USER_PER_DAY;
  const now = ctx.now();
  const busy = (running: number) =>
    new QuestionLimitError(
      `You already have ${running} question${running === 1 ? '' : 's'} running, the most one person may run at once (TRAILHOUND_MAX_CONCURRENT_QUESTIONS_PER_USER=${max}). Wait for ${running === 1 ? 'it' : 'one'} to finish, then ask again.`,
      'concurrent',
    );

  let remaining = Number.POSITIVE_INFINITY;
  if (o.usesModel && perDay > 0 && ctx.db) {
    const used = await tokensToday(ctx.db, user, now);
    remaining = perDay - used;
    if (remaining <= 0)
      throw new QuestionLimitError(
        `You have used ${fmt(used)} of your ${fmt(perDay)} model tokens for today (TRAILHOUND_MAX_TOKENS_PER_USER_PER_DAY, UTC day). The limit resets at 00:00 UTC, in ${untilMidnightUtc(now)}; an administrator can raise it.`,
        'daily-tokens',
      );
  }
  const tokenBudget = Math.min(c.TRAILHOUND_MAX_TOKENS_PER_QUESTION, remaining);

  if (ctx.db) {
    const db = ctx.db;
    const lease = await acquireQuestionLease(db, {
      userId: user,
      surface: o.surface,
      max,
      // A crashed process frees the slot after the question timeout and a minute.
      ttlMs: c.TRAILHOUND_QUESTION_TIMEOUT_SECONDS * 1000 + 60_000,
      now,
    });
    if (!lease.ok) throw busy(lease.running);
    return {
      tokenBudget,
      async finish(tokens) {
        try {
          if (tokens > 0) await addTokens(db, user, tokens, now);
        } catch (err) {
          log.warn('could not record the tokens a question used', { user, tokens, err });
        } finally {
          await releaseQuestionLease(db, lease.id).catch((err) =>
            log.warn('could not free a question slot (it expires by itself)', { err }),
          );
        }
      },
    };
  }
  const running = local.get(user) ?? 0;
  if (max > 0 && running >= max) throw busy(running);
  local.set(user, running + 1);
  return {
    tokenBudget,
    async finish() {
      const n = (local.get(user) ?? 1) - 1;
      if (n <= 0) local.delete(user);
      else local.set(user, n);
    },
  };
}
