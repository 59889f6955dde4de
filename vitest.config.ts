import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Two projects over the same files (`isolated`, `shared`) (`test/**\/*.test.ts`), each file sorted by what its text and
 * the test-folder modules it imports (transitively) say:
 * - `isolated`: a file that touches process-wide state no shared reset undoes — the CLI's `main`, a
 *   Slack app, module mocks (`vi.mock`, `resetModules`), timers of its own (but a sleep awaited where
 *   it starts, `AWAITED_SLEEP`, which leaves no timer behind), child processes or servers, process
 *   events and streams (other than through `vi.spyOn`), a module cache of `src/` it resets or sets
 *   whose reset the setup does not run, nock's own switches, `openDb`, namespace imports — runs in
 *   its own forked process.
 * - `shared`: a file whose only shared state is what the setup resets after every test and file
 *   (nock interceptors, the environment, Vitest's fake timers, spies and stubs, cached AWS clients and
 *   pacing, `openTestDb` and `openDbForFile` databases, the module caches listed at the end of `setup.ts`: `setup.ts`,
 *   `file-end.ts`) shares forked workers without re-importing its modules per file
 *   (`isolate: false`), so a worker loads the SDKs, the app and PGlite once, not once per file.
 * - `unit`: every other file (pure functions over fixtures) runs in the `shared` project's workers
 *   too: it touches nothing a shared file could see, and one pool of forks loads the app once per
 *   worker where threads next to forks each loaded it.
 * A new test that starts mocking a module or setting a new module cache moves to `isolated` by
 * itself; one that starts using nock or the database moves to `shared`. A method call
 * (`progress.setStatus(`) is not a module cache: it changes an object the test made. When in doubt a marker belongs in
 * PROCESS_GLOBAL: an isolated file is only slower, a wrongly shared one can break another file.
 */
const ROOT = import.meta.dirname;
const TEST = join(ROOT, 'test');
const PROCESS_GLOBAL =
  /openDb\(|createSlackApp|vi\.(mock|doMock|resetModules)|process\.(exitCode|chdir|on\(|once\(|emit)|(?<!spyOn\()process\.(stdout|stderr)|globalThis|child_process|node:http|node:net|worker_threads|import \* as|\bsetTimeout\b|setInterval|\bnock\.(restore|activate|recorder|back|emitter)|NetConnect|(?<!\.)\b(reset(?!(AwsClients|Pacing|Config|InFlight)\()|clear(?!(IdpCache|OktaCache|FalconClients|RegisteredSecrets)\()|set(?!(Immediate|ThreatTagger|SharedPacer|OperatorLoginForTests|LimiterClockForTests)\())[A-Z]\w*\((?!\s*(\w+\.)*db\b)/;
const RESET_BY_SETUP =
  /\bnock\b|openTestDb|\bharness\(|liveContext|resetAwsClients|resetPacing|runCli|cliEnvironment|startApp|process\.env|resetConfig|resetInFlight|clearIdpCache|vi\.(stubEnv|stubGlobal|spyOn|useFakeTimers|setSystemTime)|\.spyOn\(|setThreatTagger|clearOktaCache|clearFalconClients|clearRegisteredSecrets|setSharedPacer|setOperatorLoginForTests|setLimiterClockForTests|openDataFolder|openDbForFile/;
/** A sleep awaited where it starts: no timer of the file's outlives the statement, so not process state. */
const AWAITED_SLEEP = /await new Promise\(\((\w+)\) => setTimeout\(\1, [^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)\)/g;
/**
 * Helpers whose process-wide state is exactly what the setup resets, reviewed as such: their own
 * text is read for RESET_BY_SETUP only (their imports are still followed). `db.ts` reads
 * TEST_DATABASE_URL and opens the per-worker databases; `cli.ts` runs `main` with stdout, stderr and
 * the exit code captured and put back, its environments (variables, config, data folder) are
 * restored and the databases its runs kept open closed (or given back to the pool) at each file's end; `slack.ts`'s `startApp` apps are closed at each file's end if a test
 * did not; `file-end.ts` runs those resets.
 */
const REVIEWED_HELPERS = new Set(
  ['test/helpers/db.ts', 'test/helpers/cli.ts', 'test/helpers/slack.ts', 'test/helpers/file-end.ts'].map((f) =>
    join(ROOT, f),
  ),
);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : testFiles(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

type Kind = 'unit' | 'shared' | 'isolated';
const RANK: Record<Kind, number> = { unit: 0, shared: 1, isolated: 2 };

/** What a file, or a module under test/ it imports (transitively), touches: the worst of them. */
function kindOf(file: string, seen = new Set<string>()): Kind {
  if (seen.has(file)) return 'unit';
  seen.add(file);
  const text = readFileSync(file, 'utf8').replace(AWAITED_SLEEP, 'await sleep');
  if (!REVIEWED_HELPERS.has(file) && PROCESS_GLOBAL.test(text)) return 'isolated';
  let kind: Kind = RESET_BY_SETUP.test(text) ? 'shared' : 'unit';
  for (const m of text.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
    const base = resolve(dirname(file), m[1]!);
    const target = [base, `${base}.ts`, join(base, 'index.ts')].find((p) => p.endsWith('.ts') && existsSync(p));
    if (!target?.startsWith(TEST)) continue;
    const k = kindOf(target, seen);
    if (RANK[k] > RANK[kind]) kind = k;
    if (kind === 'isolated') break;
  }
  return kind;
}

const all = testFiles(TEST).map((f) => relative(ROOT, f));
const kinds = new Map(all.map((f) => [f, kindOf(join(ROOT, f))]));
const of = (k: Kind) => all.filter((f) => kinds.get(f) === k);

/**
 * Seconds a file took in a whole run on this 2-core machine (Vitest's record of 2026-12-02), for a
 * run with no record of its own: `test/slow-files.json`, files of a second or more (a PostgreSQL-only
 * file as it runs with TEST_DATABASE_URL, as in CI: runtime/worker-collect). Only the order
 * of files depends on it, so it may be stale; refresh it from Vitest's record of a whole run,
 * `node_modules/.vite/vitest/<hash>/results.json` (milliseconds).
 */
const SLOW_FILES: Record<string, number> = JSON.parse(readFileSync(join(TEST, 'slow-files.json'), 'utf8'));

/**
 * Longest file first, so that the two workers finish together instead of one running a long file
 * alone at the end. Vitest orders by the last run's durations, which a fresh clone (CI) does not
 * have: it then orders by file size, which started cli/accounts-scan-every (16.6 s, 1.6 KB) 144th of
 * the 156 shared files. Here a file without a duration of its own takes its `SLOW_FILES` one (else
 * 0, and the larger file first among those); files that failed last time still go first. The
 * `isolated` project stays ahead of `shared`, as Vitest has it: a shared worker is only kept for
 * the next file when that file is a shared one too.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const guess = (s: TestSpecification): number => {
      const file = relative(ROOT, s.moduleId);
      const last = this.ctx.cache.getFileTestResults(`${s.project.name}:${file}`);
      const seconds = last?.duration ? last.duration / 1000 : (SLOW_FILES[file] ?? 0);
      return last?.failed ? 1e6 + seconds : seconds;
    };
    const project = (s: TestSpecification) => (s.project.name === 'isolated' ? 0 : 1);
    const size = (s: TestSpecification) =>
      this.ctx.cache.getFileStats(`${s.project.name}:${relative(ROOT, s.moduleId)}`)?.size ?? 0;
    return [...files].sort((a, b) => project(a) - project(b) || guess(b) - guess(a) || size(b) - size(a));
  }
}

export default defineConfig({
  test: {
    // Both cores: Vitest's default leaves one of two idle in `run`.
    maxWorkers: availableParallelism(),
    // V8 compiles WebAssembly (PGlite) with its baseline compiler only: optimising it in the
    // background cost more CPU than it saved in test-sized workloads (whole suite, 2 alternating
    // pairs, idle: 101-104 -> 88-89 CPU-s, Duration 56.6-56.9 -> 48.0-49.7 s). The code run is the same.
    execArgv: ['--liftoff-only'],
    setupFiles: ['test/helpers/setup.ts'],
    sequence: { sequencer: LongestFirst },
    // Transformed modules are kept on disk (node_modules/.experimental-vitest-cache, keyed by each
    // file's content; `vitest --clearCache` empties it): a run transforms only what changed since the
    // last, where each run transformed the app again, once per project. Measured on 6 shared files:
    // the main process busy 4.5-5.3 s instead of 8.6-10.9 s (load average ~11).
    experimental: { fsModuleCache: true },
    // Timeouts catch hangs, not slowness: on a shared 2-core machine a test runs up to 10x slower
    // than idle (load average above 20 seen), so they sit far above any test's idle time. Speed is
    // measured in bench/, never asserted here.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    projects: [
      { extends: true, test: { name: 'isolated', include: of('isolated'), pool: 'forks' } },
      // Unit files too: one pool loading the app once per worker cost 112 CPU-s where shared forks
      // plus unit threads, each loading it, cost 139 (the same 147 files, measured 2026-12-02).
      {
        extends: true,
        test: { name: 'shared', include: [...of('shared'), ...of('unit')], pool: 'forks', isolate: false },
      },
    ],
  },
});
