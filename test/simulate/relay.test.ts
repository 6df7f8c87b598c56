import { NDR_DIRECT_SEND, NDR_RELAY_DENIED, simulate } from "../../lib/simulate";
import { certificateConnector, ipConnector, tenant, topology } from "../support/topology";
import { base, CONTOSO_IP, FABRIKAM_IP, message, UNKNOWN_IP } from "./fixtures";

const cert = { certificateNames: ["mail.contoso.com"] };
const contosoIp = { sourceIp: CONTOSO_IP };
const fabrikamIp = { sourceIp: FABRIKAM_IP };

describe("the 2017 notice: flows whose MAIL FROM is not accepted relay only through a certificate connector", () => {
  test.each([
    ["null-sender NDR", ""],
    ["null-sender NDR written <>", "<>"],
    ["forwarded message", "sender@fabrikam.example"],
    ["foreign sender domain", "noreply@tailspintoys.example"],
  ])("%s with a certificate connector whose domain is accepted → relayed", (_, mailFrom) => {
    const result = simulate(base, message(mailFrom, "someone@example.net", cert));
    expect(result).toMatchObject({ tenant: "contoso.onmicrosoft.com", attributedBy: "certificate", connector: "contoso/cert" });
    expect(result.recipients).toEqual([expect.objectContaining({ outcome: "relayed" })]);
    expect(result.recipients[0].ndr).toBeUndefined();
    expect(result.steps.at(-1)).toMatch(/^relay: \(a\) certificate domain contoso\.com is accepted; \(b\) connector contoso\/cert matched by certificate → relay to recipients outside the tenant allowed/);
  });

  test.each([
    ["null-sender NDR", ""],
    ["forwarded message", "sender@fabrikam.example"],
    ["foreign sender domain", "noreply@tailspintoys.example"],
  ])("%s from the IP of an IP-only connector → rejected 5.7.64 (not attributed)", (_, mailFrom) => {
    const result = simulate(base, message(mailFrom, "someone@example.net", fabrikamIp));
    expect(result.attributedBy).toBe("none");
    expect(result.recipients).toEqual([expect.objectContaining({ outcome: "rejected", ndr: NDR_RELAY_DENIED })]);
  });

  test("a null-sender NDR over an IP connector to an own recipient and an outside one: the outside one cannot relay", () => {
    const result = simulate(base, message("", ["user@fabrikam.com", "someone@example.net"], fabrikamIp));
    expect(result).toMatchObject({ tenant: "fabrikam.onmicrosoft.com", attributedBy: "rcpt-to", connector: "fabrikam/ip" });
    expect(result.recipients.map((r) => r.outcome)).toEqual(["delivered", "rejected"]);
    expect(result.recipients[1].ndr).toBe(NDR_RELAY_DENIED);
    expect(result.recipients[1].reason).toMatch(/not attributed: relay denied.*relay only through a certificate connector/);
  });
});

describe("IP connectors", () => {
  test("IP-only connector with an own MAIL FROM domain → relayed", () => {
    const result = simulate(base, message("user@fabrikam.com", "someone@example.net", fabrikamIp));
    expect(result).toMatchObject({ tenant: "fabrikam.onmicrosoft.com", attributedBy: "mail-from", connector: "fabrikam/ip" });
    expect(result.recipients[0]).toMatchObject({ outcome: "relayed" });
    expect(result.recipients[0].reason).toMatch(/MAIL FROM domain fabrikam\.com accepted, connector fabrikam\/ip/);
  });

  test("an own MAIL FROM but an IP outside every range → no connector, relay denied", () => {
    const result = simulate(base, message("user@fabrikam.com", "someone@example.net", { sourceIp: UNKNOWN_IP }));
    expect(result.connector).toBeUndefined();
    expect(result.recipients[0]).toMatchObject({ outcome: "rejected", ndr: NDR_RELAY_DENIED });
    expect(result.recipients[0].reason).toMatch(/no connector matched/);
  });

  test("range edges: the first and last address of a range match, the next does not", () => {
    const edges = ["198.51.100.0", "198.51.100.15"].map((sourceIp) => simulate(base, message("user@fabrikam.com", "x@example.net", { sourceIp })).connector);
    expect(edges).toEqual(["fabrikam/ip", "fabrikam/ip"]);
    expect(simulate(base, message("user@fabrikam.com", "x@example.net", { sourceIp: "198.51.100.16" })).connector).toBeUndefined();
  });

  test("another tenant's IP does not match: connectors count in the attributed tenant only", () => {
    expect(simulate(base, message("user@fabrikam.com", "x@example.net", contosoIp)).connector).toBeUndefined();
  });

  test("an IPv6 or malformed source IP matches no connector and says why", () => {
    for (const sourceIp of ["2001:db8::1", "203.0.113.025", "203.0.113", "not an ip"]) {
      const result = simulate(base, message("user@contoso.com", "x@example.net", { sourceIp }));
      expect(result.connector).toBeUndefined();
      expect(result.steps.join("\n")).toMatch(/is not a dotted IPv4 address/);
    }
  });

  test("a disabled IP connector is ignored", () => {
    const disabled = topology({ tenants: [tenant("c", { domains: ["contoso.com"], inboundConnectors: [ipConnector("ip", ["203.0.113.0/24"], { path: "c/ip", enabled: false })] })] });
    const result = simulate(disabled, message("user@contoso.com", "x@example.net", contosoIp));
    expect(result.connector).toBeUndefined();
    expect(result.recipients[0].outcome).toBe("rejected");
    expect(result.steps.join("\n")).toMatch(/c\/ip covers the IP but is ignored: disabled/);
  });

  test("when both connectors could match, the certificate connector is the one reported", () => {
    expect(simulate(base, message("user@contoso.com", "x@example.net", { ...cert, ...contosoIp })).connector).toBe("contoso/cert");
  });
});

describe("certificate connector whose domain is not accepted", () => {
  const unaccepted = topology({
    tenants: [tenant("c", { domains: ["contoso.com"], inboundConnectors: [certificateConnector("cert", "relay.service.example", { path: "c/cert" })] })],
  });
  const names = { certificateNames: ["relay.service.example"] };

  test("with an own MAIL FROM: attributed by MAIL FROM, matched by certificate, relayed on the MAIL FROM domain", () => {
    const result = simulate(unaccepted, message("user@contoso.com", "x@example.net", names));
    expect(result).toMatchObject({ attributedBy: "mail-from", connector: "c/cert", recipients: [expect.objectContaining({ outcome: "relayed" })] });
    expect(result.steps.join("\n")).toMatch(/its certificate domain is not accepted, so it cannot ground a relay by itself/);
  });

  test("with a null sender: not attributed, rejected (anti-pattern 1 and 5 of MC1226222)", () => {
    expect(simulate(unaccepted, message("", "x@example.net", names)).recipients[0]).toMatchObject({ outcome: "rejected", ndr: NDR_RELAY_DENIED });
  });

  test("with a null sender to an own recipient first: connector matched, but the outside recipient is still rejected", () => {
    const result = simulate(unaccepted, message("", ["user@contoso.com", "x@example.net"], names));
    expect(result.connector).toBe("c/cert");
    expect(result.recipients.map((r) => r.outcome)).toEqual(["delivered", "rejected"]);
  });
});

describe("delivery to accepted domains", () => {
  test("no connector match → delivered as anonymous internet mail", () => {
    const result = simulate(base, message("sender@example.org", "user@contoso.com", { sourceIp: UNKNOWN_IP }));
    expect(result).toMatchObject({ tenant: "contoso.onmicrosoft.com", attributedBy: "rcpt-to" });
    expect(result.connector).toBeUndefined();
    expect(result.recipients[0]).toMatchObject({ outcome: "delivered" });
    expect(result.recipients[0].reason).toMatch(/anonymous internet mail/);
  });

  test("with a connector match → delivered as internal mail", () => {
    const result = simulate(base, message("user@contoso.com", "other@sub.contoso.com", contosoIp));
    expect(result.recipients[0]).toMatchObject({ outcome: "delivered" });
    expect(result.recipients[0].reason).toMatch(/internal mail \(connector contoso\/ip, CloudServicesMailEnabled\)/);
  });
});

describe("RejectDirectSend", () => {
  const strict = topology({
    tenants: [tenant("c", { domains: ["contoso.com"], rejectDirectSend: true, inboundConnectors: [ipConnector("ip", ["203.0.113.0/24"], { path: "c/ip" })] })],
  });

  test("anonymous mail from an own domain is rejected 5.7.68", () => {
    const result = simulate(strict, message("ceo@contoso.com", "user@contoso.com", { sourceIp: UNKNOWN_IP }));
    expect(result.recipients[0]).toMatchObject({ outcome: "rejected", ndr: NDR_DIRECT_SEND });
    expect(result.steps.join("\n")).toMatch(/^direct send: RejectDirectSend is on in c\.onmicrosoft\.com/m);
  });

  test("the same message through a matched connector is delivered", () => {
    expect(simulate(strict, message("ceo@contoso.com", "user@contoso.com", { sourceIp: CONTOSO_IP })).recipients[0].outcome).toBe("delivered");
  });

  test("anonymous mail from an outside domain is delivered", () => {
    expect(simulate(strict, message("news@example.org", "user@contoso.com")).recipients[0].outcome).toBe("delivered");
  });

  test("without RejectDirectSend anonymous own-domain mail is delivered", () => {
    const lenient = topology({ tenants: [{ ...strict.tenants[0], rejectDirectSend: false }] });
    expect(simulate(lenient, message("ceo@contoso.com", "user@contoso.com")).recipients[0].outcome).toBe("delivered");
  });

  test("not attributed (ambiguous certificate): a connector of the tenant matching the certificate exempts own-domain mail from Direct Send", () => {
    const shared = topology({
      tenants: [
        tenant("a", { domains: ["a.com"], rejectDirectSend: true, inboundConnectors: [certificateConnector("cert", "mail.a.com", { path: "a/cert" })] }),
        tenant("b", { domains: ["b.com"], inboundConnectors: [certificateConnector("cert", "mail.b.com", { path: "b/cert" })] }),
        tenant("c", { domains: ["c.com"], rejectDirectSend: true }),
      ],
    });
    // Set-OrganizationConfig: "We only consider inbound connectors configured to match the sender IP or certificate".
    const result = simulate(shared, message("x@a.com", ["y@a.com", "z@b.com"], { certificateNames: ["mail.a.com", "mail.b.com"] }));
    expect(result.recipients.map((r) => [r.outcome, r.ndr])).toEqual([["delivered", undefined], ["delivered", undefined]]);
    // Tenant c has no connector the certificate matches: its own-domain mail is still Direct Send.
    const toC = simulate(shared, message("x@c.com", ["y@c.com"], { certificateNames: ["mail.a.com", "mail.b.com"] }));
    expect(toC.recipients.map((r) => [r.outcome, r.ndr])).toEqual([["rejected", NDR_DIRECT_SEND]]);
  });
});

test("multiple recipients with mixed outcomes", () => {
  // Attributed to fabrikam by MAIL FROM, matched by IP: own recipients delivered, outside ones relayed.
  const own = simulate(base, message("user@fabrikam.com", ["a@fabrikam.com", "b@example.net", "c@contoso.com"], fabrikamIp));
  expect(own.recipients.map((r) => r.outcome)).toEqual(["delivered", "relayed", "relayed"]);
  // A forwarded message over the IP connector, attributed by RCPT TO recipient by recipient: only fabrikam's gets through
  // as the customer's own mail; contoso's arrives there as internet mail; the outside one is not attributed.
  const forwarded = simulate(base, message("sender@fabrikam.example", ["a@fabrikam.com", "b@example.net", "c@contoso.com"], fabrikamIp));
  expect(forwarded).toMatchObject({ attributedBy: "rcpt-to" });
  expect(forwarded.tenant).toBeUndefined();
  expect(forwarded.recipients.map((r) => [r.address, r.outcome, r.ndr, r.tenant, r.connector])).toEqual([
    ["a@fabrikam.com", "delivered", undefined, "fabrikam.onmicrosoft.com", "fabrikam/ip"],
    ["b@example.net", "rejected", NDR_RELAY_DENIED, undefined, undefined],
    ["c@contoso.com", "delivered", undefined, "contoso.onmicrosoft.com", undefined],
  ]);
  // Attributed by RCPT TO alone: the outside recipient is rejected, a tenant's recipient arrives there as internet mail.
  const unattributed = simulate(base, message("sender@example.org", ["b@example.net", "c@contoso.com"]));
  expect(unattributed.recipients.map((r) => r.outcome)).toEqual(["rejected", "delivered"]);
  expect(unattributed.recipients[0].reason).toMatch(/not accepted in any tenant and the message is not attributed/);
  expect(unattributed.recipients[1].reason).toMatch(/contoso\.onmicrosoft\.com: delivered as anonymous internet mail/);
});

test("explain: false gives the same decisions without steps", () => {
  const messages = [
    message("", "x@example.net", cert),
    message("", ["user@fabrikam.com", "x@example.net"], fabrikamIp),
    message("ceo@contoso.com", "user@contoso.com"),
    message("s@example.org", ["x@example.net", "user@contoso.com"]),
  ];
  for (const m of messages) {
    const full = simulate(base, m);
    const brief = simulate(base, m, { explain: false });
    expect(brief.steps).toEqual([]);
    const strip = (r: typeof full) => ({ ...r, steps: [], recipients: r.recipients.map(({ reason: _, ...rest }) => rest) });
    expect(strip(brief)).toEqual(strip(full));
    for (const r of brief.recipients) expect(r.reason.length).toBeGreaterThan(0);
  }
});

test("results leave out absent optional fields", () => {
  const result = simulate(base, message("s@example.org", "x@example.net"));
  expect(Object.keys(result)).toEqual(["attributedBy", "recipients", "steps"]);
  expect(Object.keys(result.recipients[0])).toEqual(["address", "outcome", "ndr", "reason"]);
  expect(Object.keys(simulate(base, message("user@fabrikam.com", "a@fabrikam.com")).recipients[0])).toEqual(["address", "outcome", "tenant", "reason"]);
  expect(Object.keys(simulate(base, message("user@fabrikam.com", "a@fabrikam.com", fabrikamIp)).recipients[0])).toEqual(["address", "outcome", "tenant", "connector", "reason"]);
});

test("result fields come in the interface's order", () => {
  expect(Object.keys(simulate(base, message("user@contoso.com", "x@example.net", cert)))).toEqual(["tenant", "attributedBy", "connector", "recipients", "steps"]);
});
