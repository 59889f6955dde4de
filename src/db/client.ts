/**
 * Opens the database: PostgreSQL through postgres.js when DATABASE_URL is set, otherwise an
 * embedded PGlite (real Postgres compiled to WASM) in a local data folder, created and migrated on
 * first use. Both run the same committed migrations from drizzle/.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { projectPath } from '../project-root';
import { lockEmbeddedDb } from './embedded-lock';
import { defaultDataDir } from '../data-dir';
import * as schema from './schema';
import { templateForFolder } from './template';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Where it lives, without credentials (for messages). */
  where: string;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = projectPath('drizzle');

/** postgresql.conf lines for the embedded database. */
export const PGLITE_CONF = ['shared_buffers = 16MB', 'wal_buffers = 512kB'];

export interface OpenOptions {
  /** postgres:// URL; when absent the embedded database is used. */
  url?: string;
  /** Folder of the embedded database; `memory://` for an in-memory one (tests). */
  dataDir?: string;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Embedded database: how long to wait for another process holding it (default 15 s). */
  lockWaitMs?: number;
  /** Embedded only: start from this dump of a data folder (PGlite dumpDataDir), e.g. tests' pre-migrated one. */
  loadDataDir?: Blob;
  /**
   * Embedded only: folder of the template a new data folder starts from (src/db/template.ts; default
   * dist/, where the build writes it), or false for initdb. Only the template keyed by the current
   * migrations is used; without one, or when it fails to load, initdb runs as before.
   */
  templateDir?: string | false;
}

function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    u.username = u.username ? `${u.username}` : '';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/** True when every migration in the journal is recorded as applied (false when it cannot tell). */
async function upToDate(sql: { unsafe(q: string): Promise<unknown[]> }): Promise<boolean> {
  try {
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    const rows = (await sql.unsafe('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')) as { n: number }[];
    return (rows[0]?.n ?? 0) >= journal.entries.length;
  } catch {
    return false;
  }
}

export async function openDb(opts: OpenOptions): Promise<DbHandle> {
  const migrate = opts.migrate ?? true;
  if (opts.url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const sql = postgres(opts.url, { max: 10, onnotice: () => {}, connect_timeout: 10 });
    const db = drizzle(sql, { schema }) as unknown as Db;
    const handle: DbHandle = { db, kind: 'postgres', where: safeUrl(opts.url), close: () => sql.end({ timeout: 5 }) };
    // Up to date: skip the migrator, which needs CREATE rights even when it has nothing to do — so
    // the app can run as a least-privilege role while an owner role applies migrations.
    if (migrate && !(await upToDate(sql))) {
      const { migrate: run } = await import('drizzle-orm/postgres-js/migrator');
      try {
        await run(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
      } catch (err) {
        await handle.close();
        throw new Error(
          `Could not migrate the database at ${handle.where}: ${(err as Error).message}. Check DATABASE_URL and that PostgreSQL is running.`,
        );
      }
    }
    return handle;
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dir = opts.dataDir ?? join(defaultDataDir(), 'pgdata');
  const memory = dir.startsWith('memory://');
  if (!memory) mkdirSync(dir, { recursive: true });
  // One process at a time on the folder (see embedded-lock.ts); in-memory databases are per process.
  const lock = memory ? undefined : await lockEmbeddedDb(dir, opts.lockWaitMs ?? 15_000);
  try {
    // A new folder starts from the template (template.ts decides which, if any).
    const template = opts.loadDataDir ?? (memory ? undefined : await templateForFolder(dir, opts.templateDir));
    // One embedded user: 16 MB of shared buffers instead of Postgres' 128 MB default (they sit in the
    // process's memory once touched; measured ~125 MiB less peak RSS, no slower for our batches).
    const start = async (load?: Blob) => {
      const c = new PGlite(dir, { postgresqlconf: PGLITE_CONF, ...(load ? { loadDataDir: load } : {}) });
      await c.waitReady;
      return c;
    };
    // Only a folder that held nothing before the template was loaded is ever emptied again.
    const wasEmpty = !memory && readdirSync(dir).length === 0;
    let client: Awaited<ReturnType<typeof start>>;
    try {
      client = await start(template);
    } catch (err) {
      // A template that does not load never stops the database opening: empty the new folder, initdb.
      if (!template || opts.loadDataDir || memory || !wasEmpty) throw err;
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      client = await start();
    }
    const db = drizzle(client, { schema }) as unknown as Db;
    if (migrate) {
      const { migrate: run } = await import('drizzle-orm/pglite/migrator');
      await run(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    }
    return {
      db,
      kind: 'pglite',
      where: dir,
      close: async () => {
        try {
          await client.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}
