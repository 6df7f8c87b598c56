/**
 * Partner connectors and connector scoping in the simulator (domain.md sections 2 and 3): the RejectDirectSend
 * exemption (Set-OrganizationConfig), RestrictDomainsTo* → 550 5.7.51 (the text of Microsoft's 2025 post on hybrid
 * certificates), SenderDomains (model: P1 MAIL FROM) and AssociatedAcceptedDomains (Set-InboundConnector reference).
 */
import { NDR_DIRECT_SEND, NDR_PARTNER_RESTRICTED, NDR_RELAY_DENIED, simulate } from "../../lib/simulate";
import type { InboundConnectorModel } from "../../lib/model/topology";
import { certificateConnector, inbound, ipConnector, tenant, topology } from "../support/topology";
import { message } from "./fixtures";

const PARTNER_IP = "192.0.2.10";
const OTHER_IP = "198.51.100.99";

function contosoWith(connectors: InboundConnectorModel[], rejectDirectSend = false) {
  return topology({ tenants: [tenant("contoso", { domains: ["contoso.com", "sales.contoso.com"], rejectDirectSend, inboundConnectors: connectors })] });
}

const partner = (p: Partial<InboundConnectorModel> = {}) =>
  inbound({ name: "partner", path: "contoso/partner", connectorType: "Partner", cloudServicesMailEnabled: false, senderDomains: ["fabrikam.com"], senderIpAddresses: ["192.0.2.0/24"], ...p });

describe("RejectDirectSend and Partner connectors (Set-OrganizationConfig: only connectors that match the sender IP or certificate count)", () => {
  test("own-domain mail from a Partner connector's IP is partner mail, not Direct Send", () => {
    const t = contosoWith([partner({ senderDomains: ["smtp:*;1"] })], true);
    const result = simulate(t, message("app@contoso.com", "user@contoso.com", { sourceIp: PARTNER_IP }));
    expect(result.recipients).toEqual([expect.objectContaining({ outcome: "delivered", tenant: "contoso.onmicrosoft.com", connector: "contoso/partner" })]);
    expect(result.recipients[0].reason).toMatch(/delivered as partner mail \(Partner connector contoso\/partner\)/);
    expect(result.steps.join("\n")).toMatch(/partner: contoso\/partner .* matches by sender IP → .*not Direct Send \(Set-OrganizationConfig\)/);
  });

  test("the same mail from any other IP is Direct Send, rejected 5.7.68", () => {
    const t = contosoWith([partner({ senderDomains: ["*"] })], true);
    const result = simulate(t, message("app@contoso.com", "user@contoso.com", { sourceIp: OTHER_IP }));
    expect(result.recipients).toEqual([expect.objectContaining({ outcome: "rejected", ndr: NDR_DIRECT_SEND })]);
  });

  test("a Partner connector matched by certificate exempts too", () => {
    const t = contosoWith([partner({ senderDomains: ["*"], senderIpAddresses: [], tlsSenderCertificateName: "smtp.fabrikam.com" })], true);
    const result = simulate(t, message("app@contoso.com", "user@contoso.com", { sourceIp: OTHER_IP, certificateNames: ["smtp.fabrikam.com"] }));
    expect(result.recipients[0]).toMatchObject({ outcome: "delivered", connector: "contoso/partner" });
  });

  test("a disabled Partner connector, or one whose SenderDomains do not cover the MAIL FROM, does not exempt", () => {
    for (const connector of [partner({ senderDomains: ["*"], enabled: false }), partner({ senderDomains: ["fabrikam.com"] })]) {
      const result = simulate(contosoWith([connector], true), message("app@contoso.com", "user@contoso.com", { sourceIp: PARTNER_IP }));
      expect(result.recipients[0]).toMatchObject({ outcome: "rejected", ndr: NDR_DIRECT_SEND });
    }
  });
});

describe("RestrictDomainsToIPAddresses / RestrictDomainsToCertificate → 550 5.7.51", () => {
  test("mail from the Partner connector's sender domain from another IP is rejected 5.7.51", () => {
    const t = contosoWith([partner({ restrictDomainsToIpAddresses: true })]);
    const result = simulate(t, message("billing@fabrikam.com", "user@contoso.com", { sourceIp: OTHER_IP }));
    expect(result.recipients).toEqual([expect.objectContaining({ outcome: "rejected", ndr: NDR_PARTNER_RESTRICTED, connector: "contoso/partner" })]);
    expect(NDR_PARTNER_RESTRICTED).toMatch(/^550 5\.7\.51 TenantInboundAttribution; There is a partner connector configured/);
    expect(result.steps.join("\n")).toMatch(/sets RestrictDomainsToIPAddresses, but the source IP is not in its SenderIPAddresses → .*rejected 5\.7\.51/);
  });

  test("from its own IP it is delivered as partner mail", () => {
    const t = contosoWith([partner({ restrictDomainsToIpAddresses: true })]);
    expect(simulate(t, message("billing@fabrikam.com", "user@contoso.com", { sourceIp: PARTNER_IP })).recipients[0]).toMatchObject({ outcome: "delivered", connector: "contoso/partner" });
  });

  test("other sender domains are not its business: delivered as internet mail", () => {
    const t = contosoWith([partner({ restrictDomainsToIpAddresses: true })]);
    const result = simulate(t, message("news@example.org", "user@contoso.com", { sourceIp: OTHER_IP }));
    expect(result.recipients[0]).toMatchObject({ outcome: "delivered" });
    expect(result.recipients[0].connector).toBeUndefined();
  });

  test("without the restriction, mail from another IP is just internet mail", () => {
    const t = contosoWith([partner()]);
    expect(simulate(t, message("billing@fabrikam.com", "user@contoso.com", { sourceIp: OTHER_IP })).recipients[0]).toMatchObject({ outcome: "delivered" });
  });

  test("RestrictDomainsToCertificate rejects without the named certificate, accepts with it", () => {
    const t = contosoWith([partner({ senderIpAddresses: [], tlsSenderCertificateName: "*.fabrikam.com", restrictDomainsToCertificate: true })]);
    expect(simulate(t, message("billing@fabrikam.com", "user@contoso.com", { sourceIp: PARTNER_IP })).recipients[0])
      .toMatchObject({ outcome: "rejected", ndr: NDR_PARTNER_RESTRICTED });
    expect(simulate(t, message("billing@fabrikam.com", "user@contoso.com", { certificateNames: ["mx1.fabrikam.com"] })).recipients[0])
      .toMatchObject({ outcome: "delivered", connector: "contoso/partner" });
  });

  test("an OnPremises connector that matched decides first: the customer's own mail is not judged by Partner restrictions", () => {
    const t = contosoWith([ipConnector("onprem", ["198.51.100.0/24"], { path: "contoso/onprem" }), partner({ senderDomains: ["*"], restrictDomainsToIpAddresses: true })]);
    const result = simulate(t, message("user@contoso.com", "other@contoso.com", { sourceIp: OTHER_IP }));
    expect(result.recipients[0]).toMatchObject({ outcome: "delivered", connector: "contoso/onprem" });
  });
});

describe("SenderDomains forms (New-InboundConnector: *, *.contoso.com, contoso.com; the wizard writes smtp:*;1)", () => {
  test.each([
    ["*", "a@sub.fabrikam.com", true],
    ["smtp:*;1", "a@example.org", true],
    ["*.fabrikam.com", "a@fabrikam.com", true],
    ["*.fabrikam.com", "a@deep.sub.fabrikam.com", true],
    ["SMTP:*.fabrikam.com;5", "a@sub.fabrikam.com", true],
    ["fabrikam.com", "a@sub.fabrikam.com", false],
    ["fabrikam.com", "a@FABRIKAM.com", true],
    ["*.fabrikam.com", "a@notfabrikam.com", false],
    ["*", "", true],
    ["fabrikam.com", "", false],
  ])("SenderDomains %s covers MAIL FROM %p: %p", (senderDomain, mailFrom, covered) => {
    const t = contosoWith([partner({ senderDomains: [senderDomain], restrictDomainsToIpAddresses: true })]);
    const outcome = simulate(t, message(mailFrom, "user@contoso.com", { sourceIp: OTHER_IP })).recipients[0];
    expect(outcome.ndr === NDR_PARTNER_RESTRICTED).toBe(covered);
  });
});

describe("AssociatedAcceptedDomains scope an OnPremises connector by the MAIL FROM domain", () => {
  const scoped = (p: Partial<InboundConnectorModel> = {}) => ipConnector("onprem", ["203.0.113.0/24"], { path: "contoso/onprem", associatedAcceptedDomains: ["contoso.com"], ...p });

  test("MAIL FROM in an associated domain matches and relays", () => {
    const result = simulate(contosoWith([scoped()]), message("user@contoso.com", "x@example.net", { sourceIp: "203.0.113.5" }));
    expect(result).toMatchObject({ connector: "contoso/onprem" });
    expect(result.recipients[0]).toMatchObject({ outcome: "relayed", connector: "contoso/onprem" });
  });

  test("MAIL FROM in another accepted domain does not match: relay denied, and the explanation names the scope", () => {
    const result = simulate(contosoWith([scoped()]), message("user@sales.contoso.com", "x@example.net", { sourceIp: "203.0.113.5" }));
    expect(result.connector).toBeUndefined();
    expect(result.recipients[0]).toMatchObject({ outcome: "rejected", ndr: NDR_RELAY_DENIED });
    expect(result.steps.join("\n")).toMatch(/contoso\/onprem is scoped by AssociatedAcceptedDomains contoso\.com, which do not cover MAIL FROM sales\.contoso\.com/);
  });

  test("a null-sender NDR is outside a scoped connector (model: no domain)", () => {
    const t = topology({ tenants: [tenant("contoso", { domains: ["contoso.com"], inboundConnectors: [certificateConnector("cert", "mail.contoso.com", { path: "contoso/cert", associatedAcceptedDomains: ["contoso.com"] })] })] });
    const result = simulate(t, message("", "x@example.net", { certificateNames: ["mail.contoso.com"] }));
    // Step 1 still attributes by certificate (section 3 lists no scope there), but no connector matches: relay denied.
    expect(result).toMatchObject({ tenant: "contoso.onmicrosoft.com", attributedBy: "certificate" });
    expect(result.connector).toBeUndefined();
    expect(result.recipients[0]).toMatchObject({ outcome: "rejected", ndr: NDR_RELAY_DENIED });
  });

  test("an unscoped connector after a scoped one still matches", () => {
    const t = contosoWith([scoped(), ipConnector("all", ["203.0.113.0/24"], { path: "contoso/all" })]);
    expect(simulate(t, message("user@sales.contoso.com", "x@example.net", { sourceIp: "203.0.113.5" })).connector).toBe("contoso/all");
  });
});

test("authenticated vs internal: an OnPremises connector without CloudServicesMailEnabled or TreatMessagesAsInternal delivers as the customer's authenticated mail", () => {
  const t = contosoWith([ipConnector("onprem", ["203.0.113.0/24"], { path: "contoso/onprem", cloudServicesMailEnabled: false })]);
  const result = simulate(t, message("user@contoso.com", "other@contoso.com", { sourceIp: "203.0.113.5" }));
  expect(result.recipients[0].reason).toMatch(/authenticated mail from the customer's servers/);
});
