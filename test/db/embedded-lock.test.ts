/**
 * The embedded database under several processes: one holder at a time, so no write is lost; a
 * process that cannot get it in time says who holds it and how to use PostgreSQL instead; a lock
 * left by a dead process is taken over.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/client';
import { listAudit } from '../../src/db/queries/audit';
import { verifyAuditChain } from '../../src/db/queries/audit-chain';
import { projectPath } from '../../src/project-root';
import { migratedDataFolder } from '../helpers/db';

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'th-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A data folder holding a migrated, empty database: a copy, not an initdb (several CPU-s each). */
const database = async (name: string): Promise<string> => {
  const dir = join(root, name);
  cpSync(await migratedDataFolder(), dir, { recursive: true });
  return dir;
};

/**
 * The writer (test/helpers/embedded-writer.ts) as one plain JavaScript file, built once from the
 * current sources: each process then loads it with plain node instead of through tsx's loader
 * (measured per writer, idle: 3.3 CPU-s through tsx, 2.5 bundled). Packages stay external, imported by
 * the absolute paths esbuild resolves (the same files the app loads), and the bundle's
 * `import.meta.url` is src/project-root.ts's, so it finds drizzle/ as the sources do.
 */
const bundle = join(root, 'embedded-writer.mjs');
beforeAll(async () => {
  const absolutePackages: Plugin = {
    name: 'absolute-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (a) => {
        if (a.pluginData === 'resolving') return undefined;
        const r = await b.resolve(a.path, { kind: a.kind, resolveDir: a.resolveDir, pluginData: 'resolving' });
        if (r.errors.length) return { errors: r.errors };
        return { path: r.path, external: true };
      });
    },
  };
  await build({
    entryPoints: [projectPath('test', 'helpers', 'embedded-writer.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(projectPath('src', 'project-root.ts')).href) },
    plugins: [absolutePackages],
    logLevel: 'warning',
  });
});

// A writer waits for the lock longer than a busy machine takes to serve the others (the test's 300 s
// timeout, not this wait, is what catches a hang). `--liftoff-only`: V8 compiles PGlite's WebAssembly
// with its baseline compiler only, never optimizing it in the background — for a process that opens
// the database, writes one row and ends, that optimizing was most of its CPU (measured per bundled
// writer, idle: 2.5 CPU-s, 1.5 with the flag); the code run is the same.
const writer = (dir: string, n: number, wait = 280_000) =>
  run(process.execPath, ['--liftoff-only', bundle, dir, String(n), String(wait)], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
  }).then(
    (r) => r.stdout.trim(),
    (e) => String((e as { stdout?: string }).stdout ?? e).trim(),
  );

describe('embedded database lock', () => {
  it('attack: concurrent processes on one embedded database — every write lands, the chain is intact', async () => {
    const dir = await database('concurrent'); // created and migrated once, before the writers
    const outs = await Promise.all([1, 2, 3, 4].map((n) => writer(dir, n)));
    expect(outs).toEqual(['ok', 'ok', 'ok', 'ok']);
    const h = await openDb({ dataDir: dir });
    try {
      const rows = await listAudit(h.db);
      expect(rows.map((r) => r.actor).sort()).toEqual(['proc:1', 'proc:2', 'proc:3', 'proc:4']);
      expect((await verifyAuditChain(h.db)).ok).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('a second process that cannot get the database in time names the holder and the PostgreSQL alternative', async () => {
    const dir = await database('held');
    const h = await openDb({ dataDir: dir });
    try {
      const out = await writer(dir, 9, 500);
      expect(out).toMatch(
        new RegExp(
          `error: The embedded database in .*held is in use by another Trailhound process \\(pid ${process.pid} on ${hostname()}`,
        ),
      );
      expect(out).toMatch(/set DATABASE_URL/);
      await expect(openDb({ dataDir: dir, lockWaitMs: 100 })).rejects.toThrow(/in use by another Trailhound process/);
    } finally {
      await h.close();
    }
    expect(await writer(dir, 10)).toBe('ok');
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const dir = await database('stale');
    writeFileSync(
      `${dir}.lock`,
      JSON.stringify({ pid: 4194303, host: hostname(), command: 'serve', since: '2026-01-01T00:00:00Z' }),
    );
    const h = await openDb({ dataDir: dir, lockWaitMs: 100 });
    await h.close();
  });
});
