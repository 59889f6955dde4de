/**
 * Runs one tool directly for a slash subcommand (e.g. `/trailhound scan prod`) in a new thread:
 * a top-level message says who asked, progress and the result go in its thread.
 */
import type { ToolDefinition } from '../../tools/define-tool';
import { forPeople } from '../log';
import { buildContext } from '../runtime/build-context';
import { executeTool } from '../runtime/execute-tool';
import { answerView } from './blocks/answer';
import { progressMessage, THINKING } from './blocks/progress';
import { esc } from './escape';
import type { SlackDeps } from './deps';
import { threadKey } from './ids';
import { ProgressUpdater } from './progress';
import type { WebClient } from './types';

export async function runToolInThread(
  deps: SlackDeps,
  client: WebClient,
  o: {
    channel: string;
    threadTs: string;
    user: string;
    tool: ToolDefinition;
    input: Record<string, unknown>;
    accountName?: string;
  },
): Promise<void> {
  await deps.work.run(threadKey(o.channel, o.threadTs), async (job) => {
    const posted = await client.chat.postMessage({
      channel: o.channel,
      thread_ts: o.threadTs,
      ...progressMessage(THINKING),
    });
    const where = { channel: o.channel, ts: posted.ts as string };
    job.progress = where;
    const progress = new ProgressUpdater(
      deps.progressClient ?? client,
      where,
      THINKING,
      deps.progressIntervalMs ?? 1000,
    );
    try {
      const user = await deps.directory.user(client, o.user);
      const ctx = await buildContext({
        config: deps.config,
        db: deps.db,
        evidenceDir: deps.evidenceDir,
        accountName: o.accountName,
        actor: `slack:${o.user}`,
        actorEmail: user.email,
        progress: (m) => progress.setStatus(m),
        signal: job.abort.signal,
        now: deps.now,
      });
      const out = await executeTool(ctx, o.tool, o.input);
      await progress.stop();
      const run = out.ok
        ? {
            id: 'slash',
            name: o.tool.name,
            input: o.input,
            ok: true,
            summary: out.result.summary,
            result: out.result,
            durationMs: out.durationMs,
          }
        : { id: 'slash', name: o.tool.name, input: o.input, ok: false, summary: out.error, durationMs: out.durationMs };
      const view = answerView(
        {
          text: run.summary,
          mode: 'offline',
          partial: !run.ok,
          toolRuns: [run],
          usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
        },
        { remediationAvailable: false },
      );
      const [first, ...rest] = view.messages;
      await client.chat.update({ ...where, text: first!.text, blocks: first!.blocks });
      for (const m of rest)
        await client.chat.postMessage({ channel: o.channel, thread_ts: o.threadTs, text: m.text, blocks: m.blocks });
    } catch (err) {
      await progress.stop();
      const why = forPeople(err, `slash tool run failed (${o.tool.name})`);
      await client.chat.update({ ...where, text: esc(`${o.tool.name} failed: ${why}`) }).catch(() => {});
    }
  });
}
