import type { Command } from 'commander';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { allTools } from '../../../tools/index';
import { createMcpServer } from '../../mcp/server';
import { cliContext, openApp } from '../app';

export function register(program: Command): void {
  program
    .command('mcp')
    .description('Serve the read-only query tools over MCP (stdio), for MCP clients such as Claude Desktop or an IDE.')
    .option('--account <name>', 'restrict to one configured account')
    .option('--evidence <dir>', 'read from an evidence folder instead of live AWS')
    .action(async (o: { account?: string; evidence?: string }) => {
      const app = await openApp();
      const ctx = await cliContext(app, o);
      const tools = allTools({
        remediation: false,
        env: { config: ctx.config, evidenceDir: ctx.sources.evidenceDir, sources: ctx.sources },
      });
      const server = createMcpServer(async () => ({ ...ctx, actor: 'mcp' }), tools);
      await server.connect(new StdioServerTransport());
      const stop = async () => {
        await server.close();
        await app.db.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      process.stdin.once('end', stop);
    });
}
