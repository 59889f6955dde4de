import type { Command } from 'commander';
import type { ToolContext } from '../../../tools/context';
import type { MaybeApp } from '../app';

export function register(program: Command): void {
  program
    .command('mcp')
    .description('Serve the read-only query tools over MCP (stdio), for MCP clients such as Claude Desktop or an IDE.')
    .option('--account <name>', 'restrict to one configured account')
    .option('--evidence <dir>', 'read from an evidence folder instead of live AWS')
    .action(async (o: { account?: string; evidence?: string }) => {
      // Only the MCP server is loaded before `initialize` is answered; the context is built meanwhile.
      // Live mode opens the database (the account registry); over evidence the tools here are
      // read-only and need none.
      const [{ createMcpServer }, { StdioServerTransport }] = await Promise.all([
        import('../../mcp/server'),
        import('@modelcontextprotocol/sdk/server/stdio.js'),
      ]);
      // Built on the first request after the handshake (the server warms it up then), not before.
      let app: Promise<MaybeApp> | undefined;
      let ready: Promise<ToolContext> | undefined;
      const context = () => {
        if (!ready) {
          ready = (async () => {
            const { cliContext, openApp } = await import('../app');
            app = o.evidence ? Promise.resolve({ config: (await import('../../config')).config() }) : openApp();
            return cliContext(await app, o);
          })();
          // A context that cannot be built (no such evidence folder, database down) ends the server.
          ready.catch((err: Error) => {
            process.stderr.write(`${err.message}\n`);
            process.exit(1);
          });
        }
        return ready;
      };
      // Tools offered only where their service is configured (crowdstrike_correlate) are decided
      // from the context, listed after the handshake.
      const tools = async () => {
        const ctx = await context();
        const { allTools } = await import('../../../tools/index');
        return allTools({
          remediation: false,
          env: { config: ctx.config, evidenceDir: ctx.sources.evidenceDir, sources: ctx.sources },
        });
      };
      const server = createMcpServer(async () => ({ ...(await context()), actor: 'mcp' }), tools);
      await server.connect(new StdioServerTransport());
      const stop = async () => {
        await server.close();
        await (await app?.catch(() => undefined))?.db?.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      process.stdin.once('end', stop);
    });
}
