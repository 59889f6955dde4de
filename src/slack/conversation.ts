/**
 * One question from Slack (a mention, a DM, a thread follow-up or `/trailhound ask`): check the
 * allowlist (before anything is read), post "Looking into it…" in the thread, run the agent with a
 * ToolContext for this person, edit the message as tools run, then replace it with the answer and
 * post any approval cards. Work is serialised per thread only; different threads run concurrently.
 */
import { QuestionLimitError } from '../agent/limits';
import { ask } from '../agent/ask';
import { toolLabel } from '../agent/tool-label';
import type { ToolRun } from '../agent/types';
import { conversationFor } from '../db/queries/conversations';
import { forPeople, log } from '../log';
import { buildContext } from '../runtime/build-context';
import { mayAsk } from './access';
import { answerView } from './blocks/answer';
import { errorMessage, progressMessage, refusalMessage } from './blocks/progress';
import { QUEUED, THINKING } from './blocks/progress';
import { postProposalCards } from './cards';
import type { SlackDeps } from './deps';
import { threadKey } from './ids';
import { personalise } from './question-text';
import { ProgressUpdater } from './progress';
import { postTimelineChart } from './timeline-chart';
import type { WebClient } from './types';
import type { Job } from './work-tracker';

export interface Question {
  channel: string;
  /** The thread to answer in (the question's own ts when it started the thread). */
  threadTs: string;
  user: string;
  text: string;
}

function stepLine(run: ToolRun): string {
  return `${run.ok ? '✓' : '✗'} ${run.name} (${(run.durationMs / 1000).toFixed(1)} s): ${run.summary.slice(0, 200)}`;
}

/** Whether remediation tools are offered for this question (mirrors src/agent/ask.ts). */
export function remediationAvailable(
  deps: SlackDeps,
  mode: 'live' | 'evidence',
  accounts: { remediationRoleArn: string | null }[],
): boolean {
  return deps.config.TRAILHOUND_REMEDIATION_ENABLED && mode === 'live' && accounts.some((a) => a.remediationRoleArn);
}

/** Checks the allowlist; on refusal posts a short note in the thread and returns false. */
export async function admit(
  deps: SlackDeps,
  client: WebClient,
  q: Pick<Question, 'user' | 'channel' | 'threadTs'>,
): Promise<boolean> {
  const decision = await mayAsk(deps.config, deps.directory, client, q, !!deps.evidenceDir);
  if (decision.ok) return true;
  log.info('slack question refused', { user: q.user, channel: q.channel, why: decision.why });
  const m = refusalMessage();
  await client.chat
    .postMessage({ channel: q.channel, thread_ts: q.threadTs, text: m.text, blocks: m.blocks })
    .catch((err) => log.warn('could not post the refusal', { err }));
  return false;
}

/** Answers a question (after `admit`); resolves when the answer is posted. */
export function answerQuestion(deps: SlackDeps, client: WebClient, q: Question): Promise<void> {
  const key = threadKey(q.channel, q.threadTs);
  if (!deps.work.accepting) {
    return client.chat
      .postMessage({
        channel: q.channel,
        thread_ts: q.threadTs,
        text: 'Trailhound is restarting; ask again in a minute.',
      })
      .then(
        () => undefined,
        () => undefined,
      );
  }
  // Visible at once, even when the thread's previous question is still being answered; the
  // thread's queue slot is taken now, so questions are answered in the order they arrived.
  const queued = deps.work.busy(key);
  const first = progressMessage(queued ? QUEUED : THINKING);
  const posting = client.chat
    .postMessage({ channel: q.channel, thread_ts: q.threadTs, text: first.text, blocks: first.blocks })
    .then((r) => ({ channel: q.channel, ts: r.ts as string }));
  return deps.work.run(
    key,
    async (job) => answerInThread(deps, client, q, key, await posting, queued, job),
    (job) => void posting.then((where) => (job.progress = where)).catch(() => {}),
  );
}

async function answerInThread(
  deps: SlackDeps,
  client: WebClient,
  q: Question,
  key: string,
  where: { channel: string; ts: string },
  queued: boolean,
  job: Job,
): Promise<void> {
  const started = Date.now();
  job.progress = where;
  const progress = new ProgressUpdater(deps.progressClient ?? client, where, THINKING, deps.progressIntervalMs ?? 1000);
  if (queued) progress.setStatus(THINKING);
  try {
    const user = await deps.directory.user(client, q.user);
    const actor = `slack:${q.user}`;
    job.conversationId = await conversationFor(deps.db, key, {
      surface: 'slack',
      userId: actor,
      userEmail: user.email ?? null,
    });
    const ctx = await buildContext({
      config: deps.config,
      db: deps.db,
      evidenceDir: deps.evidenceDir,
      actor,
      actorEmail: user.email,
      conversationId: job.conversationId,
      progress: (m) => progress.setStatus(m),
      signal: job.abort.signal,
      now: deps.now,
    });
    ctx.slack = { channel: q.channel, threadTs: q.threadTs };
    const answer = await ask(ctx, personalise(q.text, { email: user.email, userId: q.user }), {
      threadKey: key,
      surface: 'slack',
      anthropic: deps.anthropic,
      events: {
        onProgress: (m) => progress.setStatus(m),
        onToolStart: (name) => progress.setStatus(`${toolLabel(name)}…`),
        onToolEnd: (run) => progress.step(stepLine(run)),
      },
    });
    await progress.stop();
    const view = answerView(answer, { remediationAvailable: remediationAvailable(deps, ctx.mode, ctx.accounts) });
    const [first, ...rest] = view.messages;
    await client.chat.update({ channel: where.channel, ts: where.ts, text: first!.text, blocks: first!.blocks });
    for (const m of rest)
      await client.chat.postMessage({ channel: q.channel, thread_ts: q.threadTs, text: m.text, blocks: m.blocks });
    if (view.file)
      await client.files
        .uploadV2({
          channel_id: q.channel,
          thread_ts: q.threadTs,
          filename: view.file.filename,
          title: view.file.title,
          content: view.file.content,
        })
        .catch((err) => log.warn('could not attach the long answer', { err }));
    if (deps.config.TRAILHOUND_SLACK_CHARTS)
      await postTimelineChart(client, { channel: q.channel, threadTs: q.threadTs }, answer);
    if (view.proposalIds.length)
      await postProposalCards(deps, client, view.proposalIds, { channel: q.channel, threadTs: q.threadTs });
    log.info('slack question answered', {
      thread: key,
      user: q.user,
      mode: answer.mode,
      tools: answer.toolRuns.map((r) => r.name),
      partial: answer.partial,
      ms: Date.now() - started,
    });
  } catch (err) {
    await progress.stop();
    if (job.abort.signal.aborted) return; // shutdown marks it interrupted
    // Short and redacted for the thread; the full error (with any query text) goes to the log.
    // A per-person limit is an answer, not a fault: its own words, no log reference.
    const m = errorMessage(
      err instanceof QuestionLimitError ? err.message : forPeople(err, `slack question failed (${key})`),
    );
    await client.chat.update({ channel: where.channel, ts: where.ts, text: m.text, blocks: m.blocks }).catch(() => {});
  }
}

/** Admit, then answer. */
export async function handleQuestion(deps: SlackDeps, client: WebClient, q: Question): Promise<void> {
  if (!q.text) {
    await client.chat
      .postMessage({
        channel: q.channel,
        thread_ts: q.threadTs,
        text: 'Ask me about your AWS accounts, e.g. “what did AKIA… do this week?” — or `/trailhound help`.',
      })
      .catch(() => {});
    return;
  }
  if (!(await admit(deps, client, q))) return;
  await answerQuestion(deps, client, q);
}
