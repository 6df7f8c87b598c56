/**
 * Interval algorithms over IPv4 ranges as integer intervals: a sort-and-sweep that finds overlapping
 * ranges in O(n log n + overlaps), and a coverage test over merged ranges.
 */

/** An inclusive integer interval carrying the object it came from. */
export interface TaggedInterval<T> {
  readonly start: number;
  readonly end: number;
  readonly tag: T;
}

/**
 * Every pair of overlapping intervals for which `shouldReport(a, b)` holds, each pair once.
 * Sorted by start, then a sweep keeps the intervals still open at the current start: with disjoint
 * ranges that set stays tiny, so thousands of tenants cost a sort, not a comparison of every pair.
 */
export function overlappingPairs<T>(
  intervals: readonly TaggedInterval<T>[],
  shouldReport: (a: TaggedInterval<T>, b: TaggedInterval<T>) => boolean,
): Array<[TaggedInterval<T>, TaggedInterval<T>]> {
  const sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end);
  const pairs: Array<[TaggedInterval<T>, TaggedInterval<T>]> = [];
  let open: TaggedInterval<T>[] = [];
  for (const current of sorted) {
    open = open.filter((interval) => interval.end >= current.start);
    for (const interval of open) {
      if (shouldReport(interval, current)) pairs.push([interval, current]);
    }
    open.push(current);
  }
  return pairs;
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
