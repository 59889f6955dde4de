/**
 * A new embedded data folder starts from the build's template (src/db/template.ts) instead of
 * initdb: it ends up with the same tables and recorded migrations as one made by initdb and every
 * migration. A template keyed by other migrations is never loaded, and a missing or unloadable one
 * falls back to initdb instead of failing.
 *
 * Each PGlite initdb costs seconds of CPU, so the file runs one: the fallback from a template cut short,
 * which is both the claim that such a template ends in a working, migrated database and the
 * initdb-made database a template-made one is compared with. A template refused before PGlite sees
 * it (keyed by other migrations, not a tar) is checked through templateForFolder, the decision
 * openDb takes (undefined: initdb, the same start as that fallback's retry); the marked template is
 * made once.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../../src/db/client';
import { migrationsKey, readTemplate, templateFile, templateForFolder } from '../../src/db/template';
import { migratedDump } from '../helpers/db';

const root = mkdtempSync(join(tmpdir(), 'th-template-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Client = { query<T>(q: string): Promise<{ rows: T[] }> };
const client = (h: DbHandle) => (h.db as unknown as { $client: Client }).$client;

/** Tables of the public and drizzle schemas, and the migrations recorded (hash, when created). */
async function state(h: DbHandle) {
  const c = client(h);
  const tables = (
    await c.query<{ t: string }>(
      "SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema IN ('public', 'drizzle') ORDER BY 1",
    )
  ).rows.map((r) => r.t);
  const migrations = (
    await c.query<{ hash: string; created_at: string }>(
      'SELECT hash, created_at::text FROM drizzle.__drizzle_migrations ORDER BY id',
    )
  ).rows;
  return { tables, migrations };
}

/** The migrated dump with one more table, so a folder shows whether it started from it: made once. */
let marked: Promise<Buffer> | undefined;
function markedTemplate(): Promise<Buffer> {
  marked ??= (async () => {
    const h = await openDb({ dataDir: 'memory://', loadDataDir: await migratedDump() });
    try {
      await client(h).query('CREATE TABLE template_marker (x int)');
      const { $client } = h.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } };
      return Buffer.from(await (await $client.dumpDataDir('none')).arrayBuffer());
    } finally {
      await h.close();
    }
  })();
  return marked;
}

/** A template folder holding the marked template cut short: a real tar header, then the file ends. */
let short: Promise<string> | undefined;
function shortTemplateDir(): Promise<string> {
  short ??= (async () => {
    const dir = join(root, 'short');
    mkdirSync(dir);
    writeFileSync(templateFile(migrationsKey(), dir), (await markedTemplate()).subarray(0, 64 * 1024));
    return dir;
  })();
  return short;
}

/**
 * A new folder opened with the template cut short: PGlite's load fails, the half-written folder is
 * emptied and initdb runs. Its state, read once it opened (the file's one initdb).
 */
let fallback: Promise<Awaited<ReturnType<typeof state>>> | undefined;
function initdbFallback(): Promise<Awaited<ReturnType<typeof state>>> {
  fallback ??= (async () => {
    const h = await openDb({ dataDir: join(root, 'd'), templateDir: await shortTemplateDir() });
    try {
      const s = await state(h);
      // Writable like any other folder.
      await client(h).query("INSERT INTO settings (key, value) VALUES ('template.test', '1')");
      return s;
    } finally {
      await h.close();
    }
  })();
  return fallback;
}

describe('embedded database template', { timeout: 240_000 }, () => {
  it('a new folder starts from the template keyed by the current migrations; one keyed otherwise is ignored (initdb), with the same tables and migrations', async () => {
    const marked = await markedTemplate();
    const current = join(root, 'current');
    const other = join(root, 'other');
    mkdirSync(current);
    mkdirSync(other);
    writeFileSync(templateFile(migrationsKey(), current), marked);
    // Only a template of other migrations: for these migrations there is none.
    writeFileSync(templateFile('0123456789abcdef', other), marked);
    expect(templateFile('0123456789abcdef', other)).not.toBe(templateFile(migrationsKey(), other));
    // A loadable template, refused only for its key: a new folder gets none (openDb runs initdb).
    expect(await readTemplate(templateFile('0123456789abcdef', other))).toBeInstanceOf(Blob);
    expect(await templateForFolder(join(root, 'b'), other)).toBeUndefined();
    expect(await templateForFolder(join(root, 'b'), current)).toBeInstanceOf(Blob);

    const fromTemplate = await openDb({ dataDir: join(root, 'a'), templateDir: current });
    try {
      const a = await state(fromTemplate);
      // A database made by initdb and every migration (the fallback's; no template loaded there).
      const b = await initdbFallback();
      expect(a.tables).toContain('public.template_marker');
      expect(b.tables).not.toContain('public.template_marker');
      expect(a.tables.filter((t) => t !== 'public.template_marker')).toEqual(b.tables);
      expect(b.tables).toEqual(
        expect.arrayContaining(['public.settings', 'public.accounts', 'drizzle.__drizzle_migrations']),
      );
      expect(a.migrations).toEqual(b.migrations);
      expect(a.migrations.length).toBeGreaterThanOrEqual(6);
      // Writable like any other folder.
      await client(fromTemplate).query('INSERT INTO template_marker VALUES (1)');
    } finally {
      await fromTemplate.close();
    }
    // Opened again: an existing folder never loads a template (it would throw "Database already exists").
    expect(await templateForFolder(join(root, 'a'), current)).toBeUndefined();
    const again = await openDb({ dataDir: join(root, 'a'), templateDir: current });
    try {
      expect(
        (await client(again).query<{ n: number }>('SELECT count(*)::int AS n FROM template_marker')).rows[0]!.n,
      ).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('a damaged template is never loaded: a file that is not a tar is refused, one cut short falls back to initdb and opens migrated', async () => {
    const bad = join(root, 'bad');
    mkdirSync(bad);
    // Not a tar: refused before PGlite sees it (it would try to gunzip it and end the process), so
    // openDb takes the no-template path (initdb) for a new folder.
    writeFileSync(templateFile(migrationsKey(), bad), 'not a tar file at all'.repeat(100));
    expect(await readTemplate(templateFile(migrationsKey(), bad))).toBeUndefined();
    expect(await templateForFolder(join(root, 'e'), bad)).toBeUndefined();
    // A real tar header, then the file ends: PGlite's load fails and the half-written folder is redone.
    const short = await shortTemplateDir();
    expect(await readTemplate(templateFile(migrationsKey(), short))).toBeInstanceOf(Blob);
    expect(await templateForFolder(join(root, 'd2'), short)).toBeInstanceOf(Blob);
    // A folder that already held something (not a database) is never emptied to retry: the error stands.
    const used = join(root, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'notes.txt'), 'keep me');
    await expect(openDb({ dataDir: used, templateDir: short })).rejects.toThrow();
    expect(readFileSync(join(used, 'notes.txt'), 'utf8')).toBe('keep me');
    const s = await initdbFallback();
    expect(s.tables).not.toContain('public.template_marker');
    expect(s.tables).toEqual(
      expect.arrayContaining(['public.settings', 'public.accounts', 'drizzle.__drizzle_migrations']),
    );
    expect(s.migrations.length).toBeGreaterThanOrEqual(6);
  });
});
