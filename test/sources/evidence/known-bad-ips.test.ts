import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownBadFromConfig, loadKnownBadIps } from '../../../src/sources/evidence/known-bad-ips';

describe('known-bad IP file', () => {
  it('loads the shipped example list', () => {
    const l = loadKnownBadIps(join(process.cwd(), 'data/known-bad-ips.example.txt'));
    expect(l.list.entries.map((e) => e.text)).toEqual(['185.220.101.0/24']);
    expect(l.warnings).toEqual([]);
  });
  it('reloads when the file changes and warns about bad lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    const p = join(dir, 'bad.txt');
    writeFileSync(p, '1.2.3.4\n');
    expect(loadKnownBadIps(p).list.entries).toHaveLength(1);
    writeFileSync(p, '1.2.3.4\n5.6.7.0/24\nnope and more\n');
    const l = loadKnownBadIps(p);
    expect(l.list.entries).toHaveLength(2);
    expect(l.warnings[0]).toContain('line 3');
  });
  it('a missing file is a warning that says what to do, not a crash', () => {
    const r = knownBadFromConfig({ TRAILHOUND_KNOWN_BAD_IPS_FILE: '/nonexistent/bad.txt' });
    expect(r.list).toBeUndefined();
    expect(r.warnings[0]).toMatch(/does not exist.*one IP or CIDR per line/);
    expect(knownBadFromConfig({})).toEqual({ warnings: [] });
  });
});
