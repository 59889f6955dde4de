/**
 * The embedded database's template: a PGlite dump (dumpDataDir) of a migrated, empty data folder.
 * A new data folder starts from it instead of initdb plus every migration (in WebAssembly: measured
 * 9.7 CPU-s and 792 MiB peak for a first `findings`, against 4.3 CPU-s and 327 MiB from a dump).
 *
 * `bin/build.mjs` writes it into dist/ (not committed) whenever the migrations changed. Its name
 * carries a key: a hash of drizzle/ and of the PGlite version (a dump is only loadable by the release
 * that wrote it), so a template of other migrations is never picked up — openDb then falls back to
 * initdb. The migrations still run after loading it (a no-op when it is current).
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openAsBlob, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectPath } from '../project-root';

/** The PGlite release installed (its package.json; `unknown` when it cannot be found). */
function pgliteVersion(): string {
  try {
    // Its package.json is not an export: walk up from the entry point to it.
    let dir = dirname(createRequire(projectPath('package.json')).resolve('@electric-sql/pglite'));
    for (;;) {
      const pkg = join(dir, 'package.json');
      if (existsSync(pkg)) {
        const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
        if (json.name === '@electric-sql/pglite') return json.version ?? 'unknown';
      }
      const up = dirname(dir);
      if (up === dir) return 'unknown';
      dir = up;
    }
  } catch {
    return 'unknown';
  }
}

/** Hash of the migrations folder (names and contents) and the PGlite version, 16 hex digits. */
export function migrationsKey(folder = projectPath('drizzle')): string {
  const h = createHash('sha256');
  h.update(`pglite ${pgliteVersion()}\n`);
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(e.name).update(readFileSync(p));
    }
  };
  walk(folder);
  return h.digest('hex').slice(0, 16);
}

/** Folder the build writes templates to. */
export const TEMPLATE_DIR = projectPath('dist');

/** The template file for a key. */
export function templateFile(key = migrationsKey(), dir = TEMPLATE_DIR): string {
  return join(dir, `pgdata-template-${key}.tar`);
}

/** True when the file starts with a tar header (`ustar` at offset 257). */
function isTar(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(262);
    return readSync(fd, head, 0, 262, 0) === 262 && head.toString('latin1', 257, 262) === 'ustar';
  } finally {
    closeSync(fd);
  }
}

/**
 * The current template, or undefined when there is none for these migrations, or it cannot be
 * opened or is not a tar file (PGlite would try to gunzip it and leave an unhandled rejection that
 * ends the process). A Blob backed by the file: PGlite reads it once, without a second copy in memory.
 */
export async function readTemplate(file?: string): Promise<Blob | undefined> {
  try {
    const path = file ?? templateFile();
    return existsSync(path) && isTar(path) ? await openAsBlob(path) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The template a data folder starts from: the current one in templateDir, for a new folder only (no
 * PG_VERSION, which is what PGlite itself looks at: loading into an existing one would throw
 * "Database already exists"). Undefined, so initdb runs, for an existing folder, for templateDir
 * false, and when readTemplate refuses it (none keyed by these migrations, not a tar).
 */
export async function templateForFolder(
  dir: string,
  templateDir: string | false = TEMPLATE_DIR,
): Promise<Blob | undefined> {
  if (templateDir === false || existsSync(join(dir, 'PG_VERSION'))) return undefined;
  return readTemplate(templateFile(undefined, templateDir));
}

/** A migrated, empty data folder as a PGlite dump (initdb and every migration, in memory). */
export async function makeTemplate(): Promise<Blob> {
  const { openDb } = await import('./client');
  const h = await openDb({ dataDir: 'memory://' });
  try {
    const { $client } = h.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } };
    return await $client.dumpDataDir('none');
  } finally {
    await h.close();
  }
}
