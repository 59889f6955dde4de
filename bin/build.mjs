#!/usr/bin/env node
/**
 * Compiles the TypeScript sources into dist/ (esbuild: one ES-module bundle split at every dynamic
 * import, packages left external), so the CLI runs as plain JavaScript: no TypeScript loader at run
 * time, and each command's code loads only when that command runs.
 *
 * Runs on `npm install` / `npm ci` (the `prepare` script) and again, by itself, whenever
 * bin/trailhound.mjs finds a source newer than the build (see isStale) — a stale dist/ never runs.
 *
 *   node bin/build.mjs            build
 *   node bin/build.mjs --check    exit 1 when dist/ is missing or older than a source
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const INPUTS = join(DIST, 'inputs.json');
/** The tool catalog (tools/catalog.ts): generated here from the tool definitions, committed, bundled. */
const CATALOG = 'tools/catalog.json';

/** Entry points: the CLI, and modules started as worker threads (each must be its own file). */
export const ENTRIES = { main: 'src/cli/main.ts' };

/**
 * SDK packages every import of which is compiled to stand-ins that load the package on first use
 * (bin/lazy-export.mjs): together they cost seconds of CPU to load, and most commands need none
 * of them. CommonJS packages exporting functions and classes only; the build fails on an import
 * of anything else from them (then import it inside the function that needs it, with import()).
 */
export const LAZY_PACKAGES = /^(@aws-sdk\/client-[a-z0-9-]+|@okta\/okta-sdk-nodejs)$/;

/** The function exports of a package (its names, read once per package version and cached). */
function functionExports(pkg, cache) {
  const require = createRequire(join(ROOT, 'package.json'));
  const version = require(`${pkg}/package.json`).version;
  const key = `${pkg}@${version}`;
  if (!cache[key]) {
    const mod = require(pkg);
    cache[key] = Object.keys(mod).filter(
      (k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default' && typeof mod[k] === 'function',
    );
  }
  return cache[key];
}

const lazySdkPlugin = (cache) => ({
  name: 'lazy-sdk',
  setup(b) {
    b.onResolve({ filter: LAZY_PACKAGES }, (a) => ({ path: a.path, namespace: 'lazy-sdk' }));
    b.onResolve({ filter: /^lazy-export$/ }, () => ({ path: join(ROOT, 'bin', 'lazy-export.mjs') }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-sdk' }, (a) => ({
      resolveDir: ROOT,
      loader: 'js',
      contents: [
        "import { lazyExport } from 'lazy-export';",
        ...functionExports(a.path, cache).map(
          (n) =>
            `export const ${n} = /* @__PURE__ */ lazyExport(import.meta.url, ${JSON.stringify(a.path)}, ${JSON.stringify(n)});`,
        ),
      ].join('\n'),
    }));
  },
});

/** True when a recorded file changed or disappeared (`files`: path from ROOT → mtime), skipping those in `seen`. */
function changed(files, seen = {}) {
  // One stat per source on every CLI run: plain string paths and no exceptions keep it to a few ms.
  const root = `${ROOT}/`;
  for (const file in files)
    if (!(file in seen) && statSync(root + file, { throwIfNoEntry: false })?.mtimeMs !== files[file]) return true;
  return false;
}

/** True when dist/ is missing, or a source it was built from (tool catalog included) changed or disappeared. */
export function isStale() {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(INPUTS, 'utf8'));
  } catch {
    return true;
  }
  return (
    recorded.entries !== JSON.stringify(ENTRIES) ||
    !recorded.catalog ||
    changed(recorded.files) ||
    changed(recorded.catalog, recorded.files) // the catalog's sources are nearly all the bundle's too: stat once
  );
}

/** Writes a file so a concurrent reader sees the old or the new one, never a half-written one. */
function writeAtomic(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

/** The source files (from ROOT) an esbuild metafile names, with their mtimes. */
function mtimes(metafile, extra = []) {
  const files = {};
  for (const file of Object.keys(metafile.inputs).filter((f) => !f.startsWith('lazy-sdk:') && !f.startsWith('<')))
    files[file] = statSync(join(ROOT, file)).mtimeMs;
  for (const file of extra) files[file] = statSync(join(ROOT, file)).mtimeMs;
  return files;
}

/**
 * Regenerates tools/catalog.json from the tool definitions (toolCatalogFromDefinitions, run from a
 * throw-away bundle), when the catalog or a source it is made from changed since the last build.
 * Written only when its contents differ, so an unchanged checkout stays unchanged.
 */
async function buildCatalog(esbuild, cache, recorded) {
  if (recorded && !changed(recorded)) return recorded;
  // The tools import the catalog (tools/catalog.ts) themselves: a missing one is made empty, then filled.
  if (!existsSync(join(ROOT, CATALOG))) writeAtomic(join(ROOT, CATALOG), '[]\n');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    stdin: {
      contents: "export { toolCatalogFromDefinitions } from './tools/index';",
      resolveDir: ROOT,
      loader: 'ts',
      sourcefile: '<tool-catalog>',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [lazySdkPlugin(cache)],
  });
  mkdirSync(DIST, { recursive: true });
  const tmp = join(DIST, `.tool-catalog-${process.pid}.mjs`);
  writeFileSync(tmp, result.outputFiles[0].contents);
  let json;
  try {
    const { toolCatalogFromDefinitions } = await import(pathToFileURL(tmp).href);
    json = `${JSON.stringify(toolCatalogFromDefinitions(), null, 2)}\n`;
  } finally {
    rmSync(tmp, { force: true });
  }
  let current;
  try {
    current = readFileSync(join(ROOT, CATALOG), 'utf8');
  } catch {
    /* written below */
  }
  if (current !== json) writeAtomic(join(ROOT, CATALOG), json);
  return mtimes(result.metafile, [CATALOG, 'bin/build.mjs']);
}

/** The migrations (drizzle/) and the PGlite release, from ROOT: what the database template is made from. */
function templateSources() {
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      if (e.isDirectory()) walk(`${dir}/${e.name}`);
      else files.push(`${dir}/${e.name}`);
    }
  };
  walk('drizzle');
  const pglite = 'node_modules/@electric-sql/pglite/package.json';
  if (existsSync(join(ROOT, pglite))) files.push(pglite);
  return files;
}

/**
 * The embedded database's template (src/db/template.ts): dist/pgdata-template-<key>.tar, a dump of a
 * migrated, empty data folder a new one starts from. Made only when the migrations changed since the
 * last build or the file is gone (an unchanged build costs a few stats), in a child process so its
 * ~800 MiB of WebAssembly memory is not kept by a CLI that rebuilt itself. Never fails the build:
 * without a current template a new data folder is made by initdb as before.
 */
async function buildTemplate(esbuild, recorded) {
  if (recorded?.name && !changed(recorded.files) && existsSync(join(DIST, recorded.name))) return recorded;
  const files = templateSources();
  const tmp = join(DIST, `.pgdata-template-${process.pid}.mjs`);
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      stdin: {
        contents: [
          "import { existsSync, renameSync, writeFileSync } from 'node:fs';",
          "import { basename } from 'node:path';",
          "import { makeTemplate, migrationsKey, templateFile } from './src/db/template';",
          'const file = templateFile(migrationsKey());',
          'if (!existsSync(file)) {',
          '  const blob = await makeTemplate();',
          "  const part = file + '.' + process.pid + '.tmp';",
          '  writeFileSync(part, Buffer.from(await blob.arrayBuffer()));',
          '  renameSync(part, file);',
          '}',
          'process.stdout.write(basename(file));',
        ].join('\n'),
        resolveDir: ROOT,
        loader: 'ts',
        sourcefile: '<pgdata-template>',
      },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'warning',
    });
    mkdirSync(DIST, { recursive: true });
    writeFileSync(tmp, result.outputFiles[0].contents);
    const run = spawnSync(process.execPath, [tmp], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const name = run.stdout.trim();
    if (run.status !== 0 || !/^pgdata-template-[0-9a-f]+\.tar$/.test(name))
      throw new Error(run.stderr.trim().split('\n').slice(-3).join(' ') || `exit ${run.status}`);
    // Templates of earlier migrations are never used again.
    for (const old of readdirSync(DIST))
      if (/^pgdata-template-[0-9a-f]+\.tar$/.test(old) && old !== name) rmSync(join(DIST, old), { force: true });
    const mt = {};
    for (const f of files) mt[f] = statSync(join(ROOT, f)).mtimeMs;
    return { name, files: mt };
  } catch (err) {
    process.stderr.write(`Note: no database template built (new data folders use initdb): ${err?.message ?? err}\n`);
    return undefined;
  } finally {
    rmSync(tmp, { force: true });
  }
}

export async function build() {
  const esbuild = await import('esbuild');
  const cacheFile = join(DIST, 'sdk-exports.json');
  let cache = {};
  try {
    cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
  } catch {
    /* built below */
  }
  let recordedCatalog;
  let recordedTemplate;
  try {
    ({ catalog: recordedCatalog, template: recordedTemplate } = JSON.parse(readFileSync(INPUTS, 'utf8')));
  } catch {
    /* first build */
  }
  // Before the bundle, which includes the catalog.
  const catalog = await buildCatalog(esbuild, cache, recordedCatalog);
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: DIST,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [lazySdkPlugin(cache)],
  });
  writeAtomic(cacheFile, JSON.stringify(cache));
  // Chunks first, entry files last: a CLI started mid-build loads either the old entry with its
  // (still present) old chunks or the new entry with its new chunks.
  const entryOut = new Set(Object.keys(ENTRIES).map((n) => join(DIST, `${n}.js`)));
  const files = [...result.outputFiles].sort((a, b) => Number(entryOut.has(a.path)) - Number(entryOut.has(b.path)));
  for (const f of files) writeAtomic(f.path, f.contents);
  // Chunks of earlier builds: removed once no CLI started before this build can still need them.
  const keep = new Set(files.map((f) => f.path));
  const chunks = join(DIST, 'chunks');
  for (const name of readdirSync(chunks)) {
    const path = join(chunks, name);
    if (!keep.has(path) && Date.now() - statSync(path).mtimeMs > 10 * 60_000) rmSync(path, { force: true });
  }
  const inputs = mtimes(result.metafile, ['bin/build.mjs', 'bin/lazy-export.mjs']);
  // After the bundle: the template is made from the sources just compiled, not from dist/.
  const template = await buildTemplate(esbuild, recordedTemplate);
  writeAtomic(INPUTS, JSON.stringify({ entries: JSON.stringify(ENTRIES), files: inputs, catalog, template }));
  return { files: files.length, inputs: Object.keys(inputs).length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) process.exit(isStale() ? 1 : 0);
  if (process.argv.includes('--clean')) rmSync(DIST, { recursive: true, force: true });
  const t0 = performance.now();
  const r = await build();
  console.log(
    `Built ${relative(process.cwd(), DIST) || DIST}/ (${r.files} files from ${r.inputs} sources) in ${Math.round(performance.now() - t0)} ms.`,
  );
}
