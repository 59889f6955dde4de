/** The stand-ins the build gives SDK imports: the package loads on first use and behaves as itself. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { lazyExport } from '../../bin/lazy-export.mjs';

const dir = mkdtempSync(join(tmpdir(), 'th-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'node_modules', 'fake-sdk'), { recursive: true });
// Each load of the package appends a line to a file of its own: no global the next file could see.
const loadsFile = join(dir, 'loads.txt');
const loads = () => (existsSync(loadsFile) ? readFileSync(loadsFile, 'utf8').split('\n').length - 1 : 0);
writeFileSync(
  join(dir, 'node_modules', 'fake-sdk', 'index.js'),
  `'use strict';
require('node:fs').appendFileSync(${JSON.stringify(loadsFile)}, 'loaded\\n');
class FakeClient { constructor(c) { this.config = c; } send(x) { return 'sent ' + x.name; } static kind = 'client'; }
class NotFound extends Error { constructor(m) { super(m); this.name = 'NotFound'; } }
function paginate(n) { return [n, this === undefined]; }
module.exports = { FakeClient, NotFound, paginate };`,
);
const from = pathToFileURL(join(dir, 'index.mjs')).href;

describe('lazyExport', () => {
  it('loads the package only when an export is used, once', () => {
    const Client = lazyExport(from, 'fake-sdk', 'FakeClient');
    const NotFound = lazyExport(from, 'fake-sdk', 'NotFound');
    expect(loads()).toBe(0);
    const c = new Client({ region: 'eu-west-1' });
    expect(loads()).toBe(1);
    expect(c.config.region).toBe('eu-west-1');
    expect(c.send({ name: 'x' })).toBe('sent x');
    expect(c instanceof Client).toBe(true);
    expect(Client.name).toBe('FakeClient');
    expect(Client.kind).toBe('client');
    const e = new NotFound('gone');
    expect(e instanceof NotFound && e instanceof Error).toBe(true);
    expect(e.name).toBe('NotFound');
    expect(loads()).toBe(1);
  });

  it('calls functions and lets classes be extended', () => {
    const paginate = lazyExport(from, 'fake-sdk', 'paginate');
    expect(paginate(3)).toEqual([3, true]);
    const Client = lazyExport(from, 'fake-sdk', 'FakeClient') as new (c: string) => { config: string };
    class Mine extends Client {
      hello() {
        return `hi ${this.config}`;
      }
    }
    const m = new Mine('cfg');
    expect(m.hello()).toBe('hi cfg');
    expect(m instanceof Client && m instanceof Mine).toBe(true);
  });

  it('says which export is not a function or class', () => {
    const missing = lazyExport(from, 'fake-sdk', 'Nope');
    expect(() => new missing()).toThrow(/fake-sdk export Nope is not a function or class/);
  });
});
