/** What every CLI command shares: configuration, the database, and the tool context. */
import { userInfo } from 'node:os';
import { config, type Config } from '../config';
import { type DbHandle, openDb } from '../db/client';
import { join } from 'node:path';
import { buildContext } from '../runtime/build-context';
import type { ToolContext } from '../../tools/context';

export interface App {
  config: Config;
  db: DbHandle;
}

export async function openApp(): Promise<App> {
  const c = config();
  const opts = { url: c.DATABASE_URL, dataDir: join(c.TRAILHOUND_DATA_DIR, 'pgdata') };
  return { config: c, db: await (openForTests ?? openDb)(opts) };
}

/**
 * Tests only (test/helpers/cli.ts, around each in-process `main`): how commands open the database
 * instead of `openDb`, so a test file running dozens of commands in one process can keep an
 * embedded one open across them where each real CLI process starts PGlite anew (~0.5-1 CPU-s).
 * Nothing in the product sets it.
 */
let openForTests: ((opts: { url?: string; dataDir: string }) => Promise<DbHandle>) | undefined;

export function openDbForTests(open: typeof openForTests): void {
  openForTests = open;
}

export async function withApp<T>(fn: (app: App) => Promise<T>): Promise<T> {
  const app = await openApp();
  try {
    return await fn(app);
  } finally {
    await app.db.close();
  }
}

/** The configuration, and the database only when `needsDb` (opening the embedded one costs seconds). */
export interface MaybeApp {
  config: Config;
  db?: DbHandle;
}

/** Like withApp, for commands that need the database only for some inputs (an evidence question needs none). */
export async function withMaybeApp<T>(needsDb: boolean, fn: (app: MaybeApp) => Promise<T>): Promise<T> {
  if (needsDb) return withApp(fn);
  return fn({ config: config() });
}

export function cliActor(): string {
  return `cli:${process.env.TRAILHOUND_USER ?? userInfo().username}`;
}

export async function cliContext(
  app: MaybeApp,
  o: { evidence?: string; account?: string; progress?: (m: string) => void },
): Promise<ToolContext> {
  return buildContext({
    config: app.config,
    db: app.db?.db,
    evidenceDir: o.evidence,
    accountName: o.account,
    actor: cliActor(),
    progress: o.progress,
  });
}

// Output helpers live apart so a command can print without loading configuration or the database.
export { clearProgress, printJson, stderrProgress } from './output';
