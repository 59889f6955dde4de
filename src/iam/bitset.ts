/** A fixed-size bit set over the action catalog's indexes (pure, allocation-light). */
export class Bitset {
  readonly words: Uint32Array;
  constructor(
    readonly size: number,
    words?: Uint32Array,
  ) {
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }
  static full(size: number): Bitset {
    const b = new Bitset(size);
    b.words.fill(0xffffffff);
    const extra = b.words.length * 32 - size;
    if (extra > 0) b.words[b.words.length - 1] = 0xffffffff >>> extra;
    return b;
  }
  clone(): Bitset {
    return new Bitset(this.size, this.words.slice());
  }
  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }
  addRange(from: number, to: number): void {
    for (let i = from; i < to; i++) this.words[i >>> 5]! |= 1 << (i & 31);
  }
  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }
  /** this |= o */
  or(o: Bitset): this {
    const a = this.words,
      b = o.words;
    for (let i = 0; i < a.length; i++) a[i]! |= b[i]!;
    return this;
  }
  /** this &= o */
  and(o: Bitset): this {
    const a = this.words,
      b = o.words;
    for (let i = 0; i < a.length; i++) a[i]! &= b[i]!;
    return this;
  }
  /** this &= ~o */
  andNot(o: Bitset): this {
    const a = this.words,
      b = o.words;
    for (let i = 0; i < a.length; i++) a[i]! &= ~b[i]!;
    return this;
  }
  /** The complement within [0, size). */
  not(): Bitset {
    const out = Bitset.full(this.size);
    return out.andNot(this);
  }
  isEmpty(): boolean {
    for (const w of this.words) if (w !== 0) return false;
    return true;
  }
  count(): number {
    let n = 0;
    for (let w of this.words) {
      w = w - ((w >>> 1) & 0x55555555);
      w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
      n += (((w + (w >>> 4)) & 0xf0f0f0f) * 0x1010101) >>> 24;
    }
    return n;
  }
  /** Count of members in [from, to). */
  countRange(from: number, to: number): number {
    let n = 0;
    for (let i = from; i < to; i++) if (this.words[i >>> 5]! & (1 << (i & 31))) n++;
    return n;
  }
  /** |this ∧ a ∧ ¬not| without allocating (`a`, `not` optional). */
  countWith(a?: Bitset, not?: Bitset): number {
    let n = 0;
    const x = this.words,
      y = a?.words,
      z = not?.words;
    for (let i = 0; i < x.length; i++) {
      let w = x[i]!;
      if (y) w &= y[i]!;
      if (z) w &= ~z[i]!;
      if (w === 0) continue;
      w = w - ((w >>> 1) & 0x55555555);
      w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
      n += (((w + (w >>> 4)) & 0xf0f0f0f) * 0x1010101) >>> 24;
    }
    return n;
  }
  /** Whether this ∧ a (∧ b) has any member, without allocating. */
  intersects(a: Bitset, b?: Bitset): boolean {
    const x = this.words,
      y = a.words,
      z = b?.words;
    for (let i = 0; i < x.length; i++) if ((x[i]! & y[i]! & (z ? z[i]! : 0xffffffff)) !== 0) return true;
    return false;
  }
  /** The first `limit` members of this ∧ a ∧ ¬not, ascending, without allocating a set. */
  membersWith(limit: number, a?: Bitset, not?: Bitset): number[] {
    const out: number[] = [];
    const x = this.words,
      y = a?.words,
      z = not?.words;
    for (let i = 0; i < x.length && out.length < limit; i++) {
      let w = x[i]!;
      if (y) w &= y[i]!;
      if (z) w &= ~z[i]!;
      while (w !== 0 && out.length < limit) {
        const t = w & -w;
        out.push((i << 5) + (31 - Math.clz32(t)));
        w ^= t;
      }
    }
    return out;
  }
  *[Symbol.iterator](): Generator<number> {
    const a = this.words;
    for (let wi = 0; wi < a.length; wi++) {
      let w = a[wi]!;
      while (w !== 0) {
        const t = w & -w;
        yield (wi << 5) + (31 - Math.clz32(t));
        w ^= t;
      }
    }
  }
}
