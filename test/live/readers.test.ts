import { createHash, X509Certificate } from "crypto";
import * as fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { formatProblem, readLiveEstate } from "../../lib/live";

const FIXTURES = path.join(__dirname, "..", "fixtures", "live");
const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-live-"));
}

describe("the export scripts' folders (one tenant)", () => {
  const estate = readLiveEstate([fixture("one-tenant")]);
  const [tenant] = estate.topology.tenants;

  test("read without a problem, the tenant named by the manifest", () => {
    expect(estate.problems).toEqual([]);
    expect(estate.topology.tenants.map((t) => [t.path, t.initialDomain])).toEqual([["live/contoso", "contoso.onmicrosoft.com"]]);
    expect(tenant.acceptedDomains.map((d) => [d.domainName, d.domainType, d.matchSubDomains])).toEqual([
      ["contoso.com", "Authoritative", false],
      ["contoso.mail.onmicrosoft.com", "Authoritative", false],
      ["contoso.onmicrosoft.com", "Authoritative", false],
      ["mail.contoso.com", "Authoritative", false],
      ["sales.contoso.com", "InternalRelay", true],
    ]);
    expect(tenant.organizationConfig).toEqual({ path: "live/contoso/OrganizationConfig", rejectDirectSend: true });
    expect(tenant.spoofPairs.map((s) => [s.spoofedUser, s.sendingInfrastructure, s.spoofType, s.action])).toEqual([["newsletter.example.org", "mailer.example", "External", "Allow"]]);
  });

  test("the library's marker is split off the Comment; smtp:domain;1 becomes the domain", () => {
    const fromOnPremises = tenant.inboundConnectors.find((c) => c.name === "From on-premises")!;
    expect(fromOnPremises.comment).toBe("Hybrid mail from EX01 and EX02");
    expect(estate.markers.get(fromOnPremises.path)).toEqual(["prod/Contoso/FromOnPremises"]);
    const partner = tenant.inboundConnectors.find((c) => c.name === "Partner Fabrikam")!;
    expect(partner).toMatchObject({ connectorType: "Partner", senderDomains: ["fabrikam.com"], senderIpAddresses: ["198.51.100.0/24"], restrictDomainsToIpAddresses: true });
    expect(estate.markers.has(partner.path)).toBe(false);
  });
});

describe("plain ConvertTo-Json and ScubaGear (several tenants)", () => {
  const estate = readLiveEstate([fixture("several-tenants")]);

  test("one object or a list, \\/Date(ms)\\/, UTF-16 with BOM, an a-b range that is one CIDR block, [null], capitals", () => {
    expect(estate.problems).toEqual([]);
    expect(estate.topology.tenants.map((t) => t.initialDomain)).toEqual(["tailspintoys.onmicrosoft.com", "wingtiptoys.onmicrosoft.com"]);
    const [tailspin, wingtip] = estate.topology.tenants;
    expect(tailspin.inboundConnectors[0]).toMatchObject({ senderIpAddresses: ["203.0.113.10/32", "203.0.113.11/32", "203.0.113.16/29"], treatMessagesAsInternal: true, cloudServicesMailEnabled: false });
    expect(tailspin.outboundConnectors[0]).toMatchObject({ name: "Partner Wingtip TLS", connectorType: "Partner", tlsSettings: "CertificateValidation", useMxRecord: true });
    expect(wingtip.acceptedDomains.map((d) => d.domainName)).toEqual(["wingtiptoys.com", "wingtiptoys.onmicrosoft.com"]);
    expect(wingtip.inboundConnectors).toEqual([]);
    expect(wingtip.outboundConnectors.map((c) => c.smartHosts)).toEqual([["mx.tailspintoys.com"]]);
  });

  test("a file of another cmdlet's records is a note, not a problem", () => {
    expect(estate.notes).toEqual([expect.stringContaining(`mailboxes.json: holds no record of a cmdlet this tool reads`)]);
  });
});

describe("Export-Clixml (the Hybrid Configuration Wizard's estate)", () => {
  const estate = readLiveEstate([fixture("hybrid-wizard")]);

  test("enums by their ToString, objects by their ToString, <Ref>, DNS routing to the coexistence domain", () => {
    expect(estate.problems).toEqual([]);
    const [organization] = estate.topology.organizations;
    expect(organization.transportServers).toEqual(["EX01", "EX02"]);
    expect(organization.sendConnectors).toEqual([
      expect.objectContaining({
        name: "Outbound to Office 365 - 6c2b5a0e-7f3d-4c4b-9a52-1d9e3f8a7b21",
        tenantPath: "live/contoso",
        addressSpaces: ["contoso.mail.onmicrosoft.com"],
        dnsRoutingEnabled: true,
        smartHosts: [],
        sourceTransportServers: ["EX01", "EX02"],
        tlsAuthLevel: "DomainValidation",
        tlsDomain: "mail.protection.outlook.com",
        fqdn: "mail.contoso.com",
      }),
    ]);
    // The internet send connector (address space *, DNS) reaches no tenant: left out, and said so.
    expect(estate.notes).toEqual([expect.stringContaining(`"Internet mail"`)]);
  });

  test("the certificate is read from its DER: names as Windows writes them, SANs, expiry, SHA-1 thumbprint; the auth certificate (no DNS name) is left out", () => {
    const xml = fs.readFileSync(fixture("hybrid-wizard", "contoso-exchange", "Get-ExchangeCertificate.xml"), "utf8");
    const der = Buffer.from(/<BA N="RawData">([^<]+)<\/BA>/.exec(xml)![1], "base64");
    const x509 = new X509Certificate(der);
    expect(estate.topology.certificates).toEqual([
      {
        path: expect.stringMatching(/^live\/mail\.contoso\.com [0-9A-F]{8}$/),
        subject: "CN=mail.contoso.com, O=Contoso Ltd, C=US",
        issuer: "CN=Contoso Test Issuing CA, O=Contoso Ltd, C=US",
        commonName: "mail.contoso.com",
        subjectAlternativeNames: ["mail.contoso.com", "autodiscover.contoso.com"],
        dnsNames: ["mail.contoso.com", "autodiscover.contoso.com"],
        thumbprint: createHash("sha1").update(der).digest("hex").toUpperCase(),
        notAfter: new Date(x509.validTo).toISOString().slice(0, 10),
      },
    ]);
    expect(estate.topology.certificates[0].thumbprint).toBe(x509.fingerprint.replace(/:/g, ""));
  });
});

describe("malformed input: one clear line per problem, the rest still read, never a throw", () => {
  const estate = readLiveEstate([fixture("malformed")]);
  const lines = estate.problems.map(formatProblem);

  test("each problem is one line naming the file, and the record and field when there is one", () => {
    for (const line of lines) expect(line).not.toMatch(/[\r\n]/);
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/binary\.json: is binary, not a JSON or CliXML export: skipped$/),
      expect.stringMatching(/not-clixml\.xml: is not PowerShell CliXML: the root element is <html>/),
      expect.stringMatching(/truncated\/Get-InboundConnector\.json: is not valid JSON: .*looks truncated; export it again\)$/),
      expect.stringMatching(/answer\.json: holds a number, not an object or a list of objects/),
      expect.stringMatching(/Get-AcceptedDomain\.json: record 3 \(accepted domain\): DomainName: expected text, found a list of 2: record skipped$/),
      expect.stringMatching(/Get-InboundConnector\.json: record 1 \(inbound connector "Numbers for IPs"\): SenderIPAddresses: expected text, found the number 5/),
      expect.stringMatching(/record 2 \(inbound connector "Enum as number"\): ConnectorType: is the number 2, an enum written as a number/),
      expect.stringMatching(/record 3 \(inbound connector "Too wide"\): SenderIPAddresses\[0\]: "10\.0\.0\.0\/8": prefix \/8 is too wide/),
      expect.stringMatching(/Get-InboundConnector\.json: record 5: is a string, not an object: skipped$/),
    ]));
    expect(lines).toHaveLength(9);
  });

  test("the good records next to the bad ones are read", () => {
    expect(estate.topology.tenants.map((t) => [t.initialDomain, t.acceptedDomains.map((d) => d.domainName), t.inboundConnectors.map((c) => c.name)])).toEqual([
      ["northwind.onmicrosoft.com", ["northwind.com", "northwind.onmicrosoft.com"], ["Good one"]],
    ]);
  });

  test("a 100 MB file is refused by its size, in one line, without reading it", () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, "Get-InboundConnector.json");
      fs.writeFileSync(file, "");
      fs.truncateSync(file, 100 * 1024 * 1024);
      const read = readLiveEstate([dir]);
      expect(read.problems.map(formatProblem)).toEqual([`${file}: is 100.0 MiB, larger than an export of one tenant or organization can be (32 MiB read at most): skipped`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a record with a 5 MB field is skipped, naming the field; its neighbours are read", () => {
    const dir = tempDir();
    try {
      const records = [
        { Name: "Huge", ConnectorType: "OnPremises", SenderIPAddresses: ["203.0.113.5"], Comment: "x".repeat(5 * 1024 * 1024) },
        { Name: "Fine", ConnectorType: "OnPremises", SenderIPAddresses: ["203.0.113.6"] },
      ];
      fs.writeFileSync(path.join(dir, "Get-InboundConnector.json"), JSON.stringify(records));
      fs.writeFileSync(path.join(dir, "Get-AcceptedDomain.json"), JSON.stringify({ DomainName: "litware.onmicrosoft.com", DomainType: "Authoritative", InitialDomain: true }));
      const read = readLiveEstate([dir]);
      expect(read.problems.map(formatProblem)).toEqual([
        `${path.join(dir, "Get-InboundConnector.json")}: record 1 (inbound connector "Huge"): Comment: holds 5,242,880 characters, more than any Exchange setting (65,536 read at most): record skipped`,
      ]);
      expect(read.topology.tenants[0].inboundConnectors.map((c) => c.name)).toEqual(["Fine"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a folder that does not exist is one problem", () => {
    expect(readLiveEstate(["/nonexistent/estate"]).problems.map(formatProblem)).toEqual([
      "/nonexistent/estate: cannot read it (ENOENT): pass export files or folders of them",
    ]);
  });

  test("property: any JSON value or any bytes in export files never throws, and every problem is one line", () => {
    const dir = tempDir();
    try {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")),
            fc.record({ Name: fc.string(), ConnectorType: fc.constantFrom("OnPremises", "Partner", 1, null), SenderIPAddresses: fc.jsonValue(), TlsSenderCertificateName: fc.jsonValue(), Comment: fc.jsonValue() }).map((r) => JSON.stringify([r, { DomainName: "x.onmicrosoft.com", DomainType: "Authoritative", InitialDomain: true }]))),
          { minLength: 1, maxLength: 4 }),
          (contents) => {
            fs.rmSync(dir, { recursive: true, force: true });
            fs.mkdirSync(dir);
            contents.forEach((content, i) => fs.writeFileSync(path.join(dir, `file${i}.json`), content, "latin1"));
            const read = readLiveEstate([dir]);
            for (const problem of read.problems) expect(formatProblem(problem)).not.toMatch(/[\r\n]/);
          },
        ),
        { numRuns: 150 },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("address spaces with a cost", () => {
  test("SMTP:*;10 is read with its cost, in the model's normal form (it was refused before the routing model knew costs)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-live-cost-"));
    try {
      fs.cpSync(fixture("mc1226222-two-tenants"), dir, { recursive: true });
      const file = path.join(dir, "hoster-relay", "Get-SendConnector.json");
      const connectors = JSON.parse(fs.readFileSync(file, "utf8")) as { AddressSpaces: string[] }[];
      connectors[0].AddressSpaces = ["SMTP:*;10"];
      fs.writeFileSync(file, JSON.stringify(connectors));
      const estate = readLiveEstate([dir]);
      expect(estate.problems).toEqual([]);
      const spaces = estate.topology.organizations.flatMap((o) => o.sendConnectors.map((c) => c.addressSpaces));
      expect(spaces).toContainEqual(["SMTP:*;10"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a shared organization (the export scripts' JSON): clouds, AD sites, scoped connectors, mailbox placement", () => {
  const estate = readLiveEstate([fixture("shared-organization")]);
  const [organization] = estate.topology.organizations;
  const connector = (name: string) => organization.sendConnectors.find((c) => c.name === name)!;

  /** A copy of the fixture, changed by `edit` (relative file → new content, or null to delete it), read. */
  function readChanged(edit: Record<string, unknown>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-live-shared-"));
    try {
      fs.cpSync(fixture("shared-organization"), dir, { recursive: true });
      for (const [file, content] of Object.entries(edit)) {
        if (content === null) fs.rmSync(path.join(dir, file));
        else fs.writeFileSync(path.join(dir, file), typeof content === "string" ? content : JSON.stringify(content));
      }
      return readLiveEstate([dir]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test("the cloud follows from the initial domain; a GCC High tenant's smart host and coexistence domain find it", () => {
    expect(estate.problems).toEqual([]);
    expect(estate.topology.tenants.map((t) => [t.initialDomain, t.cloud])).toEqual([["fourthcoffee.onmicrosoft.com", undefined], ["proseware.onmicrosoft.us", "gcc-high"]]);
    expect(connector("To Proseware")).toMatchObject({ tenantPath: "live/proseware", smartHosts: ["proseware-com.mail.protection.office365.us"], tlsDomain: "mail.protection.office365.us" });
    expect(connector("To Fourth Coffee cloud mailboxes")).toMatchObject({ tenantPath: "live/fourthcoffee", dnsRoutingEnabled: true, addressSpaces: ["fourthcoffee.mail.onmicrosoft.com"] });
  });

  test("the inbound connectors' partner settings and associated domains are read", () => {
    const [fourthCoffee] = estate.topology.tenants;
    expect(fourthCoffee.inboundConnectors.map((c) => [c.name, c.connectorType, c.associatedAcceptedDomains, c.restrictDomainsToCertificate, c.senderDomains])).toEqual([
      ["From hoster", "OnPremises", ["fourthcoffee.com"], false, ["*"]],
      ["Partner Litware", "Partner", [], true, ["litware.com"]],
    ]);
  });

  test("servers' Site gives the organization's AD sites; IsScopedConnector is kept (absent when false, as the construct writes it)", () => {
    expect(organization.sites).toEqual([{ name: "Site-A", servers: ["MBXA1"] }, { name: "Site-B", servers: ["MBXB1"] }]);
    expect(connector("To Fourth Coffee").isScopedConnector).toBe(true);
    expect(connector("To Proseware").isScopedConnector).toBe(true);
    expect("isScopedConnector" in connector("To Fourth Coffee cloud mailboxes")).toBe(false);
  });

  test("the mailbox placement summary gives each tenant's Mailbox servers; a domain no tenant accepts is a note", () => {
    expect(organization.userMailboxes).toEqual([
      { tenantPath: "live/fourthcoffee", servers: ["MBXA1"] },
      { tenantPath: "live/proseware", servers: ["MBXB1"] },
    ]);
    expect(estate.userMailFlowsUnknown.size).toBe(0);
    expect(estate.notes).toEqual([expect.stringMatching(/MailboxPlacement\.json: 2 mailboxes of domain hoster\.example\.net: no tenant of these exports accepts it/)]);
  });

  test("a server is spelled as the transport server is; a bad record is one problem naming its field, the rest is read", () => {
    const read = readChanged({
      "hoster/MailboxPlacement.json": [
        { ServerName: "mbxb1", PrimarySmtpDomain: "Proseware.com", Mailboxes: 3 },
        { ServerName: "MBXA1", PrimarySmtpDomain: "fourthcoffee.com", Mailboxes: "many" },
        { ServerName: "MBXB1", PrimarySmtpDomain: "fourthcoffee.com", Mailboxes: "7" },
      ],
    });
    expect(read.problems.map(formatProblem)).toEqual([expect.stringMatching(/MailboxPlacement\.json: record 2 \(mailbox placement "fourthcoffee\.com"\): Mailboxes: expected a count of mailboxes, found "many": record skipped$/)]);
    expect(read.topology.organizations[0].userMailboxes).toEqual([
      { tenantPath: "live/fourthcoffee", servers: ["MBXB1"] },
      { tenantPath: "live/proseware", servers: ["MBXB1"] },
    ]);
  });

  test("without the placement summary (an older export), an organization sending to two tenants has its users' mail flows unknown, said why", () => {
    const read = readChanged({ "hoster/MailboxPlacement.json": null });
    expect(read.problems).toEqual([]);
    expect(read.topology.organizations[0].userMailboxes).toBeUndefined();
    expect([...read.userMailFlowsUnknown.keys()]).toEqual(["live/Hoster"]);
    expect(read.userMailFlowsUnknown.get("live/Hoster")).toMatch(/^mailbox placement unknown \(the export has no MailboxPlacement\.json.*sends to 2 tenants \(fourthcoffee\.onmicrosoft\.com, proseware\.onmicrosoft\.us\)/);
    expect(read.notes).toContainEqual(expect.stringContaining("live/Hoster: mailbox placement unknown"));
  });

  test("an empty placement summary (no mailbox) is known, not unknown: no tenant's users send from there", () => {
    const read = readChanged({ "hoster/MailboxPlacement.json": "[]" });
    expect(read.problems).toEqual([]);
    expect(read.topology.organizations[0].userMailboxes).toBeUndefined();
    expect(read.userMailFlowsUnknown.get("live/Hoster")).toMatch(/^none of its mailboxes \(MailboxPlacement\.json\) is of a domain a tenant of these exports accepts/);
  });

  test("an unset TlsDomain, Fqdn or TlsAuthLevel stays unset (they were filled with defaults the connector does not have)", () => {
    expect(connector("To Fourth Coffee cloud mailboxes")).toMatchObject({ requireTls: true, tlsAuthLevel: "DomainValidation", tlsDomain: undefined });
    expect("fqdn" in connector("To Fourth Coffee cloud mailboxes")).toBe(false);
    const connectors = JSON.parse(fs.readFileSync(fixture("shared-organization", "hoster", "Get-SendConnector.json"), "utf8")) as Record<string, unknown>[];
    connectors[2].TlsAuthLevel = null;
    const read = readChanged({ "hoster/Get-SendConnector.json": connectors });
    expect(read.topology.organizations[0].sendConnectors.find((c) => c.name === "To Proseware")).toMatchObject({ requireTls: true, tlsAuthLevel: undefined, tlsDomain: undefined });
  });

  test("a DNSSEC MX smart host (<domain>.<xx>-v1.mx.microsoft) finds its worldwide tenant", () => {
    const connectors = JSON.parse(fs.readFileSync(fixture("shared-organization", "hoster", "Get-SendConnector.json"), "utf8")) as Record<string, unknown>[];
    connectors[0].SmartHosts = ["fourthcoffee-com.b-v1.mx.microsoft"];
    const read = readChanged({ "hoster/Get-SendConnector.json": connectors });
    expect(read.problems).toEqual([]);
    expect(read.topology.organizations[0].sendConnectors.find((c) => c.name === "To Fourth Coffee")).toMatchObject({ tenantPath: "live/fourthcoffee", smartHosts: ["fourthcoffee-com.b-v1.mx.microsoft"] });
  });

  test("an empty Fqdn with a wildcard-only certificate stays empty (it was read as the tenant's Microsoft endpoint)", () => {
    const connectors = JSON.parse(fs.readFileSync(fixture("shared-organization", "hoster", "Get-SendConnector.json"), "utf8")) as Record<string, unknown>[];
    connectors[0].Fqdn = null;
    connectors[0].TlsCertificateName = "<I>CN=Hoster Test Issuing CA, O=Hoster Test CA, C=US<S>CN=*.fourthcoffee.com, O=Fourth Coffee, C=US";
    const read = readChanged({ "hoster/Get-SendConnector.json": connectors });
    expect(read.problems).toEqual([]);
    const toFourthCoffee = read.topology.organizations[0].sendConnectors.find((c) => c.name === "To Fourth Coffee")!;
    expect(toFourthCoffee.fqdn).toBeUndefined();
    expect(toFourthCoffee.tlsCertificateName).toMatch(/<S>CN=\*\.fourthcoffee\.com/);
  });
});

describe("Export-Clixml: IsScopedConnector and the servers' sites", () => {
  test("a <B> IsScopedConnector and an ADObjectId Site (its ToString) are read", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-live-clixml-"));
    try {
      fs.cpSync(fixture("hybrid-wizard"), dir, { recursive: true });
      const file = path.join(dir, "contoso-exchange", "Get-SendConnector.xml");
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('<B N="IsScopedConnector">false</B>', '<B N="IsScopedConnector">true</B>'));
      const read = readLiveEstate([dir]);
      expect(read.problems).toEqual([]);
      const [organization] = read.topology.organizations;
      expect(organization.sites).toEqual([{ name: "Default-First-Site-Name", servers: ["EX01", "EX02"] }]);
      expect(organization.sendConnectors.map((c) => c.isScopedConnector)).toEqual([true]);
      // Export-Clixml files carry no placement; one tenant's organization needs none (its users are that tenant's).
      expect(organization.userMailboxes).toBeUndefined();
      expect(read.userMailFlowsUnknown.size).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
