/**
 * `npm run eval`: every case through the offline planner (always), every recorded fixture replayed
 * at the HTTP level, and every case through Claude when ANTHROPIC_API_KEY is set. Prints a table per
 * mode, writes JSON to evals/results/, and fails (exit 1) when the offline run regresses against
 * evals/baseline.json or a replay fails. Exit 2 for usage errors.
 *
 *   npm run eval [-- --case ID] [--model NAME] [--record] [--offline-only] [--update-baseline] [--json FILE]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config';
import { openDb } from '../src/db/client';
import { type Baseline, compareWithBaseline, toBaseline } from './baseline';
import { loadCases } from './case-schema';
import { countingFetch, type Exchange, loadFixtures, recordingFetch } from './exchanges';
import { type CaseRun, formatTable, replayFixture, runCase } from './runner';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const BASELINE = join(HERE, 'baseline.json');
const FIXTURES = join(HERE, 'fixtures');

function usage(msg: string): never {
  console.error(
    `eval: ${msg}\nusage: npm run eval -- [--case ID] [--model NAME] [--record] [--offline-only] [--update-baseline] [--json FILE]`,
  );
  process.exit(2);
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      options: {
        case: { type: 'string', multiple: true },
        model: { type: 'string' },
        record: { type: 'boolean', default: false },
        'offline-only': { type: 'boolean', default: false },
        'update-baseline': { type: 'boolean', default: false },
        json: { type: 'string' },
        verbose: { type: 'boolean', short: 'v', default: false },
      },
      allowPositionals: false,
    });
  }
  try {
    args = parse();
  } catch (err) {
    usage((err as Error).message);
  }
  const o = args.values;
  const key = process.env.ANTHROPIC_API_KEY;
  if ((o.record || o.model) && !key)
    usage('--model and --record need ANTHROPIC_API_KEY (the offline run needs no key)');
  if (o['update-baseline'] && o.case) usage('--update-baseline runs every case; drop --case');

  const all = loadCases(join(HERE, 'cases'));
  const picked = o.case?.length ? all.filter((c) => o.case!.some((p) => c.id.includes(p))) : all;
  if (!picked.length) usage(`no case matches ${o.case!.join(', ')}`);

  const handle = await openDb({ dataDir: 'memory://' });
  const results: Record<string, unknown> = { startedAt: new Date().toISOString(), cases: picked.length };
  let failed = false;
  try {
    // 1. Offline planner (no key, whatever the environment says).
    const offlineConfig = parseConfig({});
    const offline: CaseRun[] = [];
    for (const c of picked) {
      const { turnsRaw, ...r } = await runCase(c, { root: ROOT, db: handle.db, config: offlineConfig }, 'offline');
      offline.push(r);
      if (o.verbose) console.log(`\n## ${c.id}\n${r.answers.join('\n---\n')}`);
    }
    console.log(formatTable(offline, `\nOffline planner — ${picked.length} case(s)`));
    results.offline = offline;

    if (o['update-baseline']) {
      writeFileSync(BASELINE, `${JSON.stringify(toBaseline(offline.map((r) => r.score)), null, 2)}\n`);
      console.log(`\nBaseline written: ${BASELINE}`);
    } else {
      const base = JSON.parse(readFileSync(BASELINE, 'utf8')) as Baseline;
      const cmp = compareWithBaseline(
        offline.map((r) => r.score),
        base,
      );
      const notes = o.case ? cmp.notes.filter((n) => !n.includes('no longer a case')) : cmp.notes;
      for (const n of notes) console.log(`note: ${n}`);
      for (const n of cmp.improvements) console.log(`improved: ${n}`);
      for (const n of cmp.regressions) console.log(`REGRESSION: ${n}`);
      if (cmp.improvements.length || notes.length)
        console.log('Refresh the baseline after a deliberate change: npm run eval -- --update-baseline');
      if (cmp.regressions.length) failed = true;
      results.baseline = cmp;
    }

    // 2. Recorded Claude runs, replayed at the HTTP level.
    const fixtures = loadFixtures(FIXTURES).filter(({ fixture }) => picked.some((c) => c.id === fixture.case));
    if (fixtures.length) {
      // Nothing leaves the machine during replays: an unrecorded request fails instead of reaching the API.
      const { default: nock } = await import('nock');
      nock.disableNetConnect();
      const replays: CaseRun[] = [];
      for (const { file, fixture } of fixtures) {
        const c = picked.find((x) => x.id === fixture.case)!;
        const r = await replayFixture(c, fixture, {
          root: ROOT,
          db: handle.db,
          config: parseConfig({ ANTHROPIC_API_KEY: 'sk-ant-replay' }),
        });
        replays.push({ ...r, id: `${r.id} (${file}${fixture.synthetic ? ', synthetic' : ''})` });
      }
      nock.enableNetConnect();
      nock.restore();
      console.log(formatTable(replays, `\nRecorded Claude runs replayed with nock — ${replays.length} fixture(s)`));
      if (replays.some((r) => !r.score.pass)) {
        console.log('REGRESSION: a replayed fixture fails (see drift above)');
        failed = true;
      }
      results.replay = replays;
    }

    // 3. Claude, when a key is present.
    if (key && !o['offline-only']) {
      const { default: Anthropic } = await import('@anthropic-ai/sdk');
      const config = parseConfig({ ...process.env, ...(o.model ? { ANTHROPIC_MODEL: o.model } : {}) } as Record<
        string,
        string
      >);
      const claude: CaseRun[] = [];
      for (const c of picked) {
        const exchanges: Exchange[] = [];
        const requests = { n: 0 };
        const client = new Anthropic({
          apiKey: key,
          maxRetries: 2,
          fetch: countingFetch(requests, o.record ? recordingFetch(exchanges) : globalThis.fetch),
        });
        const { turnsRaw, ...r } = await runCase(
          c,
          { root: ROOT, db: handle.db, config, client, requests, model: config.ANTHROPIC_MODEL },
          'claude',
        );
        claude.push(r);
        if (o.record && exchanges.length) {
          mkdirSync(FIXTURES, { recursive: true });
          const file = join(FIXTURES, `${c.id}.${config.ANTHROPIC_MODEL.replace(/[^\w.-]/g, '_')}.json`);
          const fixture = {
            case: c.id,
            model: config.ANTHROPIC_MODEL,
            synthetic: false,
            source: 'recorded by npm run eval -- --record',
            recordedAt: new Date().toISOString(),
            exchanges,
          };
          writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
        }
      }
      console.log(formatTable(claude, `\nClaude (${config.ANTHROPIC_MODEL}) — ${picked.length} case(s)`));
      results.claude = claude;
    } else if (!key)
      console.log(
        '\nClaude: skipped (set ANTHROPIC_API_KEY to run every case through the model; --model to choose it).',
      );
  } finally {
    await handle.close();
  }
  const out = resolve(o.json ?? join(HERE, 'results', 'latest.json'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nResults: ${out}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`eval: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
