import { describe, expect, it } from 'vitest';
import { jsonArrayElements, JsonShapeError } from '../../../src/sources/evidence/json-records';

async function* chunks(s: string, size: number) {
  const b = Buffer.from(s, 'utf8');
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}
async function all(s: string, size: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const t of jsonArrayElements(chunks(s, size))) out.push(JSON.parse(t));
  return out;
}

const tricky = { eventName: 'X', userAgent: 'a"}]{[\\ "Records":[ é€😀', n: [1, { m: '}' }] };

describe('streaming records splitter', () => {
  const cases: [string, string, unknown[]][] = [
    [
      'S3 delivery {"Records":[…]}',
      JSON.stringify({ Records: [tricky, { eventName: 'Y' }] }),
      [tricky, { eventName: 'Y' }],
    ],
    ['bare array', JSON.stringify([tricky, { eventName: 'Y' }]), [tricky, { eventName: 'Y' }]],
    [
      'lookup-events {"Events":[…],"NextToken"}',
      JSON.stringify({ Events: [{ CloudTrailEvent: JSON.stringify(tricky) }], NextToken: 'x' }),
      [{ CloudTrailEvent: JSON.stringify(tricky) }],
    ],
    ['a single record', JSON.stringify(tricky), [tricky]],
    [
      'concatenated objects',
      `${JSON.stringify({ eventName: 'A' })}\n${JSON.stringify({ eventName: 'B' })}`,
      [{ eventName: 'A' }, { eventName: 'B' }],
    ],
    [
      'a nested "Records" key is not the records array',
      JSON.stringify({ meta: { Records: [{ no: 1 }] }, Records: [{ yes: 1 }] }),
      [{ yes: 1 }],
    ],
    ['an empty Records array', '{"Records":[]}', []],
  ];
  for (const [name, text, expected] of cases)
    it(`${name}, whatever the chunk boundaries`, async () => {
      for (const size of [1, 2, 3, 7, 64, 1 << 16]) expect(await all(text, size)).toEqual(expected);
    });

  it('reports a truncated file', async () => {
    await expect(all('{"Records":[{"a":1},{"b":', 4)).rejects.toThrow(JsonShapeError);
  });
});
