import { MailFlowSimulator, NDR_RELAY_DENIED, simulate } from "../../lib/simulate";
import { acceptedDomain, certificateConnector, inbound, internalRelayDomain, tenant, topology } from "../support/topology";
import { base, contoso, CONTOSO_IP, fabrikam, message, UNKNOWN_IP, woodgrove } from "./fixtures";

describe("step 1: certificate", () => {
  test("a certificate matching a connector whose domain is accepted attributes by certificate", () => {
    const result = simulate(base, message("user@contoso.com", "someone@example.net", { certificateNames: ["mail.contoso.com"] }));
    expect(result).toMatchObject({ tenant: "contoso.onmicrosoft.com", attributedBy: "certificate", connector: "contoso/cert" });
    expect(result.steps[0]).toMatch(/^certificate: .*mail\.contoso\.com.*contoso\/cert.*certificate domain contoso\.com is accepted.*attributed by certificate/);
  });

  test("the certificate wins over MAIL FROM and RCPT TO of another tenant", () => {
    const result = simulate(base, message("user@fabrikam.com", "user@woodgrove.com", { certificateNames: ["mail.contoso.com"] }));
    expect(result).toMatchObject({ tenant: "contoso.onmicrosoft.com", attributedBy: "certificate" });
  });

  test("any DNS name of the certificate can match (CN or SAN), case-insensitively", () => {
    const result = simulate(base, message("", "someone@example.net", { certificateNames: ["smtp.other.example", "MAIL.Contoso.COM"] }));
    expect(result).toMatchObject({ tenant: "contoso.onmicrosoft.com", attributedBy: "certificate", connector: "contoso/cert" });
  });

  test("a certificate that matches no connector falls through to MAIL FROM", () => {
    const result = simulate(base, message("user@fabrikam.com", "someone@example.net", { certificateNames: ["mx.unrelated.example"] }));
    expect(result).toMatchObject({ tenant: "fabrikam.onmicrosoft.com", attributedBy: "mail-from" });
    expect(result.steps[0]).toMatch(/no enabled OnPremises connector matches it; next: MAIL FROM/);
  });

  describe("KB 4019940: host.sub.contoso.com needs sub.contoso.com (or itself) accepted", () => {
    const connector = certificateConnector("cert", "host.sub.contoso.com", { path: "c/cert" });
    const certificateNames = ["host.sub.contoso.com"];

    test("contoso.com alone is not enough: the certificate does not attribute", () => {
      const only = topology({ tenants: [tenant("c", { domains: ["contoso.com"], inboundConnectors: [connector] })] });
      const result = simulate(only, message("", "someone@example.net", { certificateNames }));
      expect(result.attributedBy).toBe("none");
      expect(result.recipients[0]).toMatchObject({ outcome: "rejected", ndr: NDR_RELAY_DENIED });
      expect(result.steps[0]).toMatch(/c\/cert .* matches but its certificate domain is not accepted there \(KB 4019940/);
    });

    test("with sub.contoso.com accepted it attributes by certificate and relays the NDR", () => {
      const withSub = topology({ tenants: [tenant("c", { domains: ["contoso.com", "sub.contoso.com"], inboundConnectors: [connector] })] });
      const result = simulate(withSub, message("", "someone@example.net", { certificateNames }));
      expect(result).toMatchObject({ tenant: "c.onmicrosoft.com", attributedBy: "certificate", connector: "c/cert" });
      expect(result.recipients[0].outcome).toBe("relayed");
    });

    test("with the host name itself accepted it attributes by certificate", () => {
      const withHost = topology({ tenants: [tenant("c", { domains: ["host.sub.contoso.com"], inboundConnectors: [connector] })] });
      expect(simulate(withHost, message("", "someone@example.net", { certificateNames })).attributedBy).toBe("certificate");
    });

    test("a MatchSubDomains InternalRelay parent makes the host name accepted", () => {
      const relay = topology({ tenants: [tenant("c", { acceptedDomains: [internalRelayDomain("contoso.com")], inboundConnectors: [connector] })] });
      expect(simulate(relay, message("", "someone@example.net", { certificateNames })).attributedBy).toBe("certificate");
    });
  });

  describe("wildcard connector *.contoso.com", () => {
    const wild = topology({
      tenants: [tenant("c", { domains: ["contoso.com"], inboundConnectors: [certificateConnector("wild", "*.contoso.com", { path: "c/wild" })] })],
    });
    test.each([["mail.contoso.com"], ["smtp.eu.contoso.com"], ["contoso.com"], ["*.contoso.com"]])("matches %s", (name) => {
      const result = simulate(wild, message("", "someone@example.net", { certificateNames: [name] }));
      expect(result).toMatchObject({ tenant: "c.onmicrosoft.com", attributedBy: "certificate", connector: "c/wild" });
      expect(result.recipients[0].outcome).toBe("relayed");
    });
    test.each([["notcontoso.com"], ["contoso.com.evil.example"], ["mail.fabrikam.com"]])("does not match %s", (name) => {
      expect(simulate(wild, message("", "someone@example.net", { certificateNames: [name] })).attributedBy).toBe("none");
    });
  });

  test("a certificate's own wildcard *.contoso.com matches a host-name connector one level under contoso.com", () => {
    expect(simulate(base, message("", "someone@example.net", { certificateNames: ["*.contoso.com"] }))).toMatchObject({
      attributedBy: "certificate", connector: "contoso/cert",
    });
  });

  test("a disabled connector is ignored, and the explanation says so", () => {
    const disabled = topology({
      tenants: [tenant("c", { domains: ["contoso.com"], inboundConnectors: [certificateConnector("cert", "mail.contoso.com", { path: "c/cert", enabled: false })] })],
    });
    const result = simulate(disabled, message("", "someone@example.net", { certificateNames: ["mail.contoso.com"] }));
    expect(result.attributedBy).toBe("none");
    expect(result.connector).toBeUndefined();
    expect(result.steps[0]).toMatch(/c\/cert of c\.onmicrosoft\.com matches but is ignored: disabled/);
  });

  test("a Partner connector is ignored for attribution and connector match", () => {
    const partner = topology({
      tenants: [tenant("c", {
        domains: ["contoso.com"],
        inboundConnectors: [inbound({ name: "partner", path: "c/partner", connectorType: "Partner", tlsSenderCertificateName: "mail.contoso.com", senderIpAddresses: ["203.0.113.0/24"] })],
      })],
    });
    const result = simulate(partner, message("user@contoso.com", "someone@example.net", { certificateNames: ["mail.contoso.com"], sourceIp: CONTOSO_IP }));
    expect(result).toMatchObject({ tenant: "c.onmicrosoft.com", attributedBy: "mail-from" });
    expect(result.connector).toBeUndefined();
    expect(result.recipients[0]).toMatchObject({ outcome: "rejected", ndr: NDR_RELAY_DENIED });
    expect(result.steps[0]).toMatch(/ignored: a Partner connector/);
    expect(result.steps.join("\n")).toMatch(/c\/partner covers the IP but is ignored: a Partner connector/);
  });

  describe("ambiguous certificate (the shared-certificate anti-pattern)", () => {
    const shared = topology({
      tenants: [
        tenant("zeta", { domains: ["zeta.com"], inboundConnectors: [certificateConnector("cert", "mail.zeta.com", { path: "zeta/cert" })] }),
        tenant("alpha", { domains: ["alpha.com"], inboundConnectors: [certificateConnector("cert", "mail.alpha.com", { path: "alpha/cert" })] }),
      ],
    });
    const certificateNames = ["mail.zeta.com", "mail.alpha.com"];

    test("lists the tenants sorted and attributes to none, without consulting MAIL FROM or RCPT TO", () => {
      const result = simulate(shared, message("user@alpha.com", ["someone@example.net", "user@zeta.com"], { certificateNames }));
      expect(result.attributedBy).toBe("none");
      expect(result.tenant).toBeUndefined();
      expect(result.connector).toBeUndefined();
      expect(result.ambiguousTenants).toEqual(["alpha.onmicrosoft.com", "zeta.onmicrosoft.com"]);
      expect(result.recipients).toEqual([
        expect.objectContaining({ address: "someone@example.net", outcome: "rejected", ndr: NDR_RELAY_DENIED }),
        expect.objectContaining({ address: "user@zeta.com", outcome: "delivered" }),
      ]);
      expect(result.steps).toHaveLength(1);
      expect(result.steps[0]).toMatch(/ambiguous, the shared-certificate anti-pattern; the message is not attributed/);
    });

    test("a connector that matches but whose domain is not accepted is no candidate, so no ambiguity", () => {
      const oneAccepted = topology({
        tenants: [
          shared.tenants[0],
          tenant("alpha", { domains: ["other.com"], inboundConnectors: [certificateConnector("cert", "mail.alpha.com", { path: "alpha/cert" })] }),
        ],
      });
      const result = simulate(oneAccepted, message("", "someone@example.net", { certificateNames }));
      expect(result).toMatchObject({ tenant: "zeta.onmicrosoft.com", attributedBy: "certificate", connector: "zeta/cert" });
      expect(result.ambiguousTenants).toBeUndefined();
    });

    test("two matching connectors in the same tenant are one candidate", () => {
      const twice = topology({
        tenants: [tenant("c", {
          domains: ["contoso.com"],
          inboundConnectors: [
            certificateConnector("a", "*.contoso.com", { path: "c/a" }),
            certificateConnector("b", "mail.contoso.com", { path: "c/b" }),
          ],
        })],
      });
      expect(simulate(twice, message("", "x@example.net", { certificateNames: ["mail.contoso.com"] }))).toMatchObject({
        attributedBy: "certificate", connector: "c/a",
      });
    });
  });
});

describe("step 2: MAIL FROM", () => {
  test("the tenant that accepts the MAIL FROM domain", () => {
    const result = simulate(base, message("user@fabrikam.com", "someone@example.net", { sourceIp: UNKNOWN_IP }));
    expect(result).toMatchObject({ tenant: "fabrikam.onmicrosoft.com", attributedBy: "mail-from" });
    expect(result.steps[1]).toBe("mail-from: MAIL FROM domain fabrikam.com is an accepted domain of fabrikam.onmicrosoft.com → attributed by mail-from");
  });

  test("MAIL FROM in angle brackets and upper case", () => {
    expect(simulate(base, message("<User@FABRIKAM.com>", "someone@example.net")).tenant).toBe("fabrikam.onmicrosoft.com");
  });

  test("MatchSubDomains on an InternalRelay domain covers subdomains", () => {
    const relay = topology({ tenants: [tenant("c", { acceptedDomains: [internalRelayDomain("contoso.com")] })] });
    const result = simulate(relay, message("app@eu.mail.contoso.com", "someone@example.net"));
    expect(result).toMatchObject({ tenant: "c.onmicrosoft.com", attributedBy: "mail-from" });
    expect(result.steps[1]).toMatch(/lies under contoso\.com, an InternalRelay accepted domain with MatchSubDomains/);
  });

  test("without MatchSubDomains a subdomain is not accepted", () => {
    const plain = topology({
      tenants: [tenant("c", { acceptedDomains: [internalRelayDomain("contoso.com", { matchSubDomains: false }), acceptedDomain({ domainName: "fabrikam.com" })] })],
    });
    expect(simulate(plain, message("app@eu.contoso.com", "someone@example.net")).attributedBy).toBe("none");
  });

  test("an exact accepted domain in one tenant beats a MatchSubDomains parent in another", () => {
    const nested = topology({
      tenants: [
        tenant("parent", { acceptedDomains: [internalRelayDomain("contoso.com")] }),
        tenant("child", { domains: ["eu.contoso.com"] }),
      ],
    });
    const simulator = new MailFlowSimulator(nested);
    expect(simulator.simulate(message("a@eu.contoso.com", "x@example.net")).tenant).toBe("child.onmicrosoft.com");
    expect(simulator.simulate(message("a@us.contoso.com", "x@example.net")).tenant).toBe("parent.onmicrosoft.com");
  });

  test("the tenant's initial domain is accepted even when not declared", () => {
    expect(simulate(base, message("admin@woodgrove.onmicrosoft.com", "someone@example.net"))).toMatchObject({
      tenant: "woodgrove.onmicrosoft.com", attributedBy: "mail-from",
    });
  });

  test("a domain declared in two tenants goes to the first in topology order, and the explanation flags it", () => {
    const twice = topology({ tenants: [tenant("first", { domains: ["contoso.com"] }), tenant("second", { domains: ["contoso.com"] })] });
    const result = simulate(twice, message("a@contoso.com", "x@example.net"));
    expect(result.tenant).toBe("first.onmicrosoft.com");
    expect(result.steps[1]).toMatch(/also declared in second\.onmicrosoft\.com: accepted-domain-in-multiple-tenants/);
  });
});

describe("step 3: RCPT TO", () => {
  test("each recipient goes to the tenant that accepts its domain (per recipient: domain.md section 3)", () => {
    const result = simulate(base, message("sender@example.org", ["user@woodgrove.com", "user@contoso.com"], { sourceIp: UNKNOWN_IP }));
    expect(result.attributedBy).toBe("rcpt-to");
    expect(result.tenant).toBeUndefined();
    expect(result.recipients.map((r) => [r.outcome, r.tenant])).toEqual([["delivered", "woodgrove.onmicrosoft.com"], ["delivered", "contoso.onmicrosoft.com"]]);
    expect(result.steps[2]).toMatch(/^rcpt-to: RCPT TO domain woodgrove\.com is an accepted domain of woodgrove\.onmicrosoft\.com/);
    expect(result.steps.join("\n")).toMatch(/rcpt-to: RCPT TO domain contoso\.com is an accepted domain of contoso\.onmicrosoft\.com/);
  });

  test("a null sender goes on to RCPT TO", () => {
    const result = simulate(base, message("<>", "user@contoso.com"));
    expect(result).toMatchObject({ tenant: "contoso.onmicrosoft.com", attributedBy: "rcpt-to" });
    expect(result.steps[1]).toBe("mail-from: null sender <> (an NDR) has no domain; next: RCPT TO, each recipient on its own");
  });

  test("a recipient no tenant accepts does not stop the others, wherever it stands", () => {
    for (const rcptTo of [["x@example.net", "user@contoso.com"], ["user@contoso.com", "x@example.net"]]) {
      const result = simulate(base, message("s@example.org", rcptTo));
      expect(result).toMatchObject({ attributedBy: "rcpt-to", tenant: "contoso.onmicrosoft.com" });
      const byAddress = Object.fromEntries(result.recipients.map((r) => [r.address, [r.outcome, r.ndr]]));
      expect(byAddress).toEqual({ "x@example.net": ["rejected", NDR_RELAY_DENIED], "user@contoso.com": ["delivered", undefined] });
    }
  });
});

describe("step 4: none", () => {
  test("no certificate, foreign MAIL FROM, foreign RCPT TO: not attributed, relay denied", () => {
    const result = simulate(base, message("sender@example.org", ["a@example.net", "b@example.com"], { sourceIp: CONTOSO_IP }));
    expect(result.attributedBy).toBe("none");
    expect(result.tenant).toBeUndefined();
    expect(result.connector).toBeUndefined();
    expect(result.recipients.map((r) => [r.outcome, r.ndr])).toEqual([["rejected", NDR_RELAY_DENIED], ["rejected", NDR_RELAY_DENIED]]);
    expect(result.steps[result.steps.length - 1]).toMatch(/^not attributed:/);
  });

  test("an empty topology attributes nothing", () => {
    expect(simulate(topology(), message("a@contoso.com", "b@contoso.com")).attributedBy).toBe("none");
  });

  test("a message without recipients is refused", () => {
    expect(() => simulate(base, message("a@contoso.com", []))).toThrow(/at least one recipient/);
  });
});

test("fixtures sanity: the three tenants are distinct", () => {
  expect(new Set([contoso.initialDomain, fabrikam.initialDomain, woodgrove.initialDomain]).size).toBe(3);
});
