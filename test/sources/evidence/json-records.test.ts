import { describe, expect, it } from 'vitest';
import {
  type ElementInfo,
  forEachJsonElement,
  jsonArrayElements,
  JsonShapeError,
} from '../../../src/sources/evidence/json-records';

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

describe('whole-text splitter (ranges, no slicing)', () => {
  it('finds the same elements as the streaming splitter, with their depth', async () => {
    const texts = [
      JSON.stringify({ Records: [tricky, { eventName: 'Y', deep: [[[{}]]] }, 'str', 7, null, true, []] }),
      JSON.stringify([tricky, { a: '\\"}' }]),
      `${JSON.stringify({ eventName: 'A' })} ${JSON.stringify({ Records: [{ b: 1 }] })}`,
    ];
    for (const text of texts) {
      const ranges: [number, number, number][] = [];
      forEachJsonElement(text, (s, e, d) => ranges.push([s, e, d]));
      const info: ElementInfo = { depth: 0 };
      const streamed: [string, number][] = [];
      for await (const t of jsonArrayElements(chunks(text, 5), info)) streamed.push([t, info.depth]);
      expect(ranges.map(([s, e, d]) => [s === -1 ? 'null' : text.slice(s, e), d])).toEqual(streamed);
    }
  });

  it('reports a string, number or literal where a record should be as a non-object of depth 0', () => {
    const seen: [number, number][] = [];
    forEachJsonElement('{"Records":[ "x" , 12.5e3,true,{"a":[1,{"b":2}]} ]}', (s, _e, d) => seen.push([s, d]));
    expect(seen).toEqual([
      [-1, 0],
      [-1, 0],
      [-1, 0],
      [31, 3],
    ]);
  });

  it('hands over the elements before a fault, then throws', () => {
    const got: string[] = [];
    const text = '{"Records":[{"a":1},{"b":2},{"c":';
    expect(() => forEachJsonElement(text, (s, e) => got.push(text.slice(s, e)))).toThrow(JsonShapeError);
    expect(got).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('keeps a backslash at a chunk boundary from ending the string', async () => {
    const text = JSON.stringify({ Records: [{ a: 'x\\"]}' }, { b: 1 }] });
    for (let size = 1; size < 12; size++) expect((await all(text, size)).length).toBe(2);
  });
});
