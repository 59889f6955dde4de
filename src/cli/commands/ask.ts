import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { ask } from '../../agent/ask';
import { scanLines } from '../../agent/answer-lines';
import type { ChatMemory } from '../../agent/follow-up';
import { QuestionLimitError } from '../../agent/limits';
import { toolProgress } from '../../agent/tool-label';
import { type AgentAnswer, unreadOfRuns, unreadOmittedOfRuns } from '../../agent/types';
import { renderTimelineTable } from '../../cloudtrail/render-timeline';
import type { Omitted, TimelineEntry } from '../../cloudtrail/timeline';
import { clearProgress, cliContext, printJson, stderrProgress, withApp, withMaybeApp } from '../app';
import { EXIT } from '../exit-codes';
import { unreadText } from '../output';

/** The timeline chart of an answer's CloudTrail searches, as PNG; undefined when no search found events. */
export async function answerChart(a: AgentAnswer, question: string): Promise<Buffer | undefined> {
  const list = a.toolRuns.flatMap((r) => (r.ok && r.result?.activity ? [r.result.activity] : []));
  const [{ mergeActivity }, { activityTimelineSpec, timelineChartInput }, { renderChart }] = await Promise.all([
    import('../../cloudtrail/activity'),
    import('../../charts/activity-timeline'),
    import('../../charts/render'),
  ]);
  const activity = mergeActivity(list);
  if (!activity?.buckets.length) return undefined;
  return (await renderChart(activityTimelineSpec(timelineChartInput(activity, question)))).png;
}

/**
 * 1 when no answer was produced (the model API failed, or nothing was investigated: no tool ran), 4
 * when the answer is partial, else 0.
 */
export function answerExitCode(a: Pick<AgentAnswer, 'partial' | 'apiError' | 'toolRuns'>): number {
  if (a.apiError || (a.partial && !a.toolRuns.length)) return EXIT.error;
  // A tool that could not read a region or source: "no events" there is not a clean answer.
  return a.partial || unreadOfRuns(a.toolRuns).length ? EXIT.partial : EXIT.ok;
}

/** What stderr says about an answer that is not whole: why there is none, or what it did not read. */
export function incompleteLines(a: AgentAnswer): string[] {
  if (a.apiError) return [`No answer (exit ${EXIT.error}): ${a.apiError}.`];
  const lines: string[] = [];
  const unread = unreadOfRuns(a.toolRuns);
  if (unread.length) lines.push(unreadText(unread, unreadOmittedOfRuns(a.toolRuns)));
  for (const f of a.failedTools ?? [])
    lines.push(`Partial answer (exit ${EXIT.partial}): ${f.name} failed: ${f.error.replace(/\.$/, '')}.`);
  if (!lines.length && a.partial)
    // No tool ran (the offline planner did not understand): exit 1, and the message says 1.
    lines.push(
      a.toolRuns.length
        ? `Partial answer (exit ${EXIT.partial}); what was not done is named above.`
        : `No answer (exit ${EXIT.error}): no tool was run; see the questions understood offline above.`,
    );
  return lines;
}

export function renderAnswer(a: AgentAnswer): string {
  const unread = unreadOfRuns(a.toolRuns).length + unreadOmittedOfRuns(a.toolRuns);
  const tools = a.toolRuns.map((r) => `${r.ok ? '✓' : '✗'} ${r.name} (${Math.round(r.durationMs)} ms)`).join(', ');
  // The timeline the summary refers to, as a table (CloudTrail searches only).
  const tables = a.toolRuns
    .filter((r) => r.ok && r.name === 'cloudtrail_search')
    .map((r) => r.result?.data as { timeline?: TimelineEntry[]; omitted?: Omitted } | undefined)
    .filter((d) => d?.timeline?.length)
    .map((d) => renderTimelineTable(d!.timeline!, d!.omitted));
  // Long summaries as a first sentence and bullets (one fact per line), not a 600-character paragraph.
  return `${scanLines(a.text)}${tables.length ? `\n\n${tables.join('\n\n')}` : ''}${tools ? `\n\n— tools: ${tools}` : ''}${a.partial ? `\n— partial answer${unread ? `: ${unread} source(s) could not be read` : ''}` : ''}`;
}

export function register(program: Command): void {
  program
    .command('ask <question>')
    .description(
      'Ask one question (Claude with ANTHROPIC_API_KEY, or on Amazon Bedrock with TRAILHOUND_MODEL_PROVIDER=bedrock; else the offline planner).',
    )
    .option('--account <name>', 'restrict to one configured account')
    .option('--evidence <dir>', 'read from an evidence folder instead of live AWS')
    .option('--json', 'print the answer, tool runs and usage as JSON')
    .option(
      '--chart <file.png>',
      'write the investigation timeline as a PNG: CloudTrail events per hour per principal (or IP), tagged events marked',
    )
    .action(async (question: string, o: { account?: string; evidence?: string; json?: boolean; chart?: string }) => {
      // One question over an evidence folder reads no stored state: no database is opened.
      await withMaybeApp(!o.evidence, async (app) => {
        // Progress names the tool that is running (long questions run several).
        const tp = toolProgress(stderrProgress(!o.json));
        const ctx = await cliContext(app, { ...o, progress: (m) => tp.say(m) });
        const answer = await ask(ctx, question, {
          surface: 'cli',
          threadKey: `cli:${randomUUID()}`,
          events: { onToolStart: (name) => tp.start(name) },
        });
        clearProgress();
        if (o.json) printJson(answer);
        else console.log(renderAnswer(answer));
        process.exitCode = answerExitCode(answer);
        if (o.chart) {
          const png = await answerChart(answer, question);
          if (png) {
            writeFileSync(o.chart, png);
            console.error(`Timeline chart written to ${o.chart}.`);
          } else {
            console.error('No chart written: the answer ran no CloudTrail search that found events.');
            process.exitCode = EXIT.error;
          }
        }
        for (const line of incompleteLines(answer)) console.error(line);
      });
    });

  program
    .command('chat')
    .description(
      'A conversation in the terminal. With Claude follow-ups keep the context; offline, follow-ups that refer back ("what did it do in eu-west-1?") reuse the last search. Ctrl-D to end.',
    )
    .option('--account <name>', 'restrict to one configured account')
    .option('--evidence <dir>', 'read from an evidence folder instead of live AWS')
    .action(async (o: { account?: string; evidence?: string }) => {
      await withApp(async (app) => {
        const tp = toolProgress(stderrProgress(true));
        const ctx = await cliContext(app, { ...o, progress: (m) => tp.say(m) });
        const threadKey = `cli:${randomUUID()}`;
        const memory: ChatMemory = {};
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        console.log(
          `Trailhound chat — ${ctx.mode === 'evidence' ? `evidence ${ctx.sources.evidenceDir}` : `${ctx.accounts.length} account(s)`}. Ctrl-D to end.`,
        );
        // Lines are read through the interface's iterator, which queues them: questions piped in (or
        // typed while an answer is being worked out) are all answered, in order, none dropped.
        rl.setPrompt('\n> ');
        rl.prompt();
        try {
          for await (const line of rl) {
            const q = line.trim();
            if (q === 'exit' || q === 'quit') break;
            if (q) {
              let answer: AgentAnswer | undefined;
              try {
                answer = await ask(ctx, q, {
                  surface: 'cli',
                  threadKey,
                  memory,
                  events: { onToolStart: (name) => tp.start(name) },
                });
              } catch (err) {
                if (!(err instanceof QuestionLimitError)) throw err;
                clearProgress();
                console.log(`\n${err.message}`);
              }
              if (answer) {
                clearProgress();
                console.log(`\n${renderAnswer(answer)}`);
              }
            }
            rl.prompt();
          }
        } finally {
          rl.close();
        }
      });
    });
}
