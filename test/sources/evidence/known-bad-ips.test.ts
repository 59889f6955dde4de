import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EVIDENCE_KNOWN_BAD_FILE,
  knownBadForEvidence,
  knownBadFromConfig,
  loadKnownBadIps,
} from '../../../src/sources/evidence/known-bad-ips';

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

describe('known-bad networks over an evidence folder', () => {
  const folder = (text?: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-ev-'));
    if (text !== undefined) writeFileSync(join(dir, EVIDENCE_KNOWN_BAD_FILE), text);
    return dir;
  };

  it("uses the folder's own known-bad-ips.txt when nothing is configured", () => {
    const r = knownBadForEvidence({}, folder('185.220.101.0/24 tor-exit\n'));
    expect(r.list?.entries.map((e) => e.text)).toEqual(['185.220.101.0/24']);
    expect(r.warnings).toEqual([]);
  });

  it('uses the configured list and the folder list together', () => {
    const dir = folder('185.220.101.0/24 tor-exit\n');
    const conf = join(dir, 'mine.txt');
    writeFileSync(conf, '45.9.148.3 incident\n');
    const r = knownBadForEvidence({ TRAILHOUND_KNOWN_BAD_IPS_FILE: conf }, dir);
    expect(r.list?.entries.map((e) => e.text)).toEqual(['45.9.148.3', '185.220.101.0/24']);
    expect(r.list?.name).toBe(`mine.txt + ${EVIDENCE_KNOWN_BAD_FILE}`);
  });

  it('a folder without its own list answers with the configured one only; bad lines are warnings', () => {
    expect(knownBadForEvidence({}, folder())).toEqual({ warnings: [] });
    const r = knownBadForEvidence({}, folder('not-an-ip\n10.0.0.0/8\n'));
    expect(r.list?.entries).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/known-bad-ips\.txt line 1/);
  });

  it('the bundled demo folder carries the Tor exit of its incident', () => {
    const r = knownBadForEvidence({}, join(process.cwd(), 'evidence/demo'));
    expect(r.list?.entries.map((e) => e.text)).toEqual(['185.220.101.0/24']);
  });
});
