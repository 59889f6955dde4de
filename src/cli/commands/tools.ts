import type { Command } from 'commander';
import { catalogTools } from '../../../tools/catalog';
import { clearProgress, printJson, stderrProgress, unreadText } from '../output';
import { EXIT } from '../exit-codes';
import { CliError } from '../errors';
import { renderTable } from '../table';

export function register(program: Command): void {
  program
    .command('tools')
    .description('List the tools the agent can call.')
    .option(
      '--json',
      'print names, titles, descriptions and input JSON Schemas (input_schema, as the Anthropic API takes it)',
    )
    .action((o: { json?: boolean }) => {
      // From the generated catalog (tools/catalog.ts): listing loads no tool module and no zod.
      const tools = catalogTools({ remediation: true });
      if (o.json)
        return printJson(
          tools.map((t) => ({
            name: t.name,
            title: t.title,
            kind: t.kind,
            ...(t.writes ? { writes: t.writes } : {}),
            description: t.description,
            input_schema: t.input_schema,
          })),
        );
      console.log(
        renderTable(
          [{ header: 'TOOL', max: 40 }, { header: 'KIND' }, { header: 'DESCRIPTION', max: 400 }],
          tools.map((t) => [t.name, t.kind, t.description.split('\n')[0]!]),
        ),
      );
    });

  program
    .command('tool <name> [input]')
    .description(
      'Run one tool directly and print its result as JSON, e.g. trailhound tool cloudtrail_search \'{"access_key_id":"AKIA…"}\'',
    )
    .option('--account <name>', 'restrict to one configured account')
    .option('--evidence <dir>', 'read from an evidence folder instead of live AWS')
    .option('--json', 'output is always JSON; accepted for consistency with other commands')
    .action(async (name: string, input: string | undefined, o: { account?: string; evidence?: string }) => {
      // The called tool's module (with zod), the runner, the context and the database code load here only.
      const { loadTool } = await import('../../../tools/load');
      const tool = await loadTool(name);
      if (!tool) throw new CliError(`Unknown tool "${name}". Run \`trailhound tools\` for the list.`, 2);
      let parsed: unknown = {};
      if (input) {
        try {
          parsed = JSON.parse(input);
        } catch (err) {
          throw new CliError(
            `The tool input is not valid JSON (${(err as Error).message}). Quote it for the shell: '{"key":"value"}'.`,
            2,
          );
        }
      }
      // Live mode reads the account registry; over evidence, only a call that stores state opens the database.
      const parsedInput = tool.input.safeParse(parsed);
      const needsDb = !o.evidence || (parsedInput.success && !!tool.storesState?.(parsedInput.data));
      const [{ executeTool }, { cliContext, withMaybeApp }] = await Promise.all([
        import('../../runtime/execute-tool'),
        import('../app'),
      ]);
      await withMaybeApp(needsDb, async (app) => {
        const ctx = await cliContext(app, { evidence: o.evidence, account: o.account, progress: stderrProgress(true) });
        const out = await executeTool(ctx, tool, parsed);
        clearProgress();
        if (out.ok) {
          printJson(out.result);
          // Some sources could not be read: a result, but an incomplete one (named in `unread`).
          if (out.result.unread?.length) {
            console.error(unreadText(out.result.unread, out.result.unreadOmitted));
            process.exitCode = EXIT.partial;
          }
        } else {
          printJson({ error: out.error });
          // An input the tool's schema refuses is a usage error; a tool that ran and failed is not.
          process.exitCode = parsedInput.success ? 1 : 2;
        }
      });
    });
}
