import type { SuppressionModel, Topology } from "../../lib/model/topology";
import { runRules } from "../../lib/rules";
import { ipConnector, tenant, topology } from "../support/topology";

/** Two IP-only connectors, so that ip-based-connector fires on `contoso/onprem` and `contoso/onprem-2`. */
function withSuppressions(...suppressions: SuppressionModel[]): Topology {
  return topology({
    tenants: [tenant("contoso", {
      inboundConnectors: [
        ipConnector("onprem", ["203.0.113.0/24"], { path: "contoso/onprem" }),
        ipConnector("onprem-2", ["198.51.100.0/24"], { path: "contoso/onprem-2" }),
      ],
    })],
    suppressions,
  });
}

const REASON = "legacy relay until the 2026 migration";
const NOW = "2026-03-01";
const ipFindings = (t: Topology) => runRules(t, { now: NOW }).filter((f) => f.ruleId === "ip-based-connector");

describe("suppressions", () => {
  test("a suppression on the object suppresses its finding only, keeping it in the output with the reason", () => {
    const findings = ipFindings(withSuppressions({ path: "contoso/onprem", ruleId: "ip-based-connector", reason: REASON, expires: "2026-12-31" }));
    expect(findings.map((f) => [f.path, f.suppressed])).toEqual([["contoso/onprem", true], ["contoso/onprem-2", false]]);
    expect(findings[0]).toMatchObject({ suppressionReason: REASON, suppressionExpires: "2026-12-31" });
    expect(findings[1].suppressionReason).toBeUndefined();
  });

  test("a suppression on an ancestor covers the children; a path that is only a string prefix does not", () => {
    expect(ipFindings(withSuppressions({ path: "contoso", ruleId: "ip-based-connector", reason: REASON })).every((f) => f.suppressed)).toBe(true);
    expect(ipFindings(withSuppressions({ path: "contoso/on", ruleId: "ip-based-connector", reason: REASON })).some((f) => f.suppressed)).toBe(false);
    expect(ipFindings(withSuppressions({ path: "", ruleId: "ip-based-connector", reason: REASON })).every((f) => f.suppressed)).toBe(true);
  });

  test("a suppression of another rule does not apply", () => {
    expect(ipFindings(withSuppressions({ path: "contoso", ruleId: "sender-ip-private", reason: REASON })).some((f) => f.suppressed)).toBe(false);
  });

  test("an expired suppression does not suppress and is itself an error", () => {
    const all = runRules(withSuppressions({ path: "contoso/onprem", ruleId: "ip-based-connector", reason: REASON, expires: "2026-02-28" }), { now: NOW });
    expect(all.filter((f) => f.ruleId === "ip-based-connector").some((f) => f.suppressed)).toBe(false);
    const expired = all.filter((f) => f.ruleId === "suppression-expired");
    expect(expired).toEqual([expect.objectContaining({ severity: "error", path: "contoso/onprem", suppressed: false })]);
    expect(expired[0].message).toContain("ip-based-connector");
    expect(expired[0].message).toContain(REASON);
  });

  test("a suppression expiring on the synthesis date still suppresses", () => {
    const findings = ipFindings(withSuppressions({ path: "contoso/onprem", ruleId: "ip-based-connector", reason: REASON, expires: NOW }));
    expect(findings[0].suppressed).toBe(true);
  });

  test("an invalid suppression (short reason, unknown rule) does not suppress and is an error", () => {
    const all = runRules(withSuppressions(
      { path: "contoso/onprem", ruleId: "ip-based-connector", reason: "because" },
      { path: "contoso", ruleId: "no-such-rule", reason: REASON },
    ), { now: NOW });
    expect(all.filter((f) => f.ruleId === "ip-based-connector").some((f) => f.suppressed)).toBe(false);
    expect(all.filter((f) => f.ruleId === "suppression-invalid").map((f) => [f.path, f.severity])).toEqual([["contoso", "error"], ["contoso/onprem", "error"]]);
  });

  test("findings about suppressions cannot be suppressed", () => {
    const all = runRules(withSuppressions(
      { path: "contoso/onprem", ruleId: "ip-based-connector", reason: REASON, expires: "2026-01-01" },
      { path: "contoso", ruleId: "suppression-expired", reason: REASON },
    ), { now: NOW });
    expect(all.find((f) => f.ruleId === "suppression-expired")?.suppressed).toBe(false);
    expect(all.filter((f) => f.ruleId === "suppression-invalid")).toHaveLength(1);
  });

  test("of several suppressions, the most specific path wins", () => {
    const findings = ipFindings(withSuppressions(
      { path: "contoso", ruleId: "ip-based-connector", reason: "tenant-wide exception for all relays" },
      { path: "contoso/onprem", ruleId: "ip-based-connector", reason: REASON },
    ));
    expect(findings.map((f) => f.suppressionReason)).toEqual([REASON, "tenant-wide exception for all relays"]);
  });
});

describe("runRules", () => {
  test("findings are sorted by path, rule id and message, and each message names its source", () => {
    const t = topology({
      tenants: [
        tenant("b", { inboundConnectors: [ipConnector("in", ["10.0.0.0/24", "203.0.113.0/24"], { path: "b/in", restrictDomainsToIpAddresses: true })] }),
        tenant("a", { inboundConnectors: [ipConnector("in", ["203.0.113.5"], { path: "a/in" })] }),
      ],
    });
    const findings = runRules(t, { now: NOW });
    const keys = findings.map((f) => `${f.path} ${f.ruleId}`);
    expect(keys).toEqual([
      "a/in ip-based-connector",
      "a/in sender-ip-shared-across-tenants",
      "b/in ip-based-connector",
      "b/in partner-only-setting",
      "b/in sender-ip-private",
      "b/in sender-ip-shared-across-tenants",
    ]);
    expect(findings.find((f) => f.ruleId === "sender-ip-shared-across-tenants")?.message).toMatch(/\(source: MC1226222\)$/);
    expect(runRules({ ...t, tenants: [...t.tenants].reverse() }, { now: NOW })).toEqual(findings);
  });

  test("an empty topology has no findings", () => {
    expect(runRules(topology(), { now: NOW })).toEqual([]);
  });

  test("refuses a synthesis date that is not YYYY-MM-DD", () => {
    expect(() => runRules(topology(), { now: "01/03/2026" })).toThrow(/YYYY-MM-DD/);
  });
});
