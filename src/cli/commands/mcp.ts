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
      // Read stdin from the start and answer `initialize` at once (src/mcp/stdio.ts), while the MCP
      // SDK loads; the server then gets every message, the handshake included.
      const { EarlyStdioTransport } = await import('../../mcp/stdio');
      const transport = new EarlyStdioTransport(process.stdin, process.stdout).listen();
      // Built on the first request after the handshake (the server warms it up then), not before.
      // Live mode opens the database (the account registry); over evidence the tools here are
      // read-only and need none.
      let app: Promise<MaybeApp> | undefined;
      let ready: Promise<ToolContext> | undefined;
      let server: { close(): Promise<void> } | undefined;
      const stop = async () => {
        await server?.close();
        await (await app?.catch(() => undefined))?.db?.close();
        process.exit(0);
      };
      // Registered before the SDK loads: a client may close stdin before the server is up.
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      process.stdin.once('end', stop);
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
      // Listed from the tool catalog. Tools offered only where their service is configured
      // (crowdstrike_correlate) are decided from the configuration and the evidence folder, without
      // waiting for the context (which opens the database in live mode).
      const tools = async () => {
        const [{ catalogTools }, { offerEnv }, { config }] = await Promise.all([
          import('../../../tools/catalog'),
          import('../../runtime/offer-env'),
          import('../../config'),
        ]);
        return catalogTools({ remediation: false, env: offerEnv(config(), o.evidence) });
      };
      const { createMcpServer } = await import('../../mcp/server');
      const mcp = createMcpServer(async () => ({ ...(await context()), actor: 'mcp' }), tools);
      server = mcp;
      await mcp.connect(transport);
    });
}
