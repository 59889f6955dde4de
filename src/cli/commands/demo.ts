import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { ask } from '../../agent/ask';
import { projectPath } from '../../project-root';
import { shortTime } from '../table';
import { clearProgress, cliContext, printJson, stderrProgress, withApp } from '../app';
import { renderAnswer } from './ask';

export const DEMO_EVIDENCE = projectPath('evidence', 'demo');

/** The questions the demo asks, in order; later capabilities add theirs. */
export const DEMO_QUESTIONS = [
  'What did AKIAIOSFODNN7EXAMPLE do this week?',
  'What did bob do in the last 7 days?',
  'Is the AdminRole over-privileged?',
  'What happened from 185.220.101.34?',
  'Map jane.doe@example.com to their AWS sessions',
  'How do people authenticate to this account?',
  'What are our biggest risks? Run a posture scan.',
];

export function register(program: Command): void {
  program
    .command('demo')
    .description('Investigate the bundled evidence folder offline (no AWS, no keys needed).')
    .option('--evidence <dir>', 'another evidence folder', DEMO_EVIDENCE)
    .option('--json', 'print each question with its answer, tool runs and usage as JSON')
    .action(async (o: { evidence: string; json?: boolean }) => {
      await withApp(async (app) => {
        const ctx = await cliContext(app, { evidence: o.evidence, progress: stderrProgress(!o.json) });
        // The context's clock is the evidence's collection time: "this week" is the week it covers.
        const collected = ctx.now();
        // Known-bad networks come from the context like every other question's: the configured list
        // and the folder's own known-bad-ips.txt (the demo's holds its Tor exit). Nothing demo-only.
        if (!o.json)
          console.log(
            `Trailhound demo — evidence: ${o.evidence} (account ${ctx.accounts[0]!.name} ${ctx.accounts[0]!.accountId}, as of ${shortTime(collected)})\n`,
          );
        const threadKey = `cli:demo:${randomUUID()}`;
        const answers: { question: string; answer: unknown }[] = [];
        for (const q of DEMO_QUESTIONS) {
          if (!o.json) console.log(`\n> ${q}\n`);
          const answer = await ask(ctx, q, { surface: 'cli', threadKey });
          clearProgress();
          if (o.json) answers.push({ question: q, answer });
          else console.log(renderAnswer(answer));
        }
        if (o.json) printJson({ evidence: o.evidence, asOf: collected.toISOString(), answers });
        else
          console.log('\nTry your own: npx trailhound ask --evidence evidence/demo "what did ci-legacy do this week?"');
      });
    });
}
