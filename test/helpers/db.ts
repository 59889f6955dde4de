/**
 * Database backends for tests: the embedded PGlite (in memory) always, and real PostgreSQL when
 * TEST_DATABASE_URL or DATABASE_URL is set — each test run gets its own fresh database, so
 * concurrent test files never share state.
 *
 * A fresh PGlite costs ~4 CPU-s (initdb, then the migrations); one started from a dump of an
 * already migrated data folder costs ~1. The dump is made once per migration set (keyed by the
 * drizzle/ files and the PGlite version) in the system temp folder, shared by every worker and run,
 * and kept in memory for the rest of the worker. The migrations still run on open (a no-op on a
 * current dump), so a stale dump can never hide a schema change.
 *
 * A database a test has closed is not thrown away (a PostgreSQL one until its file ends, an
 * embedded one until its worker ends): the next `openTestDb` of that backend gets it back emptied
 * (every table emptied, sequences restarted; PGlite's session state discarded, PostgreSQL's
 * connections closed and reopened), which costs milliseconds instead
 * of a PGlite load or a CREATE DATABASE and migration run. If the test changed the schema itself (a
 * disabled trigger, an added column…) the database is dropped and a fresh one opened instead.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DbHandle, type OpenOptions, openDb } from '../../src/db/client';
import { makeTemplate, migrationsKey } from '../../src/db/template';
import { atFileEnd } from './file-end';

export type Backend = 'pglite' | 'postgres';

export function postgresUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/** Backends to run database tests against: both in CI (which sets TEST_DATABASE_URL). */
export function backends(): Backend[] {
  return postgresUrl() ? ['pglite', 'postgres'] : ['pglite'];
}

/** The key of the migration set (drizzle/ and the PGlite version), as the build's template uses. */
export { migrationsKey };

let dump: Promise<Blob> | undefined;

/** The migrated, empty data folder as a PGlite dump: from the temp folder, or made once and saved there. */
export function migratedDump(): Promise<Blob> {
  dump ??= (async () => {
    const file = join(tmpdir(), `trailhound-test-pglite-${migrationsKey()}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    // The same dump as the build's template (src/db/template.ts), made here so tests need no build.
    const blob = await makeTemplate();
    // Written aside then renamed, so a concurrent worker never reads half a file.
    const part = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(part, Buffer.from(await blob.arrayBuffer()));
    renameSync(part, file);
    return blob;
  })();
  return dump;
}

/**
 * A migrated, empty embedded data folder on disk, made once per migration set in the system temp
 * folder (initdb in WebAssembly costs several CPU-s) and only ever copied, never opened, afterwards:
 * `cpSync(await migratedDataFolder(), dir, { recursive: true })` is a database as a first open of
 * `dir` would create it.
 */
let template: Promise<string> | undefined;
export function migratedDataFolder(): Promise<string> {
  template ??= (async () => {
    const dir = join(tmpdir(), `trailhound-test-pgdata-${migrationsKey()}`);
    if (existsSync(dir)) return dir;
    const part = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
    const h = await openDb({ dataDir: part });
    await h.close();
    try {
      renameSync(part, dir); // a concurrent worker's copy may have won: either is the same
    } catch {
      rmSync(part, { recursive: true, force: true });
    }
    rmSync(`${part}.lock`, { force: true });
    return dir;
  })();
  return template;
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

/** Runs SQL on a handle's own client (PGlite, or postgres.js on one connection). */
interface Raw {
  exec(sql: string): Promise<unknown>;
  rows<T>(sql: string): Promise<T[]>;
}

function raw(h: DbHandle): Raw {
  const c = (h.db as unknown as { $client: any }).$client;
  if (h.kind === 'pglite') return { exec: (q) => c.exec(q), rows: async (q) => (await c.query(q)).rows };
  // postgres.js: a statement batch without parameters goes as one simple query, on one connection.
  return { exec: (q) => c.unsafe(q).simple(), rows: (q) => c.unsafe(q) };
}

/**
 * The schema's shape (columns, indexes, triggers and whether they are enabled, functions), hashed.
 * Read from the catalogs, not information_schema's views: ~35 ms a reuse on PGlite instead of ~55.
 */
const SHAPE_SQL = `SELECT md5(coalesce(string_agg(x, E'\n' ORDER BY x), '')) AS shape FROM (
  SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull::text
      || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') AS x
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
  UNION ALL SELECT tgrelid::regclass::text || ' ' || tgname || ' ' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL SELECT p.proname || ' ' || md5(p.prosrc) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public'
) s`;

/**
 * Every public table emptied and its sequences (identities) restarted, in one batch; the
 * append-only audit triggers and the foreign keys' do not fire for it (replica role, for this batch
 * only). DELETE of the tables a test wrote, not TRUNCATE of all: a TRUNCATE gives every table new
 * files, ~100 ms a reuse on PGlite where this costs ~30.
 */
const RESET_SQL = `SET session_replication_role = replica;
DO $$ DECLARE r record; written boolean; BEGIN
  FOR r IN SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE 'SELECT EXISTS (SELECT 1 FROM ' || r.t || ')' INTO written;
    IF written THEN EXECUTE 'DELETE FROM ' || r.t; END IF;
  END LOOP;
  FOR r IN SELECT s.seqrelid, s.seqstart FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' LOOP
    PERFORM setval(r.seqrelid, r.seqstart, false);
  END LOOP;
END $$;
SET session_replication_role = origin;`;

async function shape(h: DbHandle): Promise<string> {
  return (await raw(h).rows<{ shape: string }>(SHAPE_SQL))[0]!.shape;
}

/**
 * Databases of this worker that no test holds: embedded ones kept open, PostgreSQL ones kept as a
 * database (their connections are closed, so no session state survives), each with the shape of
 * the schema it opened with. `releaseTestDbs()` (after each file) closes and drops them.
 */
interface Idle {
  backend: Backend;
  shape: string;
  /** PGlite: the open handle. PostgreSQL: reopens the database (connections closed in between). */
  reopen(): Promise<DbHandle>;
  dispose(): Promise<void>;
}
const idle: Idle[] = [];

/** A new database of the backend, and how to open it again once its handle is closed. */
async function fresh(
  backend: Backend,
): Promise<{ handle: DbHandle; reopen(): Promise<DbHandle>; dispose(): Promise<void> }> {
  if (backend === 'pglite') {
    const handle = await openDb({ dataDir: 'memory://', loadDataDir: await migratedDump() });
    return { handle, reopen: async () => handle, dispose: () => handle.close() };
  }
  const pg = await freshPostgres();
  const handle = await openDb({ url: pg.url });
  // Migrated already: a reopen only checks the journal.
  return { handle, reopen: () => openDb({ url: pg.url }), dispose: () => pg.drop() };
}

export async function openTestDb(backend: Backend): Promise<DbHandle> {
  let handle: DbHandle | undefined;
  let entry: Idle | undefined;
  for (let i = idle.length - 1; !handle && i >= 0; i--) {
    if (idle[i]!.backend !== backend) continue;
    const candidate = idle.splice(i, 1)[0]!;
    let h: DbHandle | undefined;
    try {
      h = await candidate.reopen();
      // PGlite's single session: DISCARD ALL alone (it may not run inside a batch's transaction).
      if (backend === 'pglite') await raw(h).exec('DISCARD ALL');
      await raw(h).exec(RESET_SQL);
      if ((await shape(h)) === candidate.shape) {
        handle = h;
        entry = candidate;
        break;
      }
    } catch {
      // Not reusable: dropped below.
    }
    if (h && backend === 'postgres') await h.close().catch(() => {});
    await candidate.dispose().catch(() => {});
  }
  if (!handle || !entry) {
    const f = await fresh(backend);
    handle = f.handle;
    entry = { backend, shape: await shape(f.handle), reopen: f.reopen, dispose: f.dispose };
  }
  const held = handle;
  const kept = entry;
  let closed = false;
  return {
    ...held,
    async close() {
      if (closed) return;
      closed = true;
      // PostgreSQL: the connections end now (no session state carries over); the database stays.
      if (backend === 'postgres') await held.close();
      idle.push(kept);
    },
  };
}

/**
 * Drops the PostgreSQL databases no test holds: after each test file. Idle embedded databases stay
 * for the next file of the same worker (in a shared project; an isolated file's process ends with
 * it), which gets one back emptied like any reuse — one PGlite load per worker, not per file.
 * `all` closes those too.
 */
export async function releaseTestDbs(o: { all?: boolean } = {}): Promise<void> {
  const drop = idle.filter((e) => o.all || e.backend === 'postgres');
  for (const e of drop) idle.splice(idle.indexOf(e), 1);
  for (const e of drop) await e.dispose().catch(() => {});
}

atFileEnd(() => releaseTestDbs());

/** Handles from openDbForFile a test has not closed: closed at the file's end. */
const opened = new Set<DbHandle>();
atFileEnd(async () => {
  for (const h of opened) await h.close().catch(() => {});
  opened.clear();
});

/**
 * A database opened as the app opens it (`openDb`: a PostgreSQL URL, or an embedded data folder),
 * closed at the file's end if the test did not: a file that opens its own database leaves no pool,
 * connection or folder lock to the next file of its worker, so it can share one.
 */
export async function openDbForFile(opts: OpenOptions): Promise<DbHandle> {
  const h = await openDb(opts);
  opened.add(h);
  return {
    ...h,
    async close() {
      if (!opened.delete(h)) return;
      await h.close();
    },
  };
}

/**
 * The embedded database in a data folder the in-process CLI also opens (one opener at a time:
 * close it before the next CLI run). Closed at the file's end if the test did not.
 */
export function openDataFolder(pgdata: string): Promise<DbHandle> {
  return openDbForFile({ dataDir: pgdata });
}
