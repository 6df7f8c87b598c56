import { Testing, TerraformStack } from "cdktf";
import { Certificate, InboundConnector, InvalidPropsError, OnPremisesOrganization, OutboundConnector, SendConnector, SpoofPair, Tenant } from "../../lib";

function setup() {
  const stack = new TerraformStack(Testing.app(), "stack");
  const tenant = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
  return { stack, tenant };
}

/** Runs `fn`, expects an InvalidPropsError, and returns its message. */
function propsError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPropsError);
    return (error as Error).message;
  }
  throw new Error("expected construction to fail");
}

describe("invalid props fail at construction with path, prop, value and the allowed form", () => {
  test("an IPv6 sender range", () => {
    const { tenant } = setup();
    const message = propsError(() => new InboundConnector(tenant, "In", { connectorType: "OnPremises", senderIpAddresses: ["2001:db8::/48"] }));
    expect(message).toContain("[stack/Contoso/In]");
    expect(message).toContain('senderIpAddresses[0]: "2001:db8::/48"');
    expect(message).toMatch(/IPv4 only/);
    expect(message).toMatch(/\/24 to \/32/);
  });

  test("a /16 sender range", () => {
    const { tenant } = setup();
    const message = propsError(() => new InboundConnector(tenant, "In", { connectorType: "OnPremises", senderIpAddresses: ["203.0.113.9", "10.1.0.0/16"] }));
    expect(message).toContain('senderIpAddresses[1]: "10.1.0.0/16"');
    expect(message).toMatch(/prefix \/16 is too wide: the allowed prefixes are \/24 to \/32/);
    expect(message).not.toContain("senderIpAddresses[0]");
  });

  test("an embedded wildcard *contoso.com", () => {
    const { tenant } = setup();
    const message = propsError(() => new InboundConnector(tenant, "In", { connectorType: "OnPremises", tlsSenderCertificateName: "*contoso.com" }));
    expect(message).toContain('tlsSenderCertificateName: "*contoso.com"');
    expect(message).toMatch(/\*\.contoso\.com/);
  });

  test("an address space *contoso.com on a send connector", () => {
    const { stack, tenant } = setup();
    const certificate = new Certificate(stack, "Cert", { subject: "CN=mail.contoso.com", issuer: "CN=CA" });
    const org = new OnPremisesOrganization(stack, "Org");
    const message = propsError(() => new SendConnector(org, "Send", { tenant, certificate, addressSpaces: ["*contoso.com"] }));
    expect(message).toContain("[stack/Org/Send]");
    expect(message).toContain('addressSpaces[0]: "*contoso.com"');
    expect(message).toMatch(/allowed: \*, \*\.contoso\.com or contoso\.com/);
  });

  test("an empty tenant domain", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const message = propsError(() => new Tenant(stack, "Empty", { initialDomain: "" }));
    expect(message).toContain("[stack/Empty]");
    expect(message).toContain('initialDomain: ""');
    expect(message).toMatch(/<name>\.onmicrosoft\.com/);
  });

  test("an unknown connector type", () => {
    const { tenant } = setup();
    const message = propsError(() => new InboundConnector(tenant, "In", { connectorType: "Internet" as never, tlsSenderCertificateName: "mail.contoso.com" }));
    expect(message).toContain('connectorType: "Internet"');
    expect(message).toContain('expected one of "OnPremises", "Partner"');
  });

  test("every problem is reported at once: wrong types and unknown props", () => {
    const { tenant } = setup();
    const message = propsError(() => new OutboundConnector(tenant, "Out", { connectorType: "Partner", enabled: "yes", smartHosts: [42], colour: "red" } as never));
    expect(message).toContain('enabled: "yes" is not allowed: expected boolean');
    expect(message).toContain("smartHosts[0]: 42 is not allowed");
    expect(message).toContain('colour: "red" is not a known prop');
  });

  test("every problem is reported at once: settings that need each other", () => {
    const { tenant } = setup();
    const message = propsError(() => new OutboundConnector(tenant, "Out", { connectorType: "Partner", useMxRecord: false, tlsDomain: "x.com", allAcceptedDomains: true }));
    expect(message).toContain("useMxRecord: false is not allowed: useMxRecord false needs smartHosts");
    expect(message).toContain('tlsDomain: "x.com" is not allowed: tlsDomain needs tlsSettings "DomainValidation"');
    expect(message).toContain('allAcceptedDomains: true is not allowed: needs connectorType "OnPremises"');
  });

  test("an OnPremises inbound connector with neither certificate nor IPs", () => {
    const { tenant } = setup();
    expect(propsError(() => new InboundConnector(tenant, "In", { connectorType: "OnPremises" }))).toMatch(/needs tlsSenderCertificateName/);
  });

  test("a spoof pair on a host name is accepted (the walkthrough's gmail.com / tms.mx.com); on a public suffix it is refused", () => {
    const { tenant } = setup();
    expect(() => new SpoofPair(tenant, "Walkthrough", { spoofedUser: "gmail.com", sendingInfrastructure: "tms.mx.com", spoofType: "External" })).not.toThrow();
    const message = propsError(() => new SpoofPair(tenant, "Spoof", { spoofedUser: "contoso.com", sendingInfrastructure: "co.uk", spoofType: "External" }));
    expect(message).toContain("is a public suffix");
  });

  test("a control character in a name", () => {
    const { tenant } = setup();
    expect(propsError(() => new InboundConnector(tenant, "In", { connectorType: "OnPremises", name: "a\u0000b", tlsSenderCertificateName: "mail.contoso.com" }))).toMatch(/control character U\+0000/);
  });

  test("props that are not an object", () => {
    const { stack } = setup();
    expect(propsError(() => new Tenant(stack, "T", undefined as never))).toMatch(/expected an object of props/);
  });

  test("a send connector without a tenant or certificate construct", () => {
    const { stack } = setup();
    const org = new OnPremisesOrganization(stack, "Org");
    const message = propsError(() => new SendConnector(org, "Send", { tenant: "contoso" as never, certificate: undefined as never }));
    expect(message).toContain('tenant: "contoso" is not allowed: expected a Tenant construct');
    expect(message).toContain("certificate: (missing)");
  });

  test("a connector outside a tenant names the fix", () => {
    const { stack } = setup();
    expect(() => new InboundConnector(stack as never, "In", { connectorType: "OnPremises", tlsSenderCertificateName: "mail.contoso.com" })).toThrow(
      /\[stack\/In\] an InboundConnector is declared inside a Tenant: pass the Tenant as its scope/,
    );
  });
});
