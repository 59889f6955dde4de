/**
 * The CLI in-process: `main(argv)` as bin/trailhound.mjs calls it, with stdout/stderr captured and
 * the exit code read from process.exitCode. One spawned smoke test (test/cli/cli.test.ts) covers
 * the real binary; everything else runs here, without a Node start, tsx and SDK loads per command.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main';
import { resetConfig } from '../../src/config';
import { resetAwsClients } from '../../src/aws/clients';
import { resetPacing } from '../../src/aws/pace';
import { migratedDataFolder } from './db';
import { atFileEnd } from './file-end';

/** Data folders made by cliEnvironment: their embedded database may start as a copy of the template. */
const seedable = new Set<string>();
/** Environments not yet restored: a file's end restores them, as well as the AWS clients a run cached. */
const open = new Set<() => void>();
atFileEnd(() => {
  for (const restore of [...open].reverse()) restore();
  resetAwsClients();
  resetPacing();
});

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
  try {
    await main(['node', 'trailhound', ...args]);
  } finally {
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
 * spawned tests had: call `restore()` after the file's tests (the file's end restores it if not). Its embedded database starts as a copy
 * of a migrated, empty one (what the CLI's first open would create, without the initdb).
 */
export function cliEnvironment(
  prefix: string,
  extra: Record<string, string> = {},
): { dataDir: string; restore(): void } {
  const saved = { ...process.env };
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  seedable.add(dataDir);
  Object.assign(process.env, {
    TRAILHOUND_DATA_DIR: dataDir,
    DATABASE_URL: '',
    ANTHROPIC_API_KEY: '',
    LOG_LEVEL: 'silent',
    ...extra,
  });
  const restore = (): void => {
    if (!open.delete(restore)) return;
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    resetConfig();
    seedable.delete(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  };
  open.add(restore);
  return { dataDir, restore };
}
