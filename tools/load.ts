/**
 * One tool's definition by name, loading only that tool's module (and its zod schema): what the
 * CLI's `trailhound tool <name>` and MCP `tools/call` run. Listing needs none (tools/catalog.ts);
 * the agent, which offers every tool to the model, uses tools/index.ts.
 * test/tools/catalog.test.ts checks every catalog entry loads here as the registry has it.
 */
import { catalogTools } from './catalog';
import type { ToolDefinition } from './define-tool';

const QUERY_TOOL_MODULES: Record<string, () => Promise<{ default: ToolDefinition }>> = {
  cloudtrail_search: () => import('./cloudtrail-search'),
  map_identity: () => import('./map-identity'),
  discover_auth_model: () => import('./discover-auth-model'),
  analyze_role: () => import('./analyze-role'),
  analyze_roles: () => import('./analyze-roles'),
  privilege_paths: () => import('./privilege-paths'),
  posture_scan: () => import('./posture-scan'),
  crowdstrike_correlate: () => import('./crowdstrike-correlate'),
};

/** The tool named, if it is in the catalog (propose_* only with `remediation`). */
export async function loadTool(
  name: string,
  opts: { remediation: boolean } = { remediation: true },
): Promise<ToolDefinition | undefined> {
  const entry = catalogTools(opts).find((t) => t.name === name);
  if (!entry) return undefined;
  if (entry.kind === 'propose') return (await import('./propose')).generatedProposeTools.find((t) => t.name === name);
  const load = QUERY_TOOL_MODULES[name];
  if (!load) throw new Error(`Tool ${name} is in the catalog but not in tools/load.ts`);
  return (await load()).default;
}
