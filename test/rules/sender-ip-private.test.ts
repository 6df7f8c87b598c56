import { senderIpPrivate as rule } from "../../lib/rules/sender-ip-private";
import { ipConnector, organization, tenant, topology } from "../support/topology";
import { check, paths } from "./check";

const withRanges = (ranges: string[]) =>
  topology({ tenants: [tenant("contoso", { inboundConnectors: [ipConnector("onprem", ranges, { path: "contoso/onprem" })] })] });

describe("sender-ip-private", () => {
  test.each([
    ["10.1.2.0/24", "private"],
    ["172.31.0.1", "private"],
    ["192.168.10.0/24", "private"],
    ["127.0.0.1", "loopback"],
    ["169.254.1.1", "link-local"],
    ["100.64.0.0/24", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["198.18.0.0/24", "reserved"],
    ["0.0.0.1", "unspecified"],
    ["224.0.0.1", "multicast"],
  ])("%s fires (%s)", (range, kind) => {
    const [finding] = check(rule, withRanges([range]));
    expect(finding.path).toBe("contoso/onprem");
    expect(finding.message).toContain(kind);
  });

  test.each(["100.128.0.0/24", "100.63.255.0/24", "172.32.0.0/24", "11.0.0.0/24"])("the public neighbour %s does not fire", (range) => {
    expect(check(rule, withRanges([range]))).toEqual([]);
  });

  test("RFC 5737 documentation ranges are left alone: examples use them", () => {
    expect(check(rule, withRanges(["192.0.2.0/24", "198.51.100.7", "203.0.113.0/24"]))).toEqual([]);
  });

  test("one finding per connector lists every non-public range", () => {
    const [finding] = check(rule, withRanges(["10.0.0.0/24", "203.0.113.0/24", "192.168.0.1"]));
    expect(finding.message).toContain("10.0.0.0/24 is private");
    expect(finding.message).toContain("192.168.0.1/32 is private");
    expect(finding.message).not.toContain("203.0.113.0/24 is");
  });

  test("an organization's egress addresses must be public too, wide ranges included", () => {
    expect(paths(rule, topology({ organizations: [organization("org", { egressIpAddresses: ["192.168.0.0/16"] })] }))).toEqual(["org"]);
    expect(check(rule, topology({ organizations: [organization("org", { egressIpAddresses: ["203.0.113.10"] })] }))).toEqual([]);
  });
});
