import { TerraformStack } from "cdktf";
import { Certificate, InboundConnector, NDR_RELAY_DENIED, Tenant, simulateMessage } from "../../lib";
import { testApp } from "../support/examples";

function contoso(identifyBy: "certificate" | "ip") {
  const stack = new TerraformStack(testApp(), "stack");
  const tenant = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
  tenant.addAcceptedDomain("contoso.com");
  const certificate = new Certificate(stack, "Cert", { subject: "CN=mail.contoso.com", issuer: "CN=Example CA" });
  new InboundConnector(tenant, "FromOnPrem", identifyBy === "certificate"
    ? { connectorType: "OnPremises", tlsSenderCertificateName: "mail.contoso.com" }
    : { connectorType: "OnPremises", senderIpAddresses: ["203.0.113.0/24"] });
  return { stack, certificate };
}

describe("simulateMessage", () => {
  test("a null-sender NDR relays over a certificate connector", () => {
    const { stack, certificate } = contoso("certificate");
    const result = simulateMessage(stack, { sourceIp: "203.0.113.25", certificate, mailFrom: "<>", rcptTo: "someone@example.net" });
    expect(result).toMatchObject({ tenant: "contoso.onmicrosoft.com", attributedBy: "certificate", connector: "stack/Contoso/FromOnPrem" });
    expect(result.recipients).toEqual([expect.objectContaining({ address: "someone@example.net", outcome: "relayed" })]);
  });

  test("the same NDR is rejected with 5.7.64 over an IP-only connector", () => {
    const { stack, certificate } = contoso("ip");
    const result = simulateMessage(stack, { sourceIp: "203.0.113.25", certificate, mailFrom: "", rcptTo: ["someone@example.net"] });
    expect(result.recipients[0]).toMatchObject({ outcome: "rejected", ndr: NDR_RELAY_DENIED });
  });

  test("certificate as DNS names, and users' own mail over the IP connector relays", () => {
    const { stack } = contoso("ip");
    const result = simulateMessage(stack, { sourceIp: "203.0.113.25", certificate: ["mail.contoso.com"], mailFrom: "user@contoso.com", rcptTo: "someone@example.net" });
    expect(result).toMatchObject({ attributedBy: "mail-from", recipients: [expect.objectContaining({ outcome: "relayed" })] });
  });

  test("no recipient is an error naming the scope", () => {
    const { stack } = contoso("ip");
    expect(() => simulateMessage(stack, { mailFrom: "", rcptTo: [] })).toThrow(/\[stack\] simulateMessage: rcptTo needs at least one recipient/);
  });
});
