/**
 * IPv4 ranges → the item that owns an address, by binary search over disjoint segments.
 *
 * Ranges may overlap (nested CIDR blocks, or two connectors listing the same address); the earliest
 * entry wins, so the answer is the same as a first-match scan in entry order, at O(log n) per lookup.
 */
import type { Ipv4Range } from "../model/ip";

/** One range and the item it stands for. */
export interface SenderIpEntry<T> {
  /** The range, as an integer interval. */
  readonly range: Ipv4Range;
  /** What an address in the range maps to. */
  readonly item: T;
}

/** Maps an address to the first entry, in construction order, whose range contains it. */
export class SenderIpIndex<T> {
  /** Segment starts, ascending; segment i covers `starts[i]` to `starts[i + 1] - 1` (the last is a sentinel). */
  private readonly starts: Float64Array;
  /** Owner of each segment, undefined for a gap. */
  private readonly owners: (T | undefined)[];

  /** Builds the segments once; `entries` are in priority order (first wins). */
  constructor(entries: readonly SenderIpEntry<T>[]) {
    // Every start and end + 1 is a boundary; end + 1 can be 2^32, which a Float64Array holds exactly.
    const boundaries = Array.from(new Set(entries.flatMap((e) => [e.range.start, e.range.end + 1]))).sort((a, b) => a - b);
    const segmentCount = Math.max(boundaries.length - 1, 0);
    const owners: (T | undefined)[] = new Array<T | undefined>(segmentCount).fill(undefined);
    // next[i]: the first unpainted segment at or after i (union-find with path halving), so each segment is painted once.
    const next = new Int32Array(segmentCount + 1).map((_, i) => i);
    const firstUnpainted = (i: number): number => {
      while (next[i] !== i) {
        next[i] = next[next[i]];
        i = next[i];
      }
      return i;
    };
    for (const { range, item } of entries) {
      const to = lowerBound(boundaries, range.end + 1);
      for (let i = firstUnpainted(lowerBound(boundaries, range.start)); i < to; i = firstUnpainted(i)) {
        owners[i] = item;
        next[i] = i + 1;
      }
    }
    // Merge neighbours with the same owner so lookups search fewer segments.
    const starts: number[] = [];
    const merged: (T | undefined)[] = [];
    for (let i = 0; i < segmentCount; i++) {
      if (merged.length > 0 && merged[merged.length - 1] === owners[i]) continue;
      starts.push(boundaries[i]);
      merged.push(owners[i]);
    }
    if (segmentCount > 0) starts.push(boundaries[segmentCount]);
    this.starts = Float64Array.from(starts);
    this.owners = merged;
  }

  /** The first entry's item whose range contains `address` (an unsigned 32-bit integer), or undefined. */
  find(address: number): T | undefined {
    const starts = this.starts;
    let high = starts.length - 1; // the sentinel: the end of the last segment
    if (high < 1 || address < starts[0] || address >= starts[high]) return undefined;
    let low = 0;
    // Invariant: starts[low] <= address < starts[high].
    while (high - low > 1) {
      const middle = (low + high) >>> 1;
      if (starts[middle] <= address) low = middle;
      else high = middle;
    }
    return this.owners[low];
  }
}

/** Index of the first element >= value in an ascending array. */
function lowerBound(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
