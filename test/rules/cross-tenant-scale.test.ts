import * as queries from "../../lib/rules/topology-queries";
import { acceptedDomainInMultipleTenants } from "../../lib/rules/accepted-domain-in-multiple-tenants";
import { certificateSharedAcrossTenants } from "../../lib/rules/certificate-shared-across-tenants";
import { senderIpSharedAcrossTenants } from "../../lib/rules/sender-ip-shared-across-tenants";
import type { Rule } from "../../lib/rules/rule";
import { certificate, inbound, tenant, topology } from "../support/topology";
import { check } from "./check";

// The MSP pattern the cross-tenant rules exist for: every tenant lists one relay and trusts one certificate name, and
// accepts one shared domain. The work must grow with objects plus findings, not with pairs of tenants: these count the
// work (how often a connector is described for a message) and bound each message; bench/ measures the time.
const TENANTS = 300;
const shared = topology({
  tenants: Array.from({ length: TENANTS }, (_, i) => tenant(`t${String(i).padStart(3, "0")}`, {
    domains: [`t${i}.example.com`, "shared.example.com"],
    inboundConnectors: [inbound({ name: "relay", path: `t${String(i).padStart(3, "0")}/relay`, senderIpAddresses: ["23.255.255.0/24"], tlsSenderCertificateName: "relay.msp.example" })],
  })),
  certificates: [certificate("msp/relay", ["relay.msp.example"], { thumbprint: "AB".repeat(20) })],
});

function describedConnectors(rule: Rule): { findings: ReturnType<typeof check>; described: number } {
  const spy = jest.spyOn(queries, "describeConnector");
  try {
    const findings = check(rule, shared);
    return { findings, described: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

describe("cross-tenant rules with many tenants sharing one relay", () => {
  test("sender-ip-shared-across-tenants: one finding per connector naming 5 overlaps and counting the rest, linear work", () => {
    const { findings, described } = describedConnectors(senderIpSharedAcrossTenants);
    expect(findings).toHaveLength(TENANTS);
    for (const finding of findings) expect(finding.message).toContain(`; and ${TENANTS - 1 - 5} more.`);
    expect(findings[0].message).toContain("23.255.255.0/24 overlaps 23.255.255.0/24 of inbound connector \"relay\" (t001/relay) of tenant t001.onmicrosoft.com");
    // Was 2 x TENANTS² (every pair, both ways).
    expect(described).toBeLessThanOrEqual(TENANTS * 7);
  });

  test("certificate-shared-across-tenants: the connectors and the certificate, each message bounded, linear work", () => {
    const { findings, described } = describedConnectors(certificateSharedAcrossTenants);
    expect(findings).toHaveLength(TENANTS + 1);
    const certificateFinding = findings.find((f) => f.path === "msp/relay")!;
    expect(certificateFinding.message).toContain(`identifies senders to ${TENANTS} tenants (t000.onmicrosoft.com, t001.onmicrosoft.com, t002.onmicrosoft.com, t003.onmicrosoft.com, t004.onmicrosoft.com, and ${TENANTS - 5} more)`);
    for (const finding of findings) {
      expect(finding.message).toContain(`; and ${TENANTS - 5 - (finding.path === "msp/relay" ? 0 : 1)} more`);
      expect(finding.message.length).toBeLessThan(2_000);
    }
    expect(described).toBeLessThanOrEqual(TENANTS * 8);
  });

  test("accepted-domain-in-multiple-tenants: each message names 5 other tenants and counts the rest", () => {
    const findings = check(acceptedDomainInMultipleTenants, shared);
    expect(findings).toHaveLength(TENANTS);
    for (const finding of findings) {
      expect(finding.message).toContain(`, and ${TENANTS - 1 - 5} more.`);
      expect(finding.message.length).toBeLessThan(1_000);
    }
    expect(findings[0].message).toContain("is also accepted in tenant t001.onmicrosoft.com (t001/shared.example.com), tenant t002.onmicrosoft.com");
  });
});
