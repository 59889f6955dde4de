/**
 * What decides which tools are offered (tools/catalog.ts OFFER_CONDITIONS), without building a
 * context: no database, and of an evidence folder only what a condition reads (crowdstrike/). The
 * same answers as a context's own sources (test/tools/catalog.test.ts), so MCP lists its tools
 * while the context, which may open the database, is still being built. Its own small module: the
 * rest of the composition root is not loaded to answer tools/list.
 */
import { resolve } from 'node:path';
import type { ToolEnv } from '../../tools/define-tool';
import type { Config } from '../config';
import { falconSource } from '../sources/falcon';

export function offerEnv(config: Config, evidenceDir?: string): ToolEnv {
  const abs = evidenceDir === undefined ? undefined : resolve(evidenceDir);
  return { config, evidenceDir: abs, sources: { falcon: () => falconSource({ config, evidenceDir: abs }) } };
}
