import fc from "fast-check";
import { IntervalOverlapIndex, isCovered, mergeIntervals } from "../../lib/rules/ip-interval-sweep";

const interval = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 }))
  .map(([start, length, group]) => ({ start, end: start + length, tag: group }));

describe("IntervalOverlapIndex", () => {
  test("counts and lists, in start order, exactly the intervals that comparing with every interval finds", () => {
    fc.assert(fc.property(fc.array(interval, { maxLength: 40 }), interval, fc.integer({ min: 1, max: 50 }), (intervals, probe, limit) => {
      const tagged = intervals.map((item, index) => ({ ...item, tag: index }));
      const index = new IntervalOverlapIndex(tagged, (a, b) => a.tag - b.tag);
      const brute = tagged
        .filter((other) => other.start <= probe.end && probe.start <= other.end)
        .sort((a, b) => a.start - b.start || a.end - b.end || a.tag - b.tag)
        .map((other) => other.tag);
      expect(index.count(probe.start, probe.end)).toBe(brute.length);
      const listed: number[] = [];
      index.forEachOverlap(probe.start, probe.end, (other) => listed.push(other.tag) < limit);
      expect(listed).toEqual(brute.slice(0, limit));
    }));
  });
});

describe("coverage", () => {
  test("an interval is covered by merged intervals exactly when every address lies in one of them", () => {
    fc.assert(fc.property(fc.array(interval, { maxLength: 10 }), interval, (covering, probe) => {
      const merged = mergeIntervals(covering);
      let everyAddress = true;
      for (let address = probe.start; address <= probe.end; address++) {
        if (!covering.some((c) => c.start <= address && address <= c.end)) everyAddress = false;
      }
      expect(isCovered(probe, merged)).toBe(everyAddress);
    }));
  });
});
