/**
 * Database backends for tests: the embedded PGlite (in memory) always, and real PostgreSQL when
 * TEST_DATABASE_URL or DATABASE_URL is set — each test run gets its own fresh database, so
 * concurrent test files never share state.
 */
import { randomBytes } from 'node:crypto';
import { type DbHandle, openDb } from '../../src/db/client';

export type Backend = 'pglite' | 'postgres';

export function postgresUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/** Backends to run database tests against: both in CI (which sets TEST_DATABASE_URL). */
export function backends(): Backend[] {
  return postgresUrl() ? ['pglite', 'postgres'] : ['pglite'];
}

export async function openTestDb(backend: Backend): Promise<DbHandle> {
  if (backend === 'pglite') return openDb({ dataDir: 'memory://' });
  const base = postgresUrl();
  if (!base) throw new Error('Set TEST_DATABASE_URL to run PostgreSQL tests');
  const { default: postgres } = await import('postgres');
  const name = `th_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString() });
  return {
    ...handle,
    async close() {
      await handle.close();
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
