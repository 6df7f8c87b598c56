import { MailFlowSimulator, NDR_RELAY_DENIED, standardFlows } from "../../lib/simulate";
import { certificate, certificateConnector, ipConnector, organization, sendConnector, tenant, topology } from "../support/topology";

const contoso = tenant("contoso", {
  domains: ["contoso.com", "alpha-contoso.com"],
  inboundConnectors: [certificateConnector("cert", "mail.contoso.com", { path: "contoso/cert" })],
});
const fabrikam = tenant("fabrikam", {
  domains: ["fabrikam.com"],
  inboundConnectors: [ipConnector("ip", ["198.51.100.0/28"], { path: "fabrikam/ip" })],
});
const certificates = [
  certificate("certs/contoso", ["mail.contoso.com", "smtp.contoso.com"]),
  certificate("certs/fabrikam", ["mail.fabrikam.com"]),
];
const organizations = [
  organization("onprem", {
    egressIpAddresses: ["203.0.113.16/28", "192.0.2.1"],
    sendConnectors: [
      sendConnector({ name: "to-contoso", path: "onprem/to-contoso", tenantPath: "contoso", certificatePath: "certs/contoso" }),
      sendConnector({ name: "to-fabrikam", path: "onprem/to-fabrikam", tenantPath: "fabrikam", certificatePath: "certs/fabrikam" }),
    ],
  }),
  organization("relay", {
    egressIpAddresses: ["198.51.100.0/28"],
    sendConnectors: [sendConnector({ name: "ip-only", path: "relay/ip-only", tenantPath: "fabrikam", certificatePath: "certs/missing" })],
  }),
];
const world = topology({ tenants: [contoso, fabrikam], certificates, organizations });

test("a certificate-identified send connector carries every standard flow", () => {
  const flows = standardFlows(world, "onprem/to-contoso");
  expect(flows.map((f) => [f.flow, f.result.recipients[0].outcome, f.result.attributedBy])).toEqual([
    ["users-mail", "relayed", "certificate"],
    ["ndr", "relayed", "certificate"],
    ["forwarding", "relayed", "certificate"],
    ["foreign-sender", "relayed", "certificate"],
    ["to-own-domain", "delivered", "certificate"],
  ]);
  for (const f of flows) expect(f.result.connector).toBe("contoso/cert");
});

test("the messages: own domain first in alphabetical order, reserved outside domains, connection from the send connector", () => {
  const flows = standardFlows(world, "onprem/to-contoso");
  const connection = { sourceIp: "203.0.113.16", certificateNames: ["mail.contoso.com", "smtp.contoso.com"] };
  expect(flows.map((f) => f.message)).toEqual([
    { ...connection, mailFrom: "user@alpha-contoso.com", rcptTo: ["someone@example.net"] },
    { ...connection, mailFrom: "", rcptTo: ["someone@example.net"] },
    { ...connection, mailFrom: "sender@fabrikam.example", rcptTo: ["someone@example.net"] },
    { ...connection, mailFrom: "noreply@tailspintoys.example", rcptTo: ["someone@example.net"] },
    { ...connection, mailFrom: "user@alpha-contoso.com", rcptTo: ["mailbox@alpha-contoso.com"] },
  ]);
  expect(flows[1].description).toBe(
    "Non-delivery report (null sender) to an outside sender: MAIL FROM <>, RCPT TO someone@example.net (from 203.0.113.16, certificate mail.contoso.com, smtp.contoso.com)",
  );
});

test("an IP-identified tenant carries users' mail but not NDRs, forwarding or foreign sender domains", () => {
  const flows = standardFlows(world, "relay/ip-only");
  expect(flows.map((f) => [f.flow, f.result.recipients[0].outcome, f.result.recipients[0].ndr])).toEqual([
    ["users-mail", "relayed", undefined],
    ["ndr", "rejected", NDR_RELAY_DENIED],
    ["forwarding", "rejected", NDR_RELAY_DENIED],
    ["foreign-sender", "rejected", NDR_RELAY_DENIED],
    ["to-own-domain", "delivered", undefined],
  ]);
  // The certificate path names no certificate in the topology: none is presented.
  expect(flows[0].message.certificateNames).toBeUndefined();
  expect(flows[0].message.sourceIp).toBe("198.51.100.0");
  expect(flows[0].description).toMatch(/\(from 198\.51\.100\.0, certificate none\)$/);
});

test("a certificate that matches no connector of the target tenant: users' mail relays only from a connector IP", () => {
  const flows = standardFlows(world, "onprem/to-fabrikam");
  expect(flows[0].result).toMatchObject({ tenant: "fabrikam.onmicrosoft.com", attributedBy: "mail-from" });
  expect(flows[0].result.connector).toBeUndefined();
  expect(flows[0].result.recipients[0].outcome).toBe("rejected");
});

test("outside domains that a tenant accepts are replaced by the next reserved name", () => {
  const greedy = tenant("greedy", {
    domains: ["example.net", "example.org", "recipient.example", "recipient.invalid", "fabrikam.example", "tailspintoys.example"],
  });
  const t = topology({ ...world, tenants: [...world.tenants, greedy] });
  const flows = standardFlows(t, "onprem/to-contoso");
  expect(flows[0].message.rcptTo).toEqual(["someone@recipient-1.invalid"]);
  expect(flows[2].message.mailFrom).toBe("sender@fabrikam.invalid");
  expect(flows[3].message.mailFrom).toBe("noreply@tailspintoys.invalid");
  const simulator = new MailFlowSimulator(t);
  for (const f of flows.slice(0, 4)) expect(simulator.acceptingTenant(f.message.rcptTo[0].split("@")[1])).toBeUndefined();
});

test("a tenant without declared domains uses its initial domain; an organization without egress presents no source IP", () => {
  const bare = tenant("bare", { inboundConnectors: [certificateConnector("cert", "*.bare.onmicrosoft.com", { path: "bare/cert" })] });
  const t = topology({
    tenants: [bare],
    certificates: [certificate("certs/bare", ["mail.bare.onmicrosoft.com"])],
    organizations: [organization("org", { sendConnectors: [sendConnector({ name: "s", path: "org/s", tenantPath: "bare", certificatePath: "certs/bare" })] })],
  });
  const [users] = standardFlows(t, "org/s");
  expect(users.message).toEqual({ certificateNames: ["mail.bare.onmicrosoft.com"], mailFrom: "user@bare.onmicrosoft.com", rcptTo: ["someone@example.net"] });
  expect(users.result.attributedBy).toBe("certificate");
});

test("a reused simulator gives the same flows", () => {
  expect(standardFlows(world, "onprem/to-contoso", new MailFlowSimulator(world))).toEqual(standardFlows(world, "onprem/to-contoso"));
});

test("unknown send connector or target tenant is an error naming the path", () => {
  expect(() => standardFlows(world, "nowhere")).toThrow(/no send connector at path "nowhere"/);
  const orphan = topology({ ...world, tenants: [contoso] });
  expect(() => standardFlows(orphan, "relay/ip-only")).toThrow(/targets tenant "fabrikam", which is not in the topology/);
});
