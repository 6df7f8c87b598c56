/** Construct props for routing, clouds and sender kinds (issue 15: domain.md sections 2 and 4a). */
import { Testing, TerraformStack } from "cdktf";
import { Certificate, InvalidPropsError, OnPremisesOrganization, SendConnector, Tenant, checkTopology } from "../../lib";
import { topologyOf } from "../../lib/constructs/findings";

function setup(tenantProps: Partial<ConstructorParameters<typeof Tenant>[2]> = {}, org: ConstructorParameters<typeof OnPremisesOrganization>[2] = {}) {
  const stack = new TerraformStack(Testing.app(), "stack");
  const tenant = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com", ...tenantProps });
  const certificate = new Certificate(stack, "Cert", { subject: "CN=mail.contoso.com", issuer: "CN=CA" });
  const wildcard = new Certificate(stack, "Wildcard", { subject: "CN=*.contoso.com", issuer: "CN=CA" });
  const organization = new OnPremisesOrganization(stack, "Org", org);
  return { stack, tenant, certificate, wildcard, organization };
}

const model = (c: SendConnector) => c._toModel();

describe("send connector defaults (Microsoft's)", () => {
  test("worldwide: the tenant's endpoint, DomainValidation with mail.protection.outlook.com, Fqdn from the certificate, CloudServicesMailEnabled for Exchange Server", () => {
    const { organization, tenant, certificate } = setup();
    expect(model(new SendConnector(organization, "S", { tenant, certificate }))).toMatchObject({
      addressSpaces: ["*"], smartHosts: ["contoso.mail.protection.outlook.com"], dnsRoutingEnabled: false,
      tlsAuthLevel: "DomainValidation", tlsDomain: "mail.protection.outlook.com", fqdn: "mail.contoso.com", cloudServicesMailEnabled: true,
    });
  });

  test("a wildcard-only certificate leaves Fqdn unset instead of falling back to a Microsoft host name", () => {
    const { organization, tenant, wildcard } = setup();
    expect(model(new SendConnector(organization, "S", { tenant, certificate: wildcard })).fqdn).toBeUndefined();
  });

  test("null leaves TlsAuthLevel, TlsDomain and Fqdn unset (an exported connector without them), and keeps the checks between them", () => {
    const { organization, tenant, certificate } = setup();
    const unset = model(new SendConnector(organization, "S", { tenant, certificate, tlsAuthLevel: null, fqdn: null }));
    expect(unset).toMatchObject({ requireTls: true, tlsAuthLevel: undefined, tlsDomain: undefined });
    expect(unset.fqdn).toBeUndefined();
    expect(model(new SendConnector(organization, "T", { tenant, certificate, tlsDomain: null }))).toMatchObject({ tlsAuthLevel: "DomainValidation", tlsDomain: undefined, fqdn: "mail.contoso.com" });
    expect(() => new SendConnector(organization, "U", { tenant, certificate, tlsAuthLevel: null, tlsDomain: "mail.protection.outlook.com" })).toThrow(/tlsDomain needs tlsAuthLevel "DomainValidation"/);
    expect(() => new SendConnector(organization, "V", { tenant, certificate, requireTls: false, tlsAuthLevel: null })).not.toThrow();
  });

  test.each([
    ["gcc-high", "contoso.onmicrosoft.us", "contoso.mail.protection.office365.us", "mail.protection.office365.us", "contoso.mail.onmicrosoft.us"],
    ["21vianet", "contoso.partner.onmschina.cn", "contoso.mail.protection.partner.outlook.cn", "mail.protection.partner.outlook.cn", "contoso.mail.partner.onmschina.cn"],
  ] as const)("%s: endpoint, TlsDomain and coexistence domain of the cloud", (cloud, initialDomain, endpoint, tlsDomain, coexistence) => {
    const { organization, tenant, certificate } = setup({ cloud, initialDomain });
    expect(model(new SendConnector(organization, "S", { tenant, certificate }))).toMatchObject({ smartHosts: [endpoint], tlsDomain });
    expect(model(new SendConnector(organization, "C", { tenant, certificate, dnsRoutingEnabled: true }))).toMatchObject({ addressSpaces: [coexistence], smartHosts: [], dnsRoutingEnabled: true });
    expect(tenant._toModel().cloud).toBe(cloud);
  });

  test("a relay service: CloudServicesMailEnabled false by default", () => {
    const { organization, tenant, certificate } = setup({}, { senderKind: "relay-service" });
    expect(model(new SendConnector(organization, "S", { tenant, certificate })).cloudServicesMailEnabled).toBe(false);
  });

  test("address spaces with type and cost are normalized", () => {
    const { organization, tenant, certificate } = setup();
    const c = new SendConnector(organization, "S", { tenant, certificate, addressSpaces: ["SMTP:*.contoso.com;10", "*.com", "smtp:*;1"], isScopedConnector: true });
    expect(model(c)).toMatchObject({ addressSpaces: ["SMTP:*.contoso.com;10", "*.com", "*"], isScopedConnector: true });
  });
});

describe("invalid props", () => {
  const error = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      return (e as Error).message;
    }
    throw new Error("expected an error");
  };

  test("a Microsoft host name as Fqdn", () => {
    const { organization, tenant, certificate } = setup();
    const message = error(() => new SendConnector(organization, "S", { tenant, certificate, fqdn: "contoso.mail.protection.outlook.com" }));
    expect(message).toContain("[stack/Org/S]");
    expect(message).toContain("is a Microsoft host name");
  });

  test("smart hosts with DNS routing", () => {
    const { organization, tenant, certificate } = setup();
    expect(error(() => new SendConnector(organization, "S", { tenant, certificate, dnsRoutingEnabled: true, smartHosts: ["contoso.mail.protection.outlook.com"] })))
      .toContain("smartHosts need dnsRoutingEnabled false");
  });

  test("an address space with a bad cost or type", () => {
    const { organization, tenant, certificate } = setup();
    expect(error(() => new SendConnector(organization, "S", { tenant, certificate, addressSpaces: ["*;0"] }))).toContain("whole number from 1 to 100");
    expect(error(() => new SendConnector(organization, "T", { tenant, certificate, addressSpaces: ["X400:c=US"] }))).toContain("only SMTP");
  });

  test("an initial domain of another cloud", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    let thrown: unknown;
    try {
      new Tenant(stack, "T", { initialDomain: "contoso.onmicrosoft.us" });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InvalidPropsError);
    expect((thrown as Error).message).toContain('set cloud "gcc-high"');
    expect(() => new Tenant(stack, "U", { initialDomain: "contoso.onmicrosoft.us", cloud: "gcc-high" })).not.toThrow();
  });

  test("addUserMailboxes: a Tenant, at least one server, once per tenant", () => {
    const { organization, tenant } = setup();
    expect(error(() => organization.addUserMailboxes({} as Tenant, { servers: ["MBX1"] }))).toContain("expected a Tenant construct");
    const empty = error(() => organization.addUserMailboxes(tenant, { servers: [] }));
    expect(empty).toContain("at least one Mailbox server");
    organization.addUserMailboxes(tenant, { servers: ["MBX1"] });
    expect(error(() => organization.addUserMailboxes(tenant, { servers: ["MBX2"] }))).toContain("already declared");
  });

  test("sites: a site lists servers", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const message = error(() => new OnPremisesOrganization(stack, "Org", { sites: { hq: [] } }));
    expect(message).toContain("a site lists at least one server");
  });
});

test("the organization's sites and mailboxes reach the Topology, sorted", () => {
  const { stack, organization, tenant } = setup({}, { sites: { west: ["MBX2"], east: ["MBX1"] } });
  organization.addUserMailboxes(tenant, { servers: ["MBX1"] });
  const [org] = topologyOf(stack).organizations;
  expect(org).toMatchObject({ sites: [{ name: "east", servers: ["MBX1"] }, { name: "west", servers: ["MBX2"] }], userMailboxes: [{ tenantPath: "stack/Contoso", servers: ["MBX1"] }] });
  expect(checkTopology(stack).filter((f) => f.severity === "error")).toEqual([]);
});
