/**
 * The embedded database (PGlite) is a folder that exactly one process may hold: two processes
 * writing it at once lose records (PGlite has no multi-process locking). The holder writes
 * `<dir>.lock` with its pid, host and command; others wait up to a few seconds for it, then stop
 * with a message naming the holder and the PostgreSQL alternative. A lock left by a process that
 * no longer exists on this host is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export class EmbeddedDbLockedError extends Error {
  constructor(
    message: string,
    readonly holder: LockHolder | null,
  ) {
    super(message);
    this.name = 'EmbeddedDbLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): { raw: string; holder: LockHolder | null } | null {
  try {
    const raw = readFileSync(path, 'utf8');
    try {
      return { raw, holder: JSON.parse(raw) as LockHolder };
    } catch {
      return { raw, holder: null };
    }
  } catch {
    return null;
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o600);
    const me: LockHolder = {
      pid: process.pid,
      host: hostname(),
      command: process.argv.slice(2).join(' ').slice(0, 200) || 'node',
      since: new Date().toISOString(),
    };
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

export interface HeldLock {
  path: string;
  release(): void;
}

const held = new Set<string>();
let exitHook = false;

/** Acquires `<dir>.lock`, waiting up to waitMs for the current holder; throws EmbeddedDbLockedError. */
export async function lockEmbeddedDb(dir: string, waitMs: number): Promise<HeldLock> {
  const path = `${dir.replace(/\/+$/, '')}.lock`;
  const deadline = Date.now() + waitMs;
  let delay = 50;
  for (;;) {
    if (tryCreate(path)) break;
    const seen = readHolder(path);
    if (seen?.holder && seen.holder.host === hostname() && !alive(seen.holder.pid)) {
      // Stale: its process is gone. Remove it only if it is still the same stale file.
      if (readHolder(path)?.raw === seen.raw) rmSync(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const h = seen?.holder;
      throw new EmbeddedDbLockedError(
        `The embedded database in ${dir} is in use by another Trailhound process${h ? ` (pid ${h.pid} on ${h.host}, "${h.command}", since ${h.since})` : ''}, and only one process may use it at a time. Stop that process or wait for it, or run the server and the CLI against PostgreSQL (set DATABASE_URL) to use them together.${h && h.host !== hostname() ? ` If that process is gone, delete ${path}.` : ''}`,
        h ?? null,
      );
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 500);
  }
  held.add(path);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const p of held) rmSync(p, { force: true });
    });
  }
  return {
    path,
    release() {
      if (!held.delete(path)) return;
      const mine = readHolder(path)?.holder;
      if (mine?.pid === process.pid && mine.host === hostname()) rmSync(path, { force: true });
    },
  };
}
