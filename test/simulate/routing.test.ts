/** A user's mail simulated from the user: on-premises routing, then attribution (domain.md sections 3 and 4a). */
import { organizationRouting, simulateFromOrganization } from "../../lib/simulate";
import { certificate, inbound, organization, sendConnector, tenant, topology } from "../support/topology";

const world = topology({
  tenants: ["fabrikam", "tailspin"].map((t) => tenant(t, {
    domains: [`${t}.com`],
    inboundConnectors: [inbound({ name: `from-${t}`, path: `${t}/from`, tlsSenderCertificateName: `smtp.${t}.com` })],
  })),
  certificates: ["fabrikam", "tailspin"].map((t) => certificate(`${t}-cert`, [`smtp.${t}.com`])),
  organizations: [organization("org", {
    egressIpAddresses: ["198.51.100.10"],
    userMailboxes: [{ tenantPath: "fabrikam", servers: ["MBX-F"] }, { tenantPath: "tailspin", servers: ["MBX-T"] }],
    sendConnectors: [
      sendConnector({ name: "To fabrikam", tenantPath: "fabrikam", certificatePath: "fabrikam-cert", sourceTransportServers: ["MBX-F"] }),
      sendConnector({ name: "To tailspin", tenantPath: "tailspin", certificatePath: "tailspin-cert", sourceTransportServers: ["MBX-T"] }),
      // Mail to tailspin.com always goes through tailspin's connector, whoever sends it.
      sendConnector({ name: "Z tailspin domain", path: "org/ZT", tenantPath: "tailspin", certificatePath: "tailspin-cert", addressSpaces: ["tailspin.com"], sourceTransportServers: ["MBX-T"] }),
    ],
  })],
});

describe("simulateFromOrganization", () => {
  test("each recipient leaves through the connector routing picks on the sender's server, and is attributed by its certificate", () => {
    const legs = simulateFromOrganization(world, { organization: "org", server: "MBX-F", mailFrom: "user@fabrikam.com", rcptTo: ["a@example.net", "b@tailspin.com", "c@example.org"] });
    expect(legs.map((l) => [l.rcptTo, l.sendConnector?.name, l.result?.tenant])).toEqual([
      [["a@example.net", "c@example.org"], "To fabrikam", "fabrikam.onmicrosoft.com"],
      [["b@tailspin.com"], "Z tailspin domain", "tailspin.onmicrosoft.com"],
    ]);
    expect(legs[0].routeReason).toContain("sourced on the routing server itself");
    expect(legs[1].routeReason).toContain("more specific");
  });

  test("no matching connector: the leg says so and is not simulated", () => {
    const bare = topology({ ...world, organizations: [organization("org", { sendConnectors: [sendConnector({ name: "only", tenantPath: "fabrikam", certificatePath: "fabrikam-cert", addressSpaces: ["fabrikam.com"] })] })] });
    const [leg] = simulateFromOrganization(bare, { organization: "org", mailFrom: "u@fabrikam.com", rcptTo: ["x@example.net"] });
    expect([leg.sendConnector, leg.result, leg.routeReason]).toEqual([undefined, undefined, "no enabled send connector has an address space matching example.net"]);
  });

  test("errors name the organization or the missing recipient", () => {
    expect(() => simulateFromOrganization(world, { organization: "nope", mailFrom: "", rcptTo: ["x@example.net"] })).toThrow(/no on-premises organization at path "nope"/);
    expect(() => simulateFromOrganization(world, { organization: "org", mailFrom: "", rcptTo: [] })).toThrow(/at least one recipient/);
  });
});

describe("organizationRouting", () => {
  test("per server the internet connector, per hosted tenant its flows from its own Mailbox servers", () => {
    const routing = organizationRouting(world, "org");
    expect(routing.internetMail.map((m) => [m.server, m.sendConnectorName])).toEqual([["MBX-F", "To fabrikam"], ["MBX-T", "To tailspin"]]);
    expect(routing.tenants.map((t) => [t.tenant, t.servers, [...new Set(t.flows.map((f) => f.leg.result?.tenant))]])).toEqual([
      ["fabrikam.onmicrosoft.com", ["MBX-F"], ["fabrikam.onmicrosoft.com"]],
      ["tailspin.onmicrosoft.com", ["MBX-T"], ["tailspin.onmicrosoft.com"]],
    ]);
    expect(routing.tenants[0].flows.map((f) => f.flow)).toEqual(["users-mail", "ndr", "forwarding", "foreign-sender", "to-own-domain"]);
  });

  test("a relay service is not routed like Exchange", () => {
    const relay = topology({ ...world, organizations: [{ ...world.organizations[0], senderKind: "relay-service" }] });
    expect(organizationRouting(relay, "org")).toEqual({ organization: "org", routedLikeExchange: false, internetMail: [], tenants: [] });
  });
});
