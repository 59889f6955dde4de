import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Two projects over the same files (`test/**\/*.test.ts`):
 * - `isolated`: every file that touches process-wide state — nock, a database, the CLI's `main`,
 *   a Slack app, environment variables, mocks, spies, fake timers, child processes, or a test helper
 *   that does — runs in its own forked process, as before.
 * - `unit`: every other file (pure functions over fixtures) shares worker threads without
 *   re-importing its modules per file (`isolate: false`), which saves a process start and the module
 *   graph per file.
 * A file is sorted by what its text and the test-folder modules it imports say (below), so a new
 * test that starts using nock or the database moves to `isolated` by itself.
 */
const ROOT = import.meta.dirname;
const TEST = join(ROOT, 'test');
const SHARED_STATE =
  /\bnock\b|openTestDb|openDb\(|\bharness\(|startApp|runCli|cliEnvironment|createSlackApp|liveContext|vi\.(mock|doMock|stubEnv|stubGlobal|spyOn|useFakeTimers|setSystemTime|resetModules)|process\.(env|exitCode|chdir|on\(|once\(|emit|stdout|stderr)|globalThis|resetConfig|resetAwsClients|child_process|node:http|node:net|worker_threads|\bsetTimeout\b|setInterval/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : testFiles(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Whether a file, or a module under test/ it imports (transitively), touches shared state. */
function touchesSharedState(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  if (SHARED_STATE.test(text)) return true;
  for (const m of text.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
    const base = resolve(dirname(file), m[1]!);
    const target = [base, `${base}.ts`, join(base, 'index.ts')].find((p) => p.endsWith('.ts') && existsSync(p));
    if (target && target.startsWith(TEST) && touchesSharedState(target, seen)) return true;
  }
  return false;
}

const all = testFiles(TEST).map((f) => relative(ROOT, f));
const isolated = all.filter((f) => touchesSharedState(join(ROOT, f)));
const unit = all.filter((f) => !isolated.includes(f));

export default defineConfig({
  test: {
    // Both cores: Vitest's default leaves one of two idle in `run`.
    maxWorkers: availableParallelism(),
    setupFiles: ['test/helpers/setup.ts'],
    // Timeouts catch hangs, not slowness: on a shared 2-core machine a test runs up to 10x slower
    // than idle (load average above 20 seen), so they sit far above any test's idle time. Speed is
    // measured in bench/, never asserted here.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    projects: [
      { extends: true, test: { name: 'isolated', include: isolated, pool: 'forks' } },
      { extends: true, test: { name: 'unit', include: unit, pool: 'threads', isolate: false } },
    ],
  },
});
