#!/usr/bin/env node
// The `trailhound` CLI: plain JavaScript compiled into dist/ by bin/build.mjs (on `npm install`).
// In a checkout, a source edited since the last build triggers a rebuild first (about a CPU-second;
// an edited tool also regenerates tools/catalog.json), so what runs is always what the sources say.
// Checking costs about 20 ms of CPU per run (loading bin/build.mjs, one stat per source).
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22+: keep V8's compiled code between runs (the CLI's own chunks are most of start-up).
module.enableCompileCache?.();

const src = new URL('../src/', import.meta.url);
if (existsSync(src)) {
  const { isStale, build } = await import('./build.mjs');
  if (isStale()) {
    try {
      await build();
    } catch (err) {
      const missing = err?.code === 'ERR_MODULE_NOT_FOUND';
      process.stderr.write(
        missing
          ? 'Trailhound is not built and esbuild is missing: run `npm install` in the Trailhound folder.\n'
          : `Building Trailhound failed: ${err?.message ?? err}\n`,
      );
      process.exit(1);
    }
  }
}
const { main } = await import('../dist/main.js');
await main(process.argv);
