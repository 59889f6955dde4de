/**
 * The whole-file pre-filter (positions found once per text piece) must keep exactly the records a
 * full parse would keep: every record holding the key or an address in the CIDR, including ones
 * written with \u escapes, records that straddle a piece boundary, and counts of every entry.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ipMatcher, sourceIpTextPositions } from '../../../src/cloudtrail/ip-match';
import type { CloudTrailRecord } from '../../../src/cloudtrail/record';
import {
  newTrailReadStats,
  occurrences,
  type TrailReadOptions,
  trailRecords,
  wholeTextFilter,
} from '../../../src/sources/evidence/trail-records';

const KEY = 'AKIAIOSFODNN7EXAMPLE';

function record(i: number): Record<string, unknown> {
  const hit = i % 37 === 0;
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', accessKeyId: hit ? KEY : `AKIA${String(i).padStart(16, '0')}` },
    eventTime: new Date(Date.UTC(2026, 10, 20, 0, 0, i)).toISOString(),
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: 'us-east-1',
    sourceIPAddress: i % 41 === 0 ? `203.0.113.${i % 250}` : `198.51.100.${i % 250}`,
    // Padding so that records straddle the 64 KiB text pieces.
    requestParameters: { bucketName: `b-${'x'.repeat(200 + (i % 300))}`, note: 'a}],{["Records' },
    eventID: `id-${i}`,
  };
}

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'th-prefilter-'));
  const recs = Array.from({ length: 1500 }, (_, i) => record(i));
  let text = JSON.stringify({ Records: recs });
  // One record names the key and one the address only through \u escapes.
  text = text.replace('"id-5"}', `"id-5","extra":"\\u0041KIAIOSFODNN7EXAMPLE"}`);
  text = text.replace('"AKIA0000000000000006"', `"\\u0041KIAIOSFODNN7EXAMPLE"`);
  writeFileSync(join(dir, 'cloudtrail-a.json.gz'), gzipSync(text));
  writeFileSync(join(dir, 'cloudtrail-b.json'), JSON.stringify({ Records: recs.slice(0, 300) }));
  return dir;
}

async function read(dir: string, opts: TrailReadOptions): Promise<{ ids: string[]; entries: number }> {
  const stats = newTrailReadStats();
  const ids: string[] = [];
  for await (const r of trailRecords(dir, stats, opts)) ids.push(r.eventID ?? '');
  return { ids: ids.sort(), entries: stats.records };
}

const hasKey = (r: CloudTrailRecord) => r.userIdentity?.accessKeyId === KEY;

describe('whole-file pre-filter', () => {
  const dir = folder();

  it('keeps every record a full parse would find for an access key, and counts every entry', async () => {
    const all = await read(dir, {});
    const filtered = await read(dir, { mustContain: KEY });
    const stats = newTrailReadStats();
    const want: string[] = [];
    for await (const r of trailRecords(dir, stats)) if (hasKey(r)) want.push(r.eventID ?? '');
    expect(want).toContain('id-6'); // written with a \u escape
    for (const id of want) expect(filtered.ids).toContain(id);
    expect(filtered.entries).toBe(all.entries);
    expect(all.entries).toBe(1800);
    expect(filtered.ids.length).toBeLessThan(all.ids.length / 10);
  });

  it('keeps every record whose source address is in the CIDR', async () => {
    const spec = '203.0.113.0/24';
    const m = ipMatcher(spec);
    const all = await read(dir, {});
    const stats = newTrailReadStats();
    const want: string[] = [];
    for await (const r of trailRecords(dir, stats)) if (m(r.sourceIPAddress ?? '')) want.push(r.eventID ?? '');
    expect(want.length).toBeGreaterThan(30);
    const filtered = await read(dir, { mayMatchAt: sourceIpTextPositions(spec) });
    for (const id of want) expect(filtered.ids).toContain(id);
    expect(filtered.entries).toBe(all.entries);
    expect(filtered.ids.length).toBeLessThan(all.ids.length / 5);
  });

  it('tests element ranges against positions found once, an escape always counting as a hit', () => {
    const text = '[{"k":"no"},{"k":"AKIAIOSFODNN7EXAMPLE"},{"k":"\\u0041"},{"k":"no"}]';
    const ranges = [
      [1, 11],
      [12, 40],
      [41, 55],
      [56, 66],
    ] as const;
    const f = wholeTextFilter(text, { mustContain: KEY })!;
    expect(ranges.map(([s, e]) => f(s, e))).toEqual([false, true, true, false]);
    expect(occurrences('abcabcab', 'ab')).toEqual([0, 3, 6]);
    expect(wholeTextFilter(text, {})).toBeNull();
  });
});
