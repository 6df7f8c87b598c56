/**
 * Small builders of plain Topology data for tests of the pure layers (rules, simulator, artifacts).
 * Each takes the fields a test cares about and fills the rest with Exchange's defaults.
 */
import { ipv4Range } from "../../lib/model/ip";
import type {
  AcceptedDomainModel, CertificateModel, InboundConnectorModel, OnPremisesOrganizationModel, OutboundConnectorModel,
  SendConnectorModel, SpoofPairModel, TenantModel, Topology,
} from "../../lib/model/topology";

type Opt<T, K extends keyof T> = Partial<T> & Pick<T, K>;

export function acceptedDomain(p: Opt<AcceptedDomainModel, "domainName">): AcceptedDomainModel {
  return { path: `domain/${p.domainName}`, domainType: "Authoritative", matchSubDomains: false, outboundOnly: false, ...p };
}

export function inbound(p: Partial<InboundConnectorModel> & { name: string }): InboundConnectorModel {
  return {
    path: `inbound/${p.name}`, connectorType: "OnPremises", senderIpAddresses: [], senderDomains: ["*"],
    cloudServicesMailEnabled: true, treatMessagesAsInternal: false, associatedAcceptedDomains: [], requireTls: true,
    restrictDomainsToCertificate: false, restrictDomainsToIpAddresses: false, enabled: true,
    ...p,
    ...(p.senderIpAddresses ? { senderIpAddresses: p.senderIpAddresses.map((r) => ipv4Range(r).cidr) } : {}),
  };
}

export function outbound(p: Partial<OutboundConnectorModel> & { name: string }): OutboundConnectorModel {
  return {
    path: `outbound/${p.name}`, connectorType: "OnPremises", recipientDomains: [], smartHosts: [], useMxRecord: false,
    routeAllMessagesViaOnPremises: false, allAcceptedDomains: false, cloudServicesMailEnabled: true, enabled: true, ...p,
  };
}

export function spoofPair(p: Opt<SpoofPairModel, "spoofedUser" | "sendingInfrastructure">): SpoofPairModel {
  return { path: `spoof/${p.spoofedUser}/${p.sendingInfrastructure}`, spoofType: "External", action: "Allow", ...p };
}

/** A tenant named `<name>.onmicrosoft.com` at path `<name>`; `domains` become Authoritative accepted domains. */
export function tenant(name: string, p: Partial<TenantModel> & { domains?: string[] } = {}): TenantModel {
  const { domains = [], ...rest } = p;
  return {
    path: name, stack: "stack", initialDomain: `${name}.onmicrosoft.com`, rejectDirectSend: false, connection: {},
    acceptedDomains: domains.map((d) => acceptedDomain({ domainName: d, path: `${name}/${d}` })),
    inboundConnectors: [], outboundConnectors: [], spoofPairs: [], ...rest,
  };
}

/** A certificate whose common name is the first DNS name. */
export function certificate(path: string, dnsNames: string[], p: Partial<CertificateModel> = {}): CertificateModel {
  return {
    path, subject: `CN=${dnsNames[0]}`, issuer: "CN=Example Issuing CA, O=Example", commonName: dnsNames[0],
    subjectAlternativeNames: dnsNames, dnsNames, ...p,
  };
}

export function sendConnector(p: Opt<SendConnectorModel, "name" | "tenantPath" | "certificatePath">): SendConnectorModel {
  return {
    path: `org/${p.name}`, addressSpaces: ["*"], smartHosts: [`${p.tenantPath}.mail.protection.outlook.com`],
    dnsRoutingEnabled: false, sourceTransportServers: [], fqdn: "mail.example.com", requireTls: true,
    tlsAuthLevel: "DomainValidation", tlsDomain: "mail.protection.outlook.com",
    tlsCertificateName: "<I>CN=Example Issuing CA, O=Example<S>CN=mail.example.com", cloudServicesMailEnabled: true,
    enabled: true, ...p,
  };
}

export function organization(path: string, p: Partial<OnPremisesOrganizationModel> = {}): OnPremisesOrganizationModel {
  return {
    path, stack: "stack", egressIpAddresses: [], transportServers: [], relays: [], sendConnectors: [], ...p,
    ...(p.egressIpAddresses ? { egressIpAddresses: p.egressIpAddresses.map((r) => ipv4Range(r).cidr) } : {}),
  };
}

export function topology(p: Partial<Topology> = {}): Topology {
  return { tenants: [], certificates: [], organizations: [], expectations: [], suppressions: [], ...p };
}

/** An InternalRelay accepted domain, with MatchSubDomains unless told otherwise. */
export function internalRelayDomain(domainName: string, p: Partial<AcceptedDomainModel> = {}): AcceptedDomainModel {
  return acceptedDomain({ domainName, domainType: "InternalRelay", matchSubDomains: true, ...p });
}

/** An enabled OnPremises inbound connector identified by a certificate name only. */
export function certificateConnector(name: string, tlsSenderCertificateName: string, p: Partial<InboundConnectorModel> = {}): InboundConnectorModel {
  return inbound({ name, tlsSenderCertificateName, ...p });
}

/** An enabled OnPremises inbound connector identified by sender IP addresses only. */
export function ipConnector(name: string, senderIpAddresses: string[], p: Partial<InboundConnectorModel> = {}): InboundConnectorModel {
  return inbound({ name, senderIpAddresses, ...p });
}

/**
 * One tenant with every kind of Exchange Online object (an Authoritative and an InternalRelay domain,
 * a certificate and an IP inbound connector, an outbound connector, a spoof pair), its connection
 * defaults, and one on-premises organization with a send connector to it. Paths look like cdktf's.
 */
export function everyKindTopology(): Topology {
  const contoso = tenant("contoso", {
    path: "app/stack/Contoso",
    connection: { appId: "00000000-0000-0000-0000-00000000a11d", certificateFilePath: "/etc/mailflow/contoso.pfx" },
    acceptedDomains: [
      acceptedDomain({ domainName: "contoso.com", path: "app/stack/Contoso/ContosoCom" }),
      acceptedDomain({ domainName: "corp.contoso.com", path: "app/stack/Contoso/CorpContosoCom", domainType: "InternalRelay", matchSubDomains: true }),
    ],
    inboundConnectors: [
      inbound({
        name: "From on-premises", path: "app/stack/Contoso/FromOnPremises", tlsSenderCertificateName: "mail.contoso.com",
        associatedAcceptedDomains: ["contoso.com"], comment: "Hybrid mail from the Contoso datacenter",
      }),
      inbound({ name: "From relay", path: "app/stack/Contoso/FromRelay", senderIpAddresses: ["203.0.113.10", "198.51.100.0/24"] }),
    ],
    outboundConnectors: [
      outbound({
        name: "To on-premises", path: "app/stack/Contoso/ToOnPremises", recipientDomains: ["corp.contoso.com"],
        smartHosts: ["mail.contoso.com"], tlsSettings: "DomainValidation", tlsDomain: "mail.contoso.com",
      }),
    ],
    spoofPairs: [spoofPair({ spoofedUser: "contoso.com", sendingInfrastructure: "relay.example.net", path: "app/stack/Contoso/RelaySpoof" })],
  });
  const cert = certificate("app/stack/MailCert", ["mail.contoso.com"]);
  const org = organization("app/stack/Datacenter", {
    transportServers: ["EX01", "EX02"],
    egressIpAddresses: ["203.0.113.10"],
    sendConnectors: [
      sendConnector({
        name: "To Contoso EXO", path: "app/stack/Datacenter/ToContoso", tenantPath: contoso.path, certificatePath: cert.path,
        smartHosts: ["contoso-com.mail.protection.outlook.com"], sourceTransportServers: ["EX01", "EX02"], fqdn: "mail.contoso.com",
        tlsCertificateName: "<I>CN=Example Issuing CA, O=Example<S>CN=mail.contoso.com",
      }),
    ],
  });
  return topology({ tenants: [contoso], certificates: [cert], organizations: [org] });
}
