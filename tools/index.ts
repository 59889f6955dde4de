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
import { generatedProposeTools } from './propose';

export const queryTools: ToolDefinition[] = [
  cloudtrailSearch,
  mapIdentity,
  discoverAuthModel,
  analyzeRole,
  analyzeRoles,
  postureScan,
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
