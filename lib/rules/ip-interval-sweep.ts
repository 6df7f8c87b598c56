/**
 * Interval algorithms over IPv4 ranges as integer intervals: an index that counts and lists the ranges overlapping a
 * range without comparing every pair, and a coverage test over merged ranges.
 */

/** An inclusive integer interval carrying the object it came from. */
export interface TaggedInterval<T> {
  readonly start: number;
  readonly end: number;
  readonly tag: T;
}

/**
 * The intervals overlapping a query interval, answered without comparing every pair: intervals sorted by start, a
 * segment tree of the largest end under each node, and the ends sorted apart for counting. Building costs
 * O(n log n); counting the overlaps of a query costs O(log n) however many there are, and listing them in start order
 * O(log n) each, so a caller that lists a bounded number per query stays linear when thousands of intervals share
 * one range (the MSP pattern: every tenant lists the same relay).
 */
export class IntervalOverlapIndex<T> {
  private readonly sorted: readonly TaggedInterval<T>[];
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  /** maxEnd[node] over the leaves under it; leaves at [leaves, 2 * leaves). */
  private readonly maxEnd: Float64Array;
  private readonly leaves: number;

  /**
   * Indexes `intervals`. Ties in start and end keep `compare`'s order (or the given order), so listings are
   * deterministic whenever the input order is.
   */
  constructor(intervals: readonly TaggedInterval<T>[], compare?: (a: TaggedInterval<T>, b: TaggedInterval<T>) => number) {
    this.sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end || (compare ? compare(a, b) : 0));
    const n = this.sorted.length;
    this.starts = Float64Array.from(this.sorted, (interval) => interval.start);
    this.ends = Float64Array.from(this.sorted, (interval) => interval.end).sort();
    let leaves = 1;
    while (leaves < n) leaves *= 2;
    this.leaves = leaves;
    this.maxEnd = new Float64Array(2 * leaves).fill(-Infinity);
    for (let i = 0; i < n; i++) this.maxEnd[leaves + i] = this.sorted[i].end;
    for (let node = leaves - 1; node >= 1; node--) this.maxEnd[node] = Math.max(this.maxEnd[2 * node], this.maxEnd[2 * node + 1]);
  }

  /** How many indexed intervals overlap `[start, end]` (an indexed interval equal to it counts too). */
  count(start: number, end: number): number {
    // Every interval ending before `start` also starts at or before `end`, so it is among the first count.
    return upperBound(this.starts, end) - lowerBound(this.ends, start);
  }

  /**
   * Calls `visit` with each indexed interval overlapping `[start, end]`, in start order, until it returns false.
   * Costs O(log n) per interval visited.
   */
  forEachOverlap(start: number, end: number, visit: (interval: TaggedInterval<T>) => boolean): void {
    const limit = upperBound(this.starts, end);
    if (limit === 0) return;
    // Depth-first, left to right, over leaves [0, limit) whose subtree holds an end at or after `start`.
    const stack: Array<[node: number, low: number, high: number]> = [[1, 0, this.leaves]];
    while (stack.length > 0) {
      const [node, low, high] = stack.pop()!;
      if (low >= limit || this.maxEnd[node] < start) continue;
      if (high - low === 1) {
        if (!visit(this.sorted[low])) return;
        continue;
      }
      const middle = (low + high) >> 1;
      stack.push([2 * node + 1, middle, high], [2 * node, low, middle]);
    }
  }
}

/** Index of the first value greater than `value` in ascending `values`. */
function upperBound(values: Float64Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the first value not less than `value` in ascending `values`. */
function lowerBound(values: Float64Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Merges intervals into disjoint, sorted intervals (adjacent ones join). */
export function mergeIntervals(intervals: readonly { start: number; end: number }[]): Array<{ start: number; end: number }> {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const { start, end } of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last.end + 1) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged;
}

/** True when every address of `interval` lies in one of the `merged` intervals (sorted and disjoint, from {@link mergeIntervals}). */
export function isCovered(interval: { start: number; end: number }, merged: readonly { start: number; end: number }[]): boolean {
  let low = 0;
  let high = merged.length - 1;
  // Binary search for the last merged interval that starts at or before the interval's start.
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (merged[middle].start <= interval.start) low = middle + 1;
    else high = middle - 1;
  }
  return high >= 0 && merged[high].end >= interval.end;
}
