/**
 * The CLI in-process: `main(argv)` as bin/trailhound.mjs calls it, with stdout/stderr captured and
 * the exit code read from process.exitCode. One spawned smoke test (test/cli/binary.test.ts) covers
 * the real binary; everything else runs here, without a Node start, tsx and SDK loads per command.
 *
 * An embedded database the CLI opens stays open across the file's runs (src/cli/app.ts
 * `openDbForTests`): each command of a real CLI process starts PGlite anew (~0.5-1 CPU-s),
 * which a file running dozens of commands paid dozens of times. It is closed when its environment
 * is restored (before its folder is removed) and at the file's end, so nothing stays open or locked
 * for the next file of a shared worker. A test that reads or writes the database itself between runs
 * uses the same handle (`cliDb`): PGlite has one opener per folder.
 *
 * A cliEnvironment folder's database is by default the worker's pooled in-memory one (`openTestDb`,
 * given back emptied): copying the migrated folder and starting PGlite on it cost ~1.3 CPU-s per
 * file, a pooled one milliseconds. `{ disk: true }` keeps the real path — the folder's pgdata on
 * disk, started from a copy of the migrated one, locked — as test/cli/cli.test.ts does; so does any
 * folder a test made itself.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { vi } from 'vitest';
import { openApp, openDbForTests } from '../../src/cli/app';
import { main } from '../../src/cli/main';
import { type DbHandle, openDb } from '../../src/db/client';
import { resetConfig } from '../../src/config';
import { resetAwsClients } from '../../src/aws/clients';
import { resetPacing } from '../../src/aws/pace';
import { migratedDataFolder, openTestDb } from './db';
import { atFileEnd } from './file-end';

/** Data folders made by cliEnvironment with `disk`: their embedded database may start as a copy of the template. */
const seedable = new Set<string>();
/** Data folders made by cliEnvironment without `disk`: the CLI's database is a pooled in-memory one. */
const pooled = new Set<string>();
/** Environments not yet restored: a file's end restores them, as well as the AWS clients a run cached. */
const open = new Set<() => Promise<void>>();
/** Embedded databases the in-process CLI opened, by pgdata folder: open until closeCliDbs. */
const kept = new Map<string, Promise<DbHandle>>();

/**
 * How the in-process CLI opens its database: PostgreSQL as the CLI does (cheap, and a test may drop
 * the database); an embedded one once per folder (pooled or on disk, see above), then the same
 * handle with a `close` that does nothing (on disk it holds the folder's lock for this process until
 * closeCliDbs). A failed open is not kept: the next command tries again, as a new process would.
 */
async function openKept(opts: { url?: string; dataDir: string }): Promise<DbHandle> {
  if (opts.url) return openDb(opts);
  let opening = kept.get(opts.dataDir);
  if (!opening) {
    const started = pooled.has(dirname(opts.dataDir))
      ? openTestDb('pglite').then((h) => ({ ...h, where: opts.dataDir })) // `migrate` prints where
      : openDb({ dataDir: opts.dataDir });
    kept.set(opts.dataDir, started);
    started.catch(() => kept.get(opts.dataDir) === started && kept.delete(opts.dataDir));
    opening = started;
  }
  return { ...(await opening), close: async () => {} };
}
atFileEnd(async () => {
  for (const restore of [...open].reverse()) await restore();
  await closeCliDbs();
  resetAwsClients();
  resetPacing();
});

/** Closes the embedded databases the CLI runs kept open (all, or the one in `pgdata`): before removing a folder. */
export async function closeCliDbs(pgdata?: string): Promise<void> {
  for (const [dir, opening] of [...kept]) {
    if (pgdata !== undefined && dir !== pgdata) continue;
    kept.delete(dir);
    const h = await opening.catch(() => undefined);
    await h?.close();
  }
}

/**
 * The database the in-process CLI uses in the current environment: for an embedded folder the very
 * handle its commands get (kept open; its `close` does nothing, `closeCliDbs` closes it), for
 * PostgreSQL a new connection the caller closes.
 */
export async function cliDb(): Promise<DbHandle> {
  await seedEmbedded();
  resetConfig();
  openDbForTests(openKept);
  try {
    return (await openApp()).db;
  } finally {
    openDbForTests(undefined);
  }
}

/** Before the CLI's first embedded open in a cliEnvironment folder: start from the template's copy. */
async function seedEmbedded(): Promise<void> {
  const dir = process.env.TRAILHOUND_DATA_DIR;
  if (!dir || !seedable.has(dir) || process.env.DATABASE_URL) return;
  const pgdata = join(dir, 'pgdata');
  if (!existsSync(pgdata)) cpSync(await migratedDataFolder(), pgdata, { recursive: true });
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const w = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const l = vi.spyOn(console, 'log').mockImplementation((...a) => void (stdout += `${a.join(' ')}\n`));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  const ce = vi.spyOn(console, 'error').mockImplementation((...a) => void (stderr += `${a.join(' ')}\n`));
  await seedEmbedded();
  process.exitCode = 0;
  resetConfig();
  openDbForTests(openKept);
  try {
    await main(['node', 'trailhound', ...args]);
  } finally {
    openDbForTests(undefined);
    w.mockRestore();
    l.mockRestore();
    e.mockRestore();
    ce.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, stdout, stderr };
}

/**
 * A fresh data folder and environment for in-process CLI runs (embedded database, no keys), as the
 * spawned tests had: call `restore()` after the file's tests (the file's end restores it if not); it
 * closes the folder's database, then removes the folder. Its embedded database is a pooled,
 * emptied in-memory one, or with `disk` the folder's own, starting as a copy of a migrated, empty
 * one (what the CLI's first open would create, without the initdb).
 */
export function cliEnvironment(
  prefix: string,
  extra: Record<string, string> = {},
  o: { disk?: boolean } = {},
): { dataDir: string; restore(): Promise<void> } {
  const saved = { ...process.env };
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  (o.disk ? seedable : pooled).add(dataDir);
  Object.assign(process.env, {
    TRAILHOUND_DATA_DIR: dataDir,
    DATABASE_URL: '',
    ANTHROPIC_API_KEY: '',
    LOG_LEVEL: 'silent',
    ...extra,
  });
  const restore = async (): Promise<void> => {
    if (!open.delete(restore)) return;
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    resetConfig();
    seedable.delete(dataDir);
    await closeCliDbs(join(dataDir, 'pgdata'));
    pooled.delete(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  };
  open.add(restore);
  return { dataDir, restore };
}
