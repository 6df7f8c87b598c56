/** On-premises connector selection (domain.md section 4a; "Connector selection in external message routing"). */
import { OrganizationRouter } from "../../lib/model/send-connector-routing";
import type { SendConnectorModel } from "../../lib/model/topology";
import { organization, sendConnector } from "../support/topology";

const connector = (name: string, p: Partial<SendConnectorModel> = {}) => sendConnector({ name, tenantPath: "t", certificatePath: "c", ...p });
const router = (connectors: SendConnectorModel[], p: Parameters<typeof organization>[1] = {}) =>
  new OrganizationRouter(organization("org", { sendConnectors: connectors, ...p }));
const pick = (r: OrganizationRouter, server: string | undefined, domain: string) => r.route(server, domain).chosen?.sendConnector.name;

describe("on-premises routing", () => {
  test("the most specific address space wins: marketing.contoso.com > *.contoso.com > *.com > *", () => {
    const r = router([
      connector("a", { addressSpaces: ["*"] }), connector("b", { addressSpaces: ["*.com"] }),
      connector("c", { addressSpaces: ["*.contoso.com"] }), connector("d", { addressSpaces: ["marketing.contoso.com"] }),
    ]);
    expect(["example.net", "example.com", "sales.contoso.com", "contoso.com", "marketing.contoso.com"].map((d) => pick(r, undefined, d)))
      .toEqual(["a", "b", "c", "c", "d"]);
    expect(r.route(undefined, "example.com").reason).toContain("its address space *.com is more specific than * of \"a\"");
  });

  test("then the lowest cost, then the fewest hops, then the lowest name (case-insensitive)", () => {
    expect(pick(router([connector("a", { addressSpaces: ["SMTP:*;5"] }), connector("b", { addressSpaces: ["*;2"] })]), undefined, "x.net")).toBe("b");
    const sited = { transportServers: ["MBX1", "MBX2", "MBX3"], sites: [{ name: "hq", servers: ["MBX1", "MBX2"] }, { name: "branch", servers: ["MBX3"] }] };
    const hops = router([connector("a", { sourceTransportServers: ["MBX3"] }), connector("b", { sourceTransportServers: ["MBX2"] }), connector("c", { sourceTransportServers: ["MBX1"] })], sited);
    expect(["MBX1", "MBX2", "MBX3"].map((s) => pick(hops, s, "x.net"))).toEqual(["c", "b", "a"]);
    expect(hops.route("MBX1", "x.net").reason).toContain("sourced on the routing server itself");
    expect(pick(router([connector("b"), connector("A")]), undefined, "x.net")).toBe("A");
  });

  test("disabled connectors are dropped; a scoped connector is invisible outside its source servers' site", () => {
    expect(pick(router([connector("a", { enabled: false }), connector("b")]), undefined, "x.net")).toBe("b");
    const sites = { sites: [{ name: "one", servers: ["S1"] }, { name: "two", servers: ["S2"] }] };
    const r = router([connector("a", { sourceTransportServers: ["S1"], isScopedConnector: true })], sites);
    expect(pick(r, "S1", "x.net")).toBe("a");
    expect(pick(r, "S2", "x.net")).toBeUndefined();
    expect(r.route("S2", "x.net").reason).toContain("no enabled send connector visible on S2");
    // Unscoped, the remote-site connector is still used from S2, at a distance.
    expect(router([connector("a", { sourceTransportServers: ["S1"] })], sites).route("S2", "x.net").chosen?.hops).toBe(2);
  });

  test("a connector's cheapest space of the best address counts", () => {
    const r = router([connector("a", { addressSpaces: ["*;10", "SMTP:*;3"] }), connector("b", { addressSpaces: ["*;4"] })]);
    expect(r.route(undefined, "x.net").chosen).toMatchObject({ sendConnector: { name: "a" }, addressSpace: { address: "*", cost: 3 } });
  });

  test("hosted tenants: declared mailboxes, else the target tenants on the transport servers", () => {
    const connectors = [connector("a", { tenantPath: "t1" }), connector("b", { tenantPath: "t2" })];
    const plain = router(connectors, { transportServers: ["EX1"] });
    expect([plain.hostedTenantPaths(), plain.mailboxServers("t2")]).toEqual([["t1", "t2"], ["EX1"]]);
    const declared = router(connectors, { userMailboxes: [{ tenantPath: "t2", servers: ["M2"] }] });
    expect([declared.hostedTenantPaths(), declared.mailboxServers("t2"), declared.mailboxServers("t1")]).toEqual([["t2"], ["M2"], undefined]);
  });

  test("a probe domain matches only the probed address space and broader ones", () => {
    const r = router([connector("a", { addressSpaces: ["*", "route-probe.com"] })]);
    expect(r.probeDomain("*")).toBe("route-probe-2.route-probe-2");
    expect(r.probeDomain("*.com")).toBe("route-probe-2.com");
    expect(r.probeDomain("contoso.com")).toBe("contoso.com");
  });
});
