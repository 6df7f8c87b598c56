/**
 * A set of strings kept as 64-bit hashes in an open-addressing table of typed arrays: 16 bytes a member at most, so a
 * log of ten million messages counts them once each in about 160 MB rather than a gigabyte of strings. Two different
 * strings share a hash with a probability of about n² / 2^65 (under one in 10^5 for ten million members).
 */

const INITIAL_CAPACITY = 1 << 12;

/** Two independent 32-bit FNV-1a hashes of `text`, neither zero (zero marks an empty slot). */
function hashes(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [(a >>> 0) || 1, (b >>> 0) || 1];
}

/** Strings seen, by hash: `add` says whether a string is new. */
export class HashedStringSet {
  private high = new Uint32Array(INITIAL_CAPACITY);
  private low = new Uint32Array(INITIAL_CAPACITY);
  private count = 0;

  /** Members so far. */
  get size(): number {
    return this.count;
  }

  /** Adds `text`; true when it was not a member yet. */
  add(text: string): boolean {
    const [h, l] = hashes(text);
    if ((this.count + 1) * 2 > this.high.length) this.grow();
    return this.insert(h, l);
  }

  private insert(h: number, l: number): boolean {
    const mask = this.high.length - 1;
    for (let slot = (h ^ Math.imul(l, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      const existing = this.high[slot];
      if (existing === 0) {
        this.high[slot] = h;
        this.low[slot] = l;
        this.count++;
        return true;
      }
      if (existing === h && this.low[slot] === l) return false;
    }
  }

  private grow(): void {
    const high = this.high;
    const low = this.low;
    this.high = new Uint32Array(high.length * 2);
    this.low = new Uint32Array(low.length * 2);
    this.count = 0;
    for (let i = 0; i < high.length; i++) if (high[i] !== 0) this.insert(high[i], low[i]);
  }
}
