import { senderIpMicrosoftOwned as rule } from "../../lib/rules/sender-ip-microsoft-owned";
import { inbound, ipConnector, organization, tenant, topology } from "../support/topology";
import { check, paths } from "./check";

const withRanges = (ranges: string[], p = {}) =>
  topology({ tenants: [tenant("contoso", { inboundConnectors: [ipConnector("onprem", ranges, { path: "contoso/onprem", ...p })] })] });

describe("sender-ip-microsoft-owned", () => {
  test("a range inside Exchange Online's 40.107.0.0/16 fires and names the Microsoft range", () => {
    const [finding] = check(rule, withRanges(["203.0.113.0/24", "40.107.20.0/24"]));
    expect(finding.path).toBe("contoso/onprem");
    expect(finding.message).toContain("40.107.20.0/24 overlaps 40.107.0.0/16");
    expect(finding.message).not.toContain("203.0.113.0/24 overlaps");
  });

  test("the /24 just below a Microsoft range does not fire", () => {
    expect(check(rule, withRanges(["40.106.255.0/24", "104.47.128.0/24"]))).toEqual([]);
  });

  test("the single address 52.238.78.88 fires; its neighbour does not", () => {
    expect(paths(rule, withRanges(["52.238.78.88"]))).toEqual(["contoso/onprem"]);
    expect(check(rule, withRanges(["52.238.78.89"]))).toEqual([]);
  });

  test("Partner and disabled connectors are checked too: the setting is wrong on any connector", () => {
    expect(paths(rule, withRanges(["40.92.1.1"], { connectorType: "Partner" }))).toEqual(["contoso/onprem"]);
    expect(paths(rule, withRanges(["40.92.1.1"], { enabled: false }))).toEqual(["contoso/onprem"]);
  });

  test("an organization's egress addresses are checked", () => {
    const t = topology({ organizations: [organization("org", { egressIpAddresses: ["52.100.1.0/24"] })], tenants: [tenant("x", { inboundConnectors: [inbound({ name: "n" })] })] });
    expect(paths(rule, t)).toEqual(["org"]);
  });
});
