import { parseIpv4Range, rangesOverlap, ipv4Range } from "../../lib/model/ip";

describe("parseIpv4Range", () => {
  test("normalizes a bare address to /32 and clears host bits", () => {
    expect(parseIpv4Range("203.0.113.7")).toMatchObject({ ok: true, range: { cidr: "203.0.113.7/32" } });
    expect(parseIpv4Range("203.0.113.7/24", 24)).toMatchObject({ ok: true, range: { cidr: "203.0.113.0/24" } });
  });
  test.each(["2001:db8::1", "10.0.0.0/16", "10.0.0.1-10.0.0.9", "10.0.0", "1.2.3.4/33", " 1.2.3.4", ""])("refuses %p for sender ranges", (v) => {
    expect(parseIpv4Range(v, 24).ok).toBe(false);
  });
  test("overlap of two /25s within a /24, and disjoint neighbours", () => {
    expect(rangesOverlap(ipv4Range("198.51.100.0/24"), ipv4Range("198.51.100.128/25"))).toBe(true);
    expect(rangesOverlap(ipv4Range("198.51.100.0/25"), ipv4Range("198.51.100.128/25"))).toBe(false);
  });
});
