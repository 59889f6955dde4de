/** A fixed-size bit set over the action catalog's indexes (pure, allocation-light). */
export class Bitset {
  protected readonly w: Uint32Array;
  constructor(
    readonly size: number,
    words?: Uint32Array,
  ) {
    this.w = words ?? new Uint32Array((size + 31) >>> 5);
  }
  /** The bits, 32 per word (a SparseBitset builds them on each read: read them once per operation). */
  get words(): Uint32Array {
    return this.w;
  }
  static full(size: number): Bitset {
    const b = new Bitset(size);
    b.w.fill(0xffffffff);
    const extra = b.w.length * 32 - size;
    if (extra > 0) b.w[b.w.length - 1] = 0xffffffff >>> extra;
    return b;
  }
  clone(): Bitset {
    return new Bitset(this.size, this.w.slice());
  }
  add(i: number): void {
    this.w[i >>> 5]! |= 1 << (i & 31);
  }
  addRange(from: number, to: number): void {
    for (let i = from; i < to; i++) this.w[i >>> 5]! |= 1 << (i & 31);
  }
  has(i: number): boolean {
    return (this.w[i >>> 5]! & (1 << (i & 31))) !== 0;
  }
  /** this |= o */
  or(o: Bitset): this {
    if (o instanceof SparseBitset) {
      for (const i of o.members) this.w[i >>> 5]! |= 1 << (i & 31);
      return this;
    }
    const a = this.w,
      b = o.words;
    for (let i = 0; i < a.length; i++) a[i]! |= b[i]!;
    return this;
  }
  /** this &= o */
  and(o: Bitset): this {
    const a = this.w,
      b = o.words;
    for (let i = 0; i < a.length; i++) a[i]! &= b[i]!;
    return this;
  }
  /** this &= ~o */
  andNot(o: Bitset): this {
    const a = this.w,
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
    const x = this.words;
    for (let i = from; i < to; i++) if (x[i >>> 5]! & (1 << (i & 31))) n++;
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

const NO_WORDS = new Uint32Array(0);

/**
 * A read-only set of few members (a statement naming specific actions), kept as its sorted member
 * indexes instead of one bit per catalog action (2.7 KB): a 10,000-role account has tens of
 * thousands of such statements. Reads answer from the members; `words` is built on each read.
 */
export class SparseBitset extends Bitset {
  /** Up to this many members a set is kept sparse (2 bytes each against 2.7 KB of words). */
  static readonly MAX = 256;
  private constructor(
    size: number,
    readonly members: Uint16Array | Uint32Array,
  ) {
    super(size, NO_WORDS);
  }
  /** `b` as a SparseBitset when it has at most MAX members, else `b` itself. */
  static compact(b: Bitset): Bitset {
    if (b instanceof SparseBitset) return b;
    const m = b.membersWith(SparseBitset.MAX + 1);
    if (m.length > SparseBitset.MAX) return b;
    return new SparseBitset(b.size, b.size <= 0x10000 ? Uint16Array.from(m) : Uint32Array.from(m));
  }
  override get words(): Uint32Array {
    const w = new Uint32Array((this.size + 31) >>> 5);
    for (const i of this.members) w[i >>> 5]! |= 1 << (i & 31);
    return w;
  }
  override has(i: number): boolean {
    const m = this.members;
    let lo = 0,
      hi = m.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (m[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    return lo < m.length && m[lo] === i;
  }
  override isEmpty(): boolean {
    return this.members.length === 0;
  }
  override count(): number {
    return this.members.length;
  }
  override intersects(a: Bitset, b?: Bitset): boolean {
    for (const i of this.members) if (a.has(i) && (!b || b.has(i))) return true;
    return false;
  }
  override clone(): Bitset {
    return new Bitset(this.size, this.words);
  }
  override *[Symbol.iterator](): Generator<number> {
    yield* this.members;
  }
  override or(): this {
    throw new Error('SparseBitset is read-only');
  }
  override and(): this {
    throw new Error('SparseBitset is read-only');
  }
  override andNot(): this {
    throw new Error('SparseBitset is read-only');
  }
  override add(): void {
    throw new Error('SparseBitset is read-only');
  }
  override addRange(): void {
    throw new Error('SparseBitset is read-only');
  }
}
