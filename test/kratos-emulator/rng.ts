/** A small seeded PRNG (mulberry32) so seeds, fault probabilities and ids repeat run after run. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** A random (version 4) UUID drawn from this generator. */
  uuid(): string;
}

// A class, not closures: seeding makes one generator per identity, and per-instance closures cost.
class Mulberry32 implements Rng {
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

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  private word(): string {
    return Math.floor(this.next() * 4294967296)
      .toString(16)
      .padStart(8, '0');
  }

  uuid(): string {
    const a = this.word();
    const b = this.word();
    const c = this.word();
    const d = this.word();
    return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${'89ab'[this.int(4)]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }
}

export const createRng = (seed: number): Rng => new Mulberry32(seed);
