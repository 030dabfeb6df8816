/**
 * A small seeded PRNG (mulberry32), so every fuzz run and every generated data set can be
 * replayed from its seed.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [0, max). */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  /** A whole number in [min, maxInclusive]. */
  between(min: number, maxInclusive: number): number {
    return min + this.int(maxInclusive - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** Up to `max` distinct items, in the order first picked. */
  some<T>(items: readonly T[], max: number): T[] {
    const out = new Set<T>();
    const n = this.between(0, max);
    for (let i = 0; i < n; i++) out.add(this.pick(items));
    return [...out];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A string of `length` characters (code points) drawn from `alphabet`. */
  text(length: number, alphabet: string): string {
    const points = Array.from(alphabet);
    let out = '';
    for (let i = 0; i < length; i++) out += points[this.int(points.length)];
    return out;
  }
}
