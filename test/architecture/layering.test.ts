/**
 * The layering of docs/architecture.md, enforced: every import in src/ and tools/ (static, re-export
 * or dynamic, type-only included) must point to a module its layer may use, and the declared graph
 * must itself be one-way (no cycle). SDKs and database drivers are confined to the modules that wrap
 * them. A new folder under src/ fails here until it is given a place in LAYERS (and in the doc).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const FOUNDATION = ['src/log', 'src/errors', 'src/config', 'src/project-root', 'src/data-dir'];
const ANALYSIS = ['src/cloudtrail', 'src/iam', 'src/identity', 'src/posture', 'src/crowdstrike'];
/** The pure account model: analysis may name an account, not reach AWS. */
const ACCOUNT_MODEL = 'src/aws/accounts';

/**
 * Which modules each module may import (its own files are always allowed). A module is `tools`, a
 * folder `src/<name>`, or a top-level file `src/<name>.ts`. An entry may also name one file
 * (`src/aws/accounts`). Keep this table and docs/architecture.md in the same change.
 */
const LAYERS: Record<string, string[]> = {
  // Foundation: errors a person can act on, logging, configuration.
  'src/log': [],
  'src/errors': [],
  'src/config': ['src/errors', 'src/data-dir'],
  'src/project-root': [],
  'src/data-dir': [],
  // One JSON request over fetch, for vendor REST APIs without an SDK here.
  'src/http': [],
  'src/aws': [...FOUNDATION],
  // Pure rendering: Vega-Lite specs from plain data, drawn to SVG/PNG. No project imports.
  'src/charts': [],
  // Pure analysis over normalised records: no I/O, no SDK, no database.
  'src/cloudtrail': [ACCOUNT_MODEL, 'src/errors'],
  'src/iam': [ACCOUNT_MODEL, 'src/errors'],
  'src/identity': ['src/cloudtrail', 'src/iam', ACCOUNT_MODEL, 'src/errors'],
  'src/posture': ['src/identity', 'src/iam', 'src/cloudtrail', ACCOUNT_MODEL, 'src/errors'],
  'src/crowdstrike': ['src/identity', 'src/cloudtrail', ACCOUNT_MODEL, 'src/errors'],
  // Storage: schema and queries; stores what analysis produced.
  'src/db': [...ANALYSIS, 'src/aws', 'src/charts', ...FOUNDATION],
  // The job queue (pg-boss) and the PostgreSQL token bucket workers share.
  'src/queue': [],
  // Readers: implement the analysis ports (live AWS/Okta, or an evidence folder).
  'src/okta': ['src/identity', ...FOUNDATION],
  'src/idp': ['src/identity', 'src/http', ...FOUNDATION],
  'src/falcon': ['src/crowdstrike', 'src/http', ...FOUNDATION],
  'src/sources': [...ANALYSIS, 'src/okta', 'src/idp', 'src/falcon', 'src/aws', ...FOUNDATION],
  // Changes in AWS, only through an approved proposal.
  'src/remediation': ['src/aws', ...FOUNDATION],
  'src/approvals': ['src/remediation', 'src/db', 'src/aws', ...FOUNDATION],
  // Model-facing tools: analysis over the readers the context hands them; never a source, never runtime.
  tools: ['src/approvals', ...ANALYSIS, 'src/db', 'src/aws', ...FOUNDATION],
  // Composition root: builds contexts from sources, runs tools, collects evidence.
  'src/runtime': ['tools', 'src/sources', 'src/queue', ...ANALYSIS, 'src/db', 'src/aws', ...FOUNDATION],
  // Planner: Claude tool-use loop or the offline planner.
  'src/agent': ['src/runtime', 'tools', 'src/db', 'src/aws', ...FOUNDATION],
  // Surfaces: parse, render, call down.
  'src/scheduler': ['src/runtime', 'tools', 'src/db', 'src/aws', 'src/charts', ...FOUNDATION],
  'src/mcp': ['src/runtime', 'tools', 'src/db', 'src/aws', ...FOUNDATION],
  'src/slack': [
    'src/agent',
    'src/scheduler',
    'src/charts',
    'src/approvals',
    'src/runtime',
    'tools',
    'src/db',
    'src/aws',
    ...ANALYSIS,
    ...FOUNDATION,
  ],
  'src/cli': [
    'src/slack',
    'src/mcp',
    'src/scheduler',
    'src/charts',
    'src/agent',
    'src/approvals',
    'src/runtime',
    'src/queue',
    'tools',
    'src/db',
    'src/aws',
    ...ANALYSIS,
    ...FOUNDATION,
  ],
};

/** Packages that wrap a remote service or a database: only these modules may import them. */
const PACKAGES: Record<string, string[]> = {
  '@aws-sdk/': ['src/aws', 'src/sources', 'src/remediation'],
  '@okta/': ['src/okta'],
  '@slack/': ['src/slack'],
  '@anthropic-ai/': ['src/agent', 'src/slack'],
  '@modelcontextprotocol/': ['src/mcp', 'src/cli'],
  'drizzle-orm': ['src/db'],
  postgres: ['src/db'],
  '@electric-sql/': ['src/db'],
  commander: ['src/cli'],
  'pg-boss': ['src/queue'],
  vega: ['src/charts'],
  'vega-lite': ['src/charts'],
  '@resvg/': ['src/charts'],
};

interface ImportEdge {
  /** Importing file, relative to the repository root, e.g. `tools/posture-scan.ts`. */
  from: string;
  /** The specifier as written. */
  spec: string;
  /** Resolved file for a relative import, relative to the root (no extension); undefined for a package. */
  to?: string;
}

function moduleOf(file: string): string {
  const parts = file.replace(/\.ts$/, '').split('/');
  if (parts[0] === 'tools') return 'tools';
  return `src/${parts[1]}`;
}

function allows(entry: string, target: string): boolean {
  return target === entry || target.startsWith(`${entry}/`);
}

/** What is wrong with one import, or undefined when the layering allows it. */
function violation(e: ImportEdge): string | undefined {
  const from = moduleOf(e.from);
  const allowed = LAYERS[from];
  if (!allowed) return `${e.from}: module ${from} has no place in LAYERS`;
  if (e.to === undefined) {
    const rule = Object.entries(PACKAGES).find(
      ([p]) => e.spec === p || e.spec.startsWith(p.endsWith('/') ? p : `${p}/`),
    );
    if (rule && !rule[1].includes(from)) return `${e.from} imports ${e.spec}: only ${rule[1].join(', ')} may`;
    return undefined;
  }
  if (!e.to.startsWith('src/') && !e.to.startsWith('tools/'))
    return `${e.from} imports ${e.spec}, outside src/ and tools/`;
  const to = moduleOf(e.to);
  if (to === from) return undefined;
  if (allowed.some((a) => allows(a, e.to!))) return undefined;
  return `${e.from} imports ${e.spec} (${to}): ${from} may import only ${allowed.join(', ') || 'nothing'}`;
}

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(join(ROOT, rel)).isDirectory()) return tsFiles(rel);
    return name.endsWith('.ts') ? [rel] : [];
  });
}

function resolveRelative(from: string, spec: string): string {
  const base = relative(ROOT, resolve(ROOT, dirname(from), spec)).replace(/\.(js|ts)$/, '');
  for (const candidate of [`${base}.ts`, `${base}/index.ts`]) {
    try {
      if (statSync(join(ROOT, candidate)).isFile()) return candidate.replace(/\.ts$/, '');
    } catch {}
  }
  return base;
}

function importsOf(file: string): ImportEdge[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles.map(({ fileName: spec }) => ({
    from: file,
    spec,
    to: spec.startsWith('.') ? resolveRelative(file, spec) : undefined,
  }));
}

const FILES = [...tsFiles('src'), ...tsFiles('tools')];

describe('layering', () => {
  it('every module under src/ and tools/ has a declared layer', () => {
    const modules = new Set(FILES.map(moduleOf));
    expect([...modules].filter((m) => !LAYERS[m])).toEqual([]);
    // …and the table names no module that no longer exists (except single-file entries).
    const declared = new Set([...Object.keys(LAYERS), ...Object.values(LAYERS).flat()].map((m) => moduleOf(m)));
    expect([...declared].filter((m) => !modules.has(m))).toEqual([]);
  });

  it('the declared layers point one way (no cycle)', () => {
    const done = new Set<string>();
    const onPath: string[] = [];
    const visit = (m: string): void => {
      if (done.has(m)) return;
      if (onPath.includes(m)) throw new Error(`cycle: ${[...onPath, m].join(' -> ')}`);
      onPath.push(m);
      for (const dep of LAYERS[m] ?? []) if (moduleOf(dep) !== m) visit(moduleOf(dep));
      onPath.pop();
      done.add(m);
    };
    for (const m of Object.keys(LAYERS)) visit(m);
    expect(done.size).toBe(Object.keys(LAYERS).length);
  });

  it('every import in src/ and tools/ follows the layers', () => {
    const edges = FILES.flatMap(importsOf);
    expect(edges.length).toBeGreaterThan(500);
    expect(edges.map(violation).filter(Boolean)).toEqual([]);
  });

  it('flags an import against the layers (the check can fail)', () => {
    expect(violation({ from: 'tools/x.ts', spec: '../src/runtime/context', to: 'src/runtime/context' })).toMatch(
      /tools may import only/,
    );
    expect(
      violation({ from: 'tools/x.ts', spec: '../src/sources/live/cloudtrail', to: 'src/sources/live/cloudtrail' }),
    ).toMatch(/src\/sources/);
    expect(violation({ from: 'src/posture/x.ts', spec: '../db/client', to: 'src/db/client' })).toMatch(/src\/db/);
    expect(violation({ from: 'src/posture/x.ts', spec: '../aws/clients', to: 'src/aws/clients' })).toMatch(
      /src\/posture may import only/,
    );
    expect(violation({ from: 'src/posture/x.ts', spec: '../aws/accounts', to: 'src/aws/accounts' })).toBeUndefined();
    expect(violation({ from: 'src/iam/x.ts', spec: '@aws-sdk/client-iam' })).toMatch(/only src\/aws/);
    expect(violation({ from: 'src/newthing/x.ts', spec: '../log', to: 'src/log' })).toMatch(/no place in LAYERS/);
    expect(importsOf('src/runtime/build-context.ts').some((e) => e.to === 'tools/context')).toBe(true);
  });
});
