/**
 * The tool registry: every model-facing tool, in one list. Add a tool by creating its file in
 * tools/ and listing it here; the registry test checks names, descriptions and schemas.
 */
import { offered } from './catalog';
import { catalogEntry, type ToolDefinition, type ToolEnv } from './define-tool';
import crowdstrikeCorrelate from './crowdstrike-correlate';
import cloudtrailSearch from './cloudtrail-search';
import mapIdentity from './map-identity';
import discoverAuthModel from './discover-auth-model';
import analyzeRole from './analyze-role';
import analyzeRoles from './analyze-roles';
import postureScan from './posture-scan';
import privilegePaths from './privilege-paths';
import { generatedProposeTools } from './propose';

export const queryTools: ToolDefinition[] = [
  cloudtrailSearch,
  mapIdentity,
  discoverAuthModel,
  analyzeRole,
  analyzeRoles,
  privilegePaths,
  postureScan,
  crowdstrikeCorrelate,
];

/** Tools generated from remediation actions (propose_*, tools/propose.ts): offered only when remediation is enabled. */
export const proposeTools: ToolDefinition[] = [...generatedProposeTools];

/** The tools to offer. With `env`, tools that declare `offeredWhen` are kept only where they can run. */
export function allTools(opts: { remediation: boolean; env?: ToolEnv } = { remediation: false }): ToolDefinition[] {
  const tools = opts.remediation ? [...queryTools, ...proposeTools] : queryTools;
  const env = opts.env;
  return env ? tools.filter((t) => offered({ offered_when: t.offeredWhen }, env)) : tools;
}

export function findTool(
  name: string,
  opts: { remediation: boolean } = { remediation: true },
): ToolDefinition | undefined {
  return allTools(opts).find((t) => t.name === name);
}

/**
 * The catalog of every tool, as the definitions produce it: what bin/build.mjs writes to
 * tools/catalog.json, and what test/tools/catalog.test.ts compares that file with.
 */
export function toolCatalogFromDefinitions() {
  return allTools({ remediation: true }).map(catalogEntry);
}
