/**
 * The export folders of a Topology, as the export scripts write them (one folder per tenant and per organization,
 * one JSON file per cmdlet): the audit benchmark's input, generated from the benchmark's own topology.
 */
import * as fs from "fs";
import * as path from "path";
import { managedMarker } from "../lib/artifacts/powershell";
import type { Topology } from "../lib/model/topology";

function write(dir: string, file: string, value: unknown): void {
  fs.writeFileSync(path.join(dir, file), JSON.stringify(value, null, 2));
}

/** Writes `<dir>/<tenant label>/` and `<dir>/<organization id>/` folders; returns the number of files written. */
export function writeExports(topology: Topology, dir: string): number {
  let files = 0;
  for (const tenant of topology.tenants) {
    const folder = path.join(dir, tenant.initialDomain.slice(0, tenant.initialDomain.indexOf(".")));
    fs.mkdirSync(folder, { recursive: true });
    write(folder, "mailflow-export.json", { format: "cdktf-mailflow-export", version: 1, scope: "tenant", name: tenant.initialDomain });
    write(folder, "Get-AcceptedDomain.json", [
      { Name: tenant.initialDomain, DomainName: tenant.initialDomain, DomainType: "Authoritative", Default: false, InitialDomain: true, MatchSubDomains: false, OutboundOnly: false },
      ...tenant.acceptedDomains.filter((d) => d.domainName !== tenant.initialDomain).map((d) => ({
        Name: d.domainName, DomainName: d.domainName, DomainType: d.domainType, Default: false, InitialDomain: false, MatchSubDomains: d.matchSubDomains, OutboundOnly: d.outboundOnly,
      })),
    ]);
    write(folder, "Get-InboundConnector.json", tenant.inboundConnectors.map((c) => ({
      Name: c.name, ConnectorType: c.connectorType, ConnectorSource: "AdminUI", Enabled: c.enabled, SenderDomains: c.senderDomains.map((d) => `smtp:${d};1`),
      SenderIPAddresses: c.senderIpAddresses, TlsSenderCertificateName: c.tlsSenderCertificateName ?? null, CloudServicesMailEnabled: c.cloudServicesMailEnabled,
      TreatMessagesAsInternal: c.treatMessagesAsInternal, RequireTls: c.requireTls, RestrictDomainsToCertificate: c.restrictDomainsToCertificate,
      RestrictDomainsToIPAddresses: c.restrictDomainsToIpAddresses, AssociatedAcceptedDomains: c.associatedAcceptedDomains,
      Comment: c.comment ? `${c.comment}\n${managedMarker(c.path)}` : managedMarker(c.path),
    })));
    write(folder, "Get-OutboundConnector.json", tenant.outboundConnectors.map((c) => ({
      Name: c.name, ConnectorType: c.connectorType, Enabled: c.enabled, RecipientDomains: c.recipientDomains, SmartHosts: c.smartHosts, UseMXRecord: c.useMxRecord,
      TlsSettings: c.tlsSettings ?? null, TlsDomain: c.tlsDomain ?? null, RouteAllMessagesViaOnPremises: c.routeAllMessagesViaOnPremises,
      AllAcceptedDomains: c.allAcceptedDomains, CloudServicesMailEnabled: c.cloudServicesMailEnabled, Comment: managedMarker(c.path),
    })));
    write(folder, "Get-TenantAllowBlockListSpoofItems.json", tenant.spoofPairs.map((s, i) => ({
      Identity: `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`, SpoofedUser: s.spoofedUser, SendingInfrastructure: s.sendingInfrastructure, SpoofType: s.spoofType, Action: s.action,
    })));
    write(folder, "Get-OrganizationConfig.json", [{ Name: tenant.initialDomain, RejectDirectSend: tenant.rejectDirectSend }]);
    files += 6;
  }
  const certificates = new Map(topology.certificates.map((c) => [c.path, c]));
  for (const organization of topology.organizations) {
    const folder = path.join(dir, organization.path.replace(/\//g, "-"));
    fs.mkdirSync(folder, { recursive: true });
    write(folder, "mailflow-export.json", { format: "cdktf-mailflow-export", version: 1, scope: "organization", name: organization.path.slice(organization.path.lastIndexOf("/") + 1) });
    write(folder, "Get-SendConnector.json", organization.sendConnectors.map((c) => ({
      Name: c.name, AddressSpaces: c.addressSpaces.map((a) => `SMTP:${a};1`), SmartHosts: c.smartHosts, DNSRoutingEnabled: c.dnsRoutingEnabled, RequireTLS: c.requireTls,
      TlsAuthLevel: c.tlsAuthLevel ?? null, TlsDomain: c.tlsDomain ?? null, TlsCertificateName: c.tlsCertificateName ?? null,
      CloudServicesMailEnabled: c.cloudServicesMailEnabled, Fqdn: c.fqdn, SourceTransportServers: c.sourceTransportServers, Enabled: c.enabled, Comment: managedMarker(c.path),
    })));
    const presented = [...new Set(organization.sendConnectors.map((c) => c.certificatePath))].map((p) => certificates.get(p)!);
    write(folder, "Get-ExchangeCertificate.json", presented.map((c) => ({
      Thumbprint: c.thumbprint ?? null, Subject: c.subject, Issuer: c.issuer, NotAfter: c.notAfter ? `${c.notAfter}T00:00:00.0000000Z` : null, CertificateDomains: c.dnsNames, RawData: null,
    })));
    write(folder, "Get-ExchangeServer.json", organization.transportServers.map((name) => ({ Name: name, Fqdn: `${name.toLowerCase()}.example.net`, Site: "example.net/Configuration/Sites/Default", ServerRole: "Mailbox" })));
    // The mailbox placement summary the export script writes: each tenant's users (100 mailboxes of its first accepted
    // domain) on the Mailbox servers the topology declares for them.
    const tenants = new Map(topology.tenants.map((t) => [t.path, t]));
    write(folder, "MailboxPlacement.json", (organization.userMailboxes ?? []).flatMap((m) => {
      const tenant = tenants.get(m.tenantPath);
      const domain = tenant?.acceptedDomains.find((d) => d.domainName !== tenant.initialDomain)?.domainName ?? tenant?.initialDomain;
      return domain === undefined ? [] : m.servers.map((server) => ({ ServerName: server, PrimarySmtpDomain: domain, Mailboxes: 100 }));
    }));
    files += 5;
  }
  return files;
}
