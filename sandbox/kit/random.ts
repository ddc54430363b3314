/**
 * Seeded, deterministic randomness. Every generated answer is a pure function of the sandbox
 * seed and the input string, so the same request always gets the same data — tests can
 * predict outcomes and a dry run is repeatable.
 */

/** 32-bit FNV-1a, enough to spread short strings over the PRNG's seed space. */
export function hash32(input: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast, good enough for fake data (not for anything secret). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next01: () => number;

  constructor(seed: number, ...parts: string[]) {
    this.next01 = mulberry32(hash32(`${seed}\u0000${parts.join('\u0000')}`));
  }

  float(): number {
    return this.next01();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next01() * (max - min + 1));
  }

  bool(probability = 0.5): boolean {
    return this.next01() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next01() * items.length)] as T;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length)
      out += Math.floor(this.next01() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, length);
  }

  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(Math.floor(this.next01() * 10));
    return out;
  }

  /** Fisher–Yates on a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next01() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

/** A sequence of ids that is the same on every run with the same seed (ids in logs and demos stay stable). */
export class IdSource {
  private readonly rng: Rng;

  constructor(seed: number, label: string) {
    this.rng = new Rng(seed, 'ids', label);
  }

  hex(length = 24): string {
    return this.rng.hex(length);
  }
}
