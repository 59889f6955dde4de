import { describe, expect, it } from 'vitest';
import { Bitset, SparseBitset } from '../../src/iam/bitset';

const SIZE = 22_000;
function dense(members: number[]): Bitset {
  const b = new Bitset(SIZE);
  for (const i of members) b.add(i);
  return b;
}

describe('SparseBitset', () => {
  const members = [0, 31, 32, 4095, 12_345, 21_999];
  const d = dense(members);
  const s = SparseBitset.compact(d);

  it('keeps a set of few members as its member indexes and answers like the dense set', () => {
    expect(s).toBeInstanceOf(SparseBitset);
    for (const i of [...members, 1, 30, 33, 12_344, 21_998]) expect(s.has(i)).toBe(d.has(i));
    expect(s.count()).toBe(6);
    expect([...s]).toEqual(members);
    expect(Array.from(s.words)).toEqual(Array.from(d.words));
    expect(s.isEmpty()).toBe(false);
    expect(SparseBitset.compact(new Bitset(SIZE)).isEmpty()).toBe(true);
  });

  it('combines with dense sets as the dense set does', () => {
    const other = dense([31, 500, 21_999]);
    expect(new Bitset(SIZE).or(s).count()).toBe(6);
    expect(other.clone().and(s).count()).toBe(2);
    expect(other.clone().andNot(s).count()).toBe(1);
    expect(s.intersects(other)).toBe(true);
    expect(s.intersects(other, dense([500]))).toBe(false);
    expect(other.countWith(s)).toBe(2);
    expect(other.membersWith(10, undefined, s)).toEqual([500]);
    expect(s.not().count()).toBe(SIZE - 6);
    const c = s.clone();
    c.add(7);
    expect(c.count()).toBe(7);
    expect(s.count()).toBe(6);
  });

  it('stays dense over MAX members, and refuses to be changed', () => {
    const many = dense(Array.from({ length: SparseBitset.MAX + 1 }, (_, i) => i * 3));
    expect(SparseBitset.compact(many)).toBe(many);
    expect(() => s.or(d)).toThrow(/read-only/);
    expect(() => s.add(1)).toThrow(/read-only/);
  });
});
