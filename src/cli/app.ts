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
  const db = await openDb({ url: c.DATABASE_URL, dataDir: join(c.TRAILHOUND_DATA_DIR, 'pgdata') });
  return { config: c, db };
}

export async function withApp<T>(fn: (app: App) => Promise<T>): Promise<T> {
  const app = await openApp();
  try {
    return await fn(app);
  } finally {
    await app.db.close();
  }
}

export function cliActor(): string {
  return `cli:${process.env.TRAILHOUND_USER ?? userInfo().username}`;
}

export async function cliContext(
  app: App,
  o: { evidence?: string; account?: string; progress?: (m: string) => void },
): Promise<ToolContext> {
  return buildContext({
    config: app.config,
    db: app.db.db,
    evidenceDir: o.evidence,
    accountName: o.account,
    actor: cliActor(),
    progress: o.progress,
  });
}

/** Progress on stderr when it is a terminal (stdout stays clean JSON for scripts). */
export function stderrProgress(enabled: boolean): (m: string) => void {
  if (!enabled || !process.stderr.isTTY) return () => {};
  let last = 0;
  return (m) => {
    const now = Date.now();
    if (now - last < 250) return;
    last = now;
    process.stderr.write(`\r\x1b[2K${m.slice(0, (process.stderr.columns ?? 100) - 1)}`);
  };
}

export function clearProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}

export function printJson(v: unknown): void {
  process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
}
