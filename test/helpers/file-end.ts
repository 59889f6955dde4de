/**
 * Clean-ups run at the end of every test file (by `setup.ts`), registered by the helper modules
 * that hold state across tests. A top-level `afterAll` in a helper would not do: in a project with
 * `isolate: false` a helper is imported once per worker, so its `afterAll` would bind to the first
 * file only, while the setup file runs again for every file.
 */
const hooks = new Set<() => unknown>();

/** Runs `fn` after every test file from now on (once per registration, in registration order). */
export function atFileEnd(fn: () => unknown): void {
  hooks.add(fn);
}

export async function runFileEnd(): Promise<void> {
  for (const fn of hooks) await fn();
}
