/** send-connector-never-selected: on-premises routing (domain.md section 4a; "Connector selection in external message routing"). */
import { sendConnectorNeverSelected as rule } from "../../lib/rules/send-connector-never-selected";
import type { OnPremisesOrganizationModel, SendConnectorModel } from "../../lib/model/topology";
import { organization, sendConnector, tenant, topology } from "../support/topology";
import { check, paths } from "./check";

const TENANTS = ["fabrikam", "tailspin", "wingtip"];

function org(connectors: SendConnectorModel[], p: Partial<OnPremisesOrganizationModel> = {}) {
  return topology({
    tenants: TENANTS.map((t) => tenant(t, { domains: [`${t}.com`] })),
    organizations: [organization("org", { transportServers: ["MBX01", "MBX02"], sendConnectors: connectors, ...p })],
  });
}

const perTenant = (p: (t: string) => Partial<SendConnectorModel>) =>
  TENANTS.map((t) => sendConnector({ name: `To ${t}`, tenantPath: t, certificatePath: `${t}-cert`, sourceTransportServers: ["MBX01", "MBX02"], ...p(t) }));

describe("send-connector-never-selected", () => {
  test("three * connectors with the same sources: only the lowest name is ever chosen (MC1226222's multi-tenant example as first declared)", () => {
    const findings = check(rule, org(perTenant(() => ({}))));
    expect(findings.map((f) => f.path)).toEqual(["org/To tailspin", "org/To wingtip"]);
    expect(findings[0].message).toContain(`"To fabrikam" (org/To fabrikam) carries it on MBX01`);
    expect(findings[0].message).toContain("its name sorts before");
    expect(findings[0].message).toContain("for any address space it declares");
  });

  test("compliant: each connector sourced on its own tenant's server wins there by hop count", () => {
    const connectors = perTenant((t) => ({ sourceTransportServers: [`MBX-${t}`] }));
    expect(check(rule, org(connectors, { transportServers: TENANTS.map((t) => `MBX-${t}`) }))).toEqual([]);
  });

  test("compliant: scoped connectors, one per AD site", () => {
    const connectors = perTenant((t) => ({ sourceTransportServers: [`MBX-${t}`], isScopedConnector: true }));
    const sites = TENANTS.map((t) => ({ name: `site-${t}`, servers: [`MBX-${t}`] }));
    expect(check(rule, org(connectors, { transportServers: [], sites }))).toEqual([]);
  });

  test("a cheaper address space wins: the expensive twin is never selected", () => {
    const connectors = [
      sendConnector({ name: "A", tenantPath: "fabrikam", certificatePath: "c", addressSpaces: ["SMTP:*;10"] }),
      sendConnector({ name: "B", tenantPath: "fabrikam", certificatePath: "c", addressSpaces: ["*"] }),
    ];
    const [finding] = check(rule, org(connectors));
    expect(finding.path).toBe("org/A");
    expect(finding.message).toContain("its address-space cost 1 is lower than 10");
  });

  test("a more specific address space is never shadowed by *; *.com beats * only for .com", () => {
    const connectors = [
      sendConnector({ name: "A internet", tenantPath: "fabrikam", certificatePath: "c", addressSpaces: ["*"] }),
      sendConnector({ name: "B com", tenantPath: "fabrikam", certificatePath: "c", addressSpaces: ["*.com"] }),
      sendConnector({ name: "C fabrikam", tenantPath: "fabrikam", certificatePath: "c", addressSpaces: ["fabrikam.com"] }),
    ];
    expect(check(rule, org(connectors))).toEqual([]);
  });

  test("a dead address space of an otherwise used connector is reported", () => {
    const connectors = [
      sendConnector({ name: "A", tenantPath: "fabrikam", certificatePath: "c", addressSpaces: ["*.com"] }),
      sendConnector({ name: "B", tenantPath: "fabrikam", certificatePath: "c", addressSpaces: ["*", "*.com"] }),
    ];
    const [finding] = check(rule, org(connectors));
    expect(finding.path).toBe("org/B");
    expect(finding.message).toContain("for some of its address spaces");
    expect(finding.message).toContain("address space *.com");
  });

  test("disabled connectors and relay services are not judged", () => {
    expect(paths(rule, org(perTenant((t) => ({ enabled: t === "fabrikam" })))).filter((p) => p !== "org/To fabrikam")).toEqual([]);
    expect(check(rule, org(perTenant(() => ({})), { senderKind: "relay-service" }))).toEqual([]);
  });

  test("a scoped connector outside every routing server's site is never selected", () => {
    const connectors = [
      sendConnector({ name: "A", tenantPath: "fabrikam", certificatePath: "c", sourceTransportServers: ["EDGE01"], isScopedConnector: true }),
      sendConnector({ name: "B", tenantPath: "fabrikam", certificatePath: "c", sourceTransportServers: ["MBX01"] }),
    ];
    // EDGE01 itself is a server of the organization (a source server), so from EDGE01 A is visible and nearest.
    expect(check(rule, org(connectors, { sites: [{ name: "dmz", servers: ["EDGE01"] }, { name: "hq", servers: ["MBX01", "MBX02"] }] }))).toEqual([]);
  });
});
