import fc from "fast-check";
import { isCovered, mergeIntervals, overlappingPairs } from "../../lib/rules/ip-interval-sweep";

const interval = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 }))
  .map(([start, length, group]) => ({ start, end: start + length, tag: group }));

describe("overlappingPairs", () => {
  test("finds exactly the overlapping pairs of different groups that comparing every pair finds", () => {
    fc.assert(fc.property(fc.array(interval, { maxLength: 40 }), (intervals) => {
      const tagged = intervals.map((item, index) => ({ ...item, tag: { group: item.tag, index } }));
      const key = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`);
      const swept = overlappingPairs(tagged, (a, b) => a.tag.group !== b.tag.group).map(([a, b]) => key(a.tag.index, b.tag.index)).sort();
      const brute: string[] = [];
      for (let i = 0; i < tagged.length; i++) {
        for (let j = i + 1; j < tagged.length; j++) {
          const [a, b] = [tagged[i], tagged[j]];
          if (a.tag.group !== b.tag.group && a.start <= b.end && b.start <= a.end) brute.push(key(i, j));
        }
      }
      expect(swept).toEqual(brute.sort());
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
