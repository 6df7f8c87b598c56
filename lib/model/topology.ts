/**
 * The Topology: the whole declared mail topology of an app as plain data.
 *
 * Constructs collect themselves into a Topology at synth time; rules, the simulator and the
 * artifact writers work on it without cdktf, and so can a command-line tool reading plan.json.
 * Every list is sorted by `path` so the same declarations give the same Topology in any order.
 */

/** Accepted-domain types Exchange Online supports for a tenant's domain. */
export type DomainType = "Authoritative" | "InternalRelay";
/** Inbound/outbound connector types that concern a customer's own mail flow. */
export type ConnectorType = "OnPremises" | "Partner";
/** TLS settings of an Exchange Online outbound connector. */
export type OutboundTlsSettings = "EncryptionOnly" | "CertificateValidation" | "DomainValidation";
/** TLS authentication levels of an on-premises send connector. */
export type TlsAuthLevel = "EncryptionOnly" | "CertificateValidation" | "DomainValidation";
/** Kind of spoofing a Tenant Allow/Block List spoof entry covers. */
export type SpoofType = "Internal" | "External";
/** What a spoof entry does. */
export type SpoofAction = "Allow" | "Block";
/** Flows an on-premises organization relays through Exchange Online besides its own users' mail. */
export type RelayFlow = "ndr" | "forwarding" | "foreign-sender-domains";

/** A tenant's accepted domain. */
export interface AcceptedDomainModel {
  /** Construct path. */
  readonly path: string;
  /** The domain, lower case. */
  readonly domainName: string;
  readonly domainType: DomainType;
  readonly matchSubDomains: boolean;
  readonly outboundOnly: boolean;
}

/** An Exchange Online inbound connector. */
export interface InboundConnectorModel {
  readonly path: string;
  /** Connector name in Exchange Online (unique within its tenant). */
  readonly name: string;
  readonly connectorType: ConnectorType;
  /** Certificate name that identifies the sender (`contoso.com` or `*.contoso.com`), lower case. */
  readonly tlsSenderCertificateName?: string;
  /** IPv4 addresses or CIDR ranges, normalized to `a.b.c.d/nn`. */
  readonly senderIpAddresses: readonly string[];
  readonly senderDomains: readonly string[];
  readonly cloudServicesMailEnabled: boolean;
  readonly treatMessagesAsInternal: boolean;
  readonly associatedAcceptedDomains: readonly string[];
  readonly requireTls: boolean;
  readonly restrictDomainsToCertificate: boolean;
  readonly restrictDomainsToIpAddresses: boolean;
  readonly enabled: boolean;
  readonly comment?: string;
}

/** An Exchange Online outbound connector. */
export interface OutboundConnectorModel {
  readonly path: string;
  readonly name: string;
  readonly connectorType: ConnectorType;
  readonly recipientDomains: readonly string[];
  readonly smartHosts: readonly string[];
  readonly useMxRecord: boolean;
  readonly tlsSettings?: OutboundTlsSettings;
  readonly tlsDomain?: string;
  readonly routeAllMessagesViaOnPremises: boolean;
  readonly allAcceptedDomains: boolean;
  readonly cloudServicesMailEnabled: boolean;
  readonly enabled: boolean;
  readonly comment?: string;
}

/** A Tenant Allow/Block List spoof entry. */
export interface SpoofPairModel {
  readonly path: string;
  /** Spoofed user: a domain or an email address, lower case. */
  readonly spoofedUser: string;
  /** Sending infrastructure: an organizational domain, `a.b.c.0/24`, or `*`. */
  readonly sendingInfrastructure: string;
  readonly spoofType: SpoofType;
  readonly action: SpoofAction;
}

/** How deployment scripts connect to a tenant: parameter defaults only, never secrets. */
export interface TenantConnectionModel {
  /** Entra ID application (client) id used for app-only authentication. */
  readonly appId?: string;
  /** Path of the PFX file on the machine that runs the script. */
  readonly certificateFilePath?: string;
  /** Thumbprint of a certificate in the Windows certificate store (alternative to the PFX). */
  readonly certificateThumbprint?: string;
}

/**
 * Tenant-wide settings (`Set-OrganizationConfig`) the user declared explicitly. The scripts apply only
 * what is declared here, so a setting an administrator changed by hand is never reset to a default.
 */
export interface OrganizationConfigModel {
  /** Construct path of the object that carries the settings (`<tenant path>/OrganizationConfig`). */
  readonly path: string;
  /** `RejectDirectSend`, as declared. */
  readonly rejectDirectSend: boolean;
}

/** An Exchange Online tenant and the mail objects declared in it. */
export interface TenantModel {
  readonly path: string;
  /** Path of the stack that holds the tenant. */
  readonly stack: string;
  /** The tenant's initial domain, `<name>.onmicrosoft.com`, lower case: the tenant's name everywhere. */
  readonly initialDomain: string;
  readonly displayName?: string;
  /** Whether the tenant rejects Direct Send, as the simulator assumes it: false when not declared. */
  readonly rejectDirectSend: boolean;
  /** Tenant-wide settings the scripts apply; absent when none is declared. */
  readonly organizationConfig?: OrganizationConfigModel;
  readonly connection: TenantConnectionModel;
  readonly acceptedDomains: readonly AcceptedDomainModel[];
  readonly inboundConnectors: readonly InboundConnectorModel[];
  readonly outboundConnectors: readonly OutboundConnectorModel[];
  readonly spoofPairs: readonly SpoofPairModel[];
}

/** A TLS certificate presented by an on-premises server or a relay service. */
export interface CertificateModel {
  readonly path: string;
  /** Subject distinguished name, e.g. `CN=mail.contoso.com, O=Contoso`. */
  readonly subject: string;
  /** Issuer distinguished name. */
  readonly issuer: string;
  /** Subject common name (lower case), when the subject has one. */
  readonly commonName?: string;
  /** DNS subject alternative names, lower case. */
  readonly subjectAlternativeNames: readonly string[];
  /** The certificate's DNS names: the common name then the SANs, lower case, without duplicates. */
  readonly dnsNames: readonly string[];
  /** SHA-1 thumbprint, 40 upper-case hex digits. */
  readonly thumbprint?: string;
  /** Expiry date, `YYYY-MM-DD`. */
  readonly notAfter?: string;
}

/** An on-premises Exchange send connector. Always targets exactly one tenant. */
export interface SendConnectorModel {
  readonly path: string;
  readonly name: string;
  /** Path of the target tenant. */
  readonly tenantPath: string;
  /** Path of the certificate it presents. */
  readonly certificatePath: string;
  readonly addressSpaces: readonly string[];
  readonly smartHosts: readonly string[];
  readonly dnsRoutingEnabled: boolean;
  readonly sourceTransportServers: readonly string[];
  readonly fqdn: string;
  readonly requireTls: boolean;
  readonly tlsAuthLevel?: TlsAuthLevel;
  readonly tlsDomain?: string;
  /** `<I>issuer<S>subject` of its certificate, or absent when none is presented. */
  readonly tlsCertificateName?: string;
  readonly cloudServicesMailEnabled: boolean;
  readonly enabled: boolean;
  readonly comment?: string;
}

/** A customer's on-premises Exchange organization (or relay service) and its send connectors. */
export interface OnPremisesOrganizationModel {
  readonly path: string;
  readonly stack: string;
  /** Public IPv4 addresses or ranges its mail leaves from, normalized to `a.b.c.d/nn`. */
  readonly egressIpAddresses: readonly string[];
  readonly transportServers: readonly string[];
  readonly relays: readonly RelayFlow[];
  readonly sendConnectors: readonly SendConnectorModel[];
}

/** Outcome of one recipient of a simulated message. */
export type RecipientOutcome = "delivered" | "relayed" | "rejected";

/** A declared mail flow and the result the user expects from the simulator. */
export interface MailFlowExpectationModel {
  readonly path: string;
  /** The flow: through a send connector (its path), or from a source IP with an optional certificate's DNS names. */
  readonly via: { readonly sendConnectorPath: string } | { readonly sourceIp?: string; readonly certificateNames?: readonly string[] };
  /** Envelope sender; `""` is the null sender. */
  readonly mailFrom: string;
  readonly rcptTo: readonly string[];
  /** The 5322.From address, for the spoof verdict. */
  readonly headerFrom?: string;
  /** The PTR name of the source address, for the spoof verdict. */
  readonly ptr?: string;
  readonly expect: {
    /** Expected tenant, by initial domain. */
    readonly tenant?: string;
    readonly outcome: RecipientOutcome;
    /** Expected NDR text, or a prefix of it such as `5.7.64`. */
    readonly ndr?: string;
    /** Expected spoof verdict: the covering entry's action, or `none` when no entry covers the pair. */
    readonly spoof?: SpoofAction | "none";
    /** Path of the spoof entry expected to cover the pair. */
    readonly spoofEntry?: string;
  };
}

/** A user's decision to accept a rule's finding on a construct and its children. */
export interface SuppressionModel {
  /** Construct path the suppression was applied to. */
  readonly path: string;
  readonly ruleId: string;
  readonly reason: string;
  /** Last day the suppression holds, `YYYY-MM-DD`. */
  readonly expires?: string;
}

/** The whole declared topology. */
export interface Topology {
  readonly tenants: readonly TenantModel[];
  readonly certificates: readonly CertificateModel[];
  readonly organizations: readonly OnPremisesOrganizationModel[];
  readonly expectations: readonly MailFlowExpectationModel[];
  readonly suppressions: readonly SuppressionModel[];
}

/** An empty Topology, the starting point for building one by hand. */
export const EMPTY_TOPOLOGY: Topology = {
  tenants: [],
  certificates: [],
  organizations: [],
  expectations: [],
  suppressions: [],
};
