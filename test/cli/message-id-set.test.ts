import fc from "fast-check";
import { HashedStringSet } from "../../lib/cli/message-id-set";

test("add says whether a string is new, like a Set, through growth", () => {
  fc.assert(fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 3000 }), (strings) => {
    const hashed = new HashedStringSet();
    const plain = new Set<string>();
    const answers = strings.map((s) => {
      const fresh = !plain.has(s);
      plain.add(s);
      return hashed.add(s) === fresh;
    });
    expect(answers.every(Boolean)).toBe(true);
    expect(hashed.size).toBe(plain.size);
  }), { numRuns: 30 });
});

test("a hundred thousand distinct message ids are all new, then all known", () => {
  const set = new HashedStringSet();
  const id = (i: number) => `<msg${i}@EX01.corp.contoso.com>`;
  let fresh = 0;
  for (let i = 0; i < 100_000; i++) if (set.add(id(i))) fresh++;
  let again = 0;
  for (let i = 0; i < 100_000; i += 7) if (set.add(id(i))) again++;
  expect([fresh, again]).toEqual([100_000, 0]);
  expect(set.size).toBe(100_000);
});
