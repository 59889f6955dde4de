/**
 * Database backends for tests: the embedded PGlite (in memory) always, and real PostgreSQL when
 * TEST_DATABASE_URL or DATABASE_URL is set — each test run gets its own fresh database, so
 * concurrent test files never share state.
 *
 * A fresh PGlite costs ~4 CPU-s (initdb, then the migrations); one started from a dump of an
 * already migrated data folder costs ~1. The dump is made once per migration set (keyed by the
 * drizzle/ files and the PGlite version) in the system temp folder, shared by every worker and run,
 * and kept in memory for the rest of a test file. The migrations still run on open (a no-op on a
 * current dump), so a stale dump can never hide a schema change.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DbHandle, MIGRATIONS_FOLDER, openDb } from '../../src/db/client';

export type Backend = 'pglite' | 'postgres';

export function postgresUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/** Backends to run database tests against: both in CI (which sets TEST_DATABASE_URL). */
export function backends(): Backend[] {
  return postgresUrl() ? ['pglite', 'postgres'] : ['pglite'];
}

function migrationsKey(): string {
  const h = createHash('sha256');
  // The PGlite version too: a dump is only loadable by the release that wrote it.
  h.update(readFileSync(join(MIGRATIONS_FOLDER, '../node_modules/@electric-sql/pglite/package.json')));
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(e.name).update(readFileSync(p));
    }
  };
  walk(MIGRATIONS_FOLDER);
  return h.digest('hex').slice(0, 16);
}

let dump: Promise<Blob> | undefined;

/** The migrated, empty data folder as a PGlite dump: from the temp folder, or made once and saved there. */
function migratedDump(): Promise<Blob> {
  dump ??= (async () => {
    const file = join(tmpdir(), `trailhound-test-pglite-${migrationsKey()}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const fresh = await openDb({ dataDir: 'memory://' });
    const { $client } = fresh.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } };
    const blob = await $client.dumpDataDir('none');
    await fresh.close();
    // Written aside then renamed, so a concurrent worker never reads half a file.
    const part = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(part, Buffer.from(await blob.arrayBuffer()));
    renameSync(part, file);
    return blob;
  })();
  return dump;
}

/** A fresh, empty PostgreSQL database for one test file: its URL, and how to drop it. */
export async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = postgresUrl();
  if (!base) throw new Error('Set TEST_DATABASE_URL to run PostgreSQL tests');
  const { default: postgres } = await import('postgres');
  const name = `th_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export async function openTestDb(backend: Backend): Promise<DbHandle> {
  if (backend === 'pglite') return openDb({ dataDir: 'memory://', loadDataDir: await migratedDump() });
  const fresh = await freshPostgres();
  const handle = await openDb({ url: fresh.url });
  return {
    ...handle,
    async close() {
      await handle.close();
      await fresh.drop();
    },
  };
}
