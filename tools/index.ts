/**
 * The tool registry: every model-facing tool, in one list. Add a tool by creating its file in
 * tools/ and listing it here; the registry test checks names, descriptions and schemas.
 */
import type { ToolDefinition } from './define-tool';
import cloudtrailSearch from './cloudtrail-search';
import mapIdentity from './map-identity';
import discoverAuthModel from './discover-auth-model';
import analyzeRole from './analyze-role';
import analyzeRoles from './analyze-roles';
import postureScan from './posture-scan';
import privilegePaths from './privilege-paths';
import { generatedProposeTools } from './propose';

export const queryTools: ToolDefinition[] = [
  cloudtrailSearch as unknown as ToolDefinition,
  mapIdentity as unknown as ToolDefinition,
  discoverAuthModel as unknown as ToolDefinition,
  analyzeRole as unknown as ToolDefinition,
  analyzeRoles as unknown as ToolDefinition,
  privilegePaths as unknown as ToolDefinition,
  postureScan as unknown as ToolDefinition,
];

/** Tools generated from remediation actions (propose_*, tools/propose.ts): offered only when remediation is enabled. */
export const proposeTools: ToolDefinition[] = [...generatedProposeTools];

export function allTools(opts: { remediation: boolean } = { remediation: false }): ToolDefinition[] {
  return opts.remediation ? [...queryTools, ...proposeTools] : queryTools;
}

export function findTool(
  name: string,
  opts: { remediation: boolean } = { remediation: true },
): ToolDefinition | undefined {
  return allTools(opts).find((t) => t.name === name);
}
