/**
 * The MCP surface: Trailhound's read-only query tools for any MCP client (Claude Desktop, IDEs,
 * other agents), over stdio. Same tools, same validation and audit as the CLI and Slack; the
 * propose_* tools are not exposed here (approvals belong to Slack and the CLI).
 *
 * tools/list comes from the generated tool catalog (tools/catalog.ts): no tool module and no zod
 * schema loads to list them; a tool's code loads on its first call (tools/load.ts).
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { catalogTools, RESULT_JSON_SCHEMA, type ToolCatalogEntry } from '../../tools/catalog';
import type { ToolContext } from '../../tools/context';
import type { ToolResult } from '../../tools/define-tool';
import { SERVER_INFO, SERVER_OPTIONS } from './identity';

/** Every query tool (the CLI narrows this to those offered in its context). */
async function defaultTools(): Promise<ToolCatalogEntry[]> {
  return catalogTools({ remediation: false });
}

type JsonObjectSchema = { type: 'object'; properties?: Record<string, unknown> };

export function createMcpServer(
  context: () => Promise<ToolContext>,
  tools: () => Promise<ToolCatalogEntry[]> = defaultTools,
): Server {
  const server = new Server(SERVER_INFO, SERVER_OPTIONS);
  let offered: Promise<ToolCatalogEntry[]> | undefined;
  const list = () => (offered ??= tools());
  // Warm up once the client has initialised, so the first tools/list or tools/call does not wait:
  // the list first (a client asks for it next), then the context, which can take seconds of CPU.
  server.oninitialized = () => {
    void list()
      .catch(() => {})
      .then(() => context())
      .catch(() => {});
  };
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: (await list()).map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: t.input_schema as JsonObjectSchema,
      outputSchema: RESULT_JSON_SCHEMA as unknown as JsonObjectSchema,
      // posture_scan stores the scan and the findings history in Trailhound's database (never in AWS):
      // it is declared as writing, not read-only. Nothing here changes AWS.
      annotations: {
        title: t.title,
        readOnlyHint: t.writes === undefined,
        destructiveHint: false,
        idempotentHint: t.writes === undefined,
        openWorldHint: true,
      },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    const names = (await list()).map((t) => t.name);
    if (!names.includes(req.params.name))
      return {
        isError: true,
        content: [{ type: 'text', text: `Unknown tool "${req.params.name}". Available: ${names.join(', ')}.` }],
      };
    // The called tool's code, and the runner, load on its first call.
    const [{ loadTool }, { executeTool }] = await Promise.all([
      import('../../tools/load'),
      import('../runtime/execute-tool'),
    ]);
    const tool = (await loadTool(req.params.name, { remediation: false }))!;
    const out = await executeTool(await context(), tool, req.params.arguments ?? {});
    if (!out.ok) return { isError: true, content: [{ type: 'text', text: out.error }] };
    // The chart data (activity) is for surfaces that draw; an MCP client gets the model-facing result.
    const { activity: _chartOnly, ...result } = out.result as ToolResult;
    return {
      content: [{ type: 'text', text: JSON.stringify(result) }],
      structuredContent: result as unknown as Record<string, unknown>,
    };
  });
  return server;
}
