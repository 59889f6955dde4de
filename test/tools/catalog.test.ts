/**
 * The generated tool catalog (tools/catalog.json) is what the tool definitions produce: listing
 * tools from it (`trailhound tools`, MCP tools/list) shows exactly what running them would use.
 */
import { describe, expect, it } from 'vitest';
import { catalogTools } from '../../tools/catalog';
import { allTools, findTool, toolCatalogFromDefinitions } from '../../tools/index';
import { loadTool } from '../../tools/load';
import { offerEnv } from '../../src/runtime/offer-env';
import { evidenceContext, liveContext } from '../helpers/context';

type Ctx = Awaited<ReturnType<typeof evidenceContext>>;
const envOf = (ctx: Ctx) => ({ config: ctx.config, evidenceDir: ctx.sources.evidenceDir, sources: ctx.sources });

describe('tool catalog', () => {
  it('equals what the tool definitions produce (else run `npm run build`, which regenerates it)', () => {
    expect(catalogTools({ remediation: true })).toEqual(JSON.parse(JSON.stringify(toolCatalogFromDefinitions())));
  });

  it('offers the same tools as the definitions, with and without remediation', () => {
    for (const remediation of [false, true])
      expect(catalogTools({ remediation }).map((t) => t.name)).toEqual(allTools({ remediation }).map((t) => t.name));
  });

  it('offers a conditional tool where the definitions do (crowdstrike_correlate: Falcon data or credentials)', async () => {
    const contexts: Ctx[] = [
      await evidenceContext('evidence/demo'),
      await evidenceContext('evidence/integrations'),
      liveContext(),
      liveContext({ env: { FALCON_CLIENT_ID: 'id', FALCON_CLIENT_SECRET: 'secret' } }),
    ];
    const offered = contexts.map((ctx) =>
      catalogTools({ remediation: false, env: envOf(ctx) }).some((t) => t.name === 'crowdstrike_correlate'),
    );
    expect(offered).toEqual([false, true, false, true]);
    for (const ctx of contexts) {
      const names = allTools({ remediation: false, env: envOf(ctx) }).map((t) => t.name);
      expect(catalogTools({ remediation: false, env: envOf(ctx) }).map((t) => t.name)).toEqual(names);
      // Without building a context (MCP lists its tools so): the same answer.
      const light = offerEnv(ctx.config, ctx.sources.evidenceDir);
      expect(catalogTools({ remediation: false, env: light }).map((t) => t.name)).toEqual(names);
    }
  });

  it('loads each listed tool by name from its own module, as the registry has it', async () => {
    for (const t of catalogTools({ remediation: true })) expect(await loadTool(t.name), t.name).toBe(findTool(t.name));
    expect(await loadTool('propose_delete_access_key', { remediation: false })).toBeUndefined();
    expect(await loadTool('no_such_tool')).toBeUndefined();
  });
});
