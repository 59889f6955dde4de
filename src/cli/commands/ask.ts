import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { ask } from '../../agent/ask';
import type { ChatMemory } from '../../agent/follow-up';
import type { AgentAnswer } from '../../agent/types';
import { renderTimelineTable } from '../../cloudtrail/render-timeline';
import type { Omitted, TimelineEntry } from '../../cloudtrail/timeline';
import { clearProgress, cliContext, printJson, stderrProgress, withApp, withMaybeApp } from '../app';

export function renderAnswer(a: AgentAnswer): string {
  const tools = a.toolRuns.map((r) => `${r.ok ? '✓' : '✗'} ${r.name} (${Math.round(r.durationMs)} ms)`).join(', ');
  // The timeline the summary refers to, as a table (CloudTrail searches only).
  const tables = a.toolRuns
    .filter((r) => r.ok && r.name === 'cloudtrail_search')
    .map((r) => r.result?.data as { timeline?: TimelineEntry[]; omitted?: Omitted } | undefined)
    .filter((d) => d?.timeline?.length)
    .map((d) => renderTimelineTable(d!.timeline!, d!.omitted));
  return `${a.text}${tables.length ? `\n\n${tables.join('\n\n')}` : ''}${tools ? `\n\n— tools: ${tools}` : ''}${a.partial ? '\n— partial answer' : ''}`;
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
    .action(async (question: string, o: { account?: string; evidence?: string; json?: boolean }) => {
      // One question over an evidence folder reads no stored state: no database is opened.
      await withMaybeApp(!o.evidence, async (app) => {
        const ctx = await cliContext(app, { ...o, progress: stderrProgress(!o.json) });
        const answer = await ask(ctx, question, { surface: 'cli', threadKey: `cli:${randomUUID()}` });
        clearProgress();
        if (o.json) printJson(answer);
        else console.log(renderAnswer(answer));
      });
    });

  program
    .command('chat')
    .description('A conversation in the terminal; follow-ups keep the context. Ctrl-D to end.')
    .option('--account <name>', 'restrict to one configured account')
    .option('--evidence <dir>', 'read from an evidence folder instead of live AWS')
    .action(async (o: { account?: string; evidence?: string }) => {
      await withApp(async (app) => {
        const ctx = await cliContext(app, { ...o, progress: stderrProgress(true) });
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
              const answer = await ask(ctx, q, { surface: 'cli', threadKey, memory });
              clearProgress();
              console.log(`\n${renderAnswer(answer)}`);
            }
            rl.prompt();
          }
        } finally {
          rl.close();
        }
      });
    });
}
