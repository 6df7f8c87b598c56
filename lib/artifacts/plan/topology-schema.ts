/**
 * zod schemas of the Topology's plain data (lib/model/topology.ts), as plan.json carries it.
 *
 * They check shape, not domain facts: the constructs validated every value at construction, and a tool reading
 * plan.json needs to know the file is well formed, not to judge the topology again (that is what the rules do).
 * Objects strip unknown keys, so parsing a plan object with one of these returns exactly the model object.
 * test/artifacts/plan/plan-schema.test.ts checks at compile time that each schema matches its model interface.
 */
import { z } from "zod";

/** An accepted domain (`AcceptedDomainModel`). */
export const acceptedDomainSchema = z.object({
  path: z.string(),
  domainName: z.string(),
  domainType: z.enum(["Authoritative", "InternalRelay"]),
  matchSubDomains: z.boolean(),
  outboundOnly: z.boolean(),
});

/** An Exchange Online inbound connector (`InboundConnectorModel`). */
export const inboundConnectorSchema = z.object({
  path: z.string(),
  name: z.string(),
  connectorType: z.enum(["OnPremises", "Partner"]),
  tlsSenderCertificateName: z.string().optional(),
  senderIpAddresses: z.array(z.string()),
  senderDomains: z.array(z.string()),
  cloudServicesMailEnabled: z.boolean(),
  treatMessagesAsInternal: z.boolean(),
  associatedAcceptedDomains: z.array(z.string()),
  requireTls: z.boolean(),
  restrictDomainsToCertificate: z.boolean(),
  restrictDomainsToIpAddresses: z.boolean(),
  enabled: z.boolean(),
  comment: z.string().optional(),
});

/** An Exchange Online outbound connector (`OutboundConnectorModel`). */
export const outboundConnectorSchema = z.object({
  path: z.string(),
  name: z.string(),
  connectorType: z.enum(["OnPremises", "Partner"]),
  recipientDomains: z.array(z.string()),
  smartHosts: z.array(z.string()),
  useMxRecord: z.boolean(),
  tlsSettings: z.enum(["EncryptionOnly", "CertificateValidation", "DomainValidation"]).optional(),
  tlsDomain: z.string().optional(),
  routeAllMessagesViaOnPremises: z.boolean(),
  allAcceptedDomains: z.boolean(),
  cloudServicesMailEnabled: z.boolean(),
  enabled: z.boolean(),
  comment: z.string().optional(),
});

/** A Tenant Allow/Block List spoof entry (`SpoofPairModel`). */
export const spoofPairSchema = z.object({
  path: z.string(),
  spoofedUser: z.string(),
  sendingInfrastructure: z.string(),
  spoofType: z.enum(["Internal", "External"]),
  action: z.enum(["Allow", "Block"]),
});

/** A tenant and its mail objects (`TenantModel`). */
export const tenantSchema = z.object({
  path: z.string(),
  stack: z.string(),
  initialDomain: z.string(),
  displayName: z.string().optional(),
  rejectDirectSend: z.boolean(),
  // Optional: the tenant-wide settings the user declared (Set-OrganizationConfig); absent when none is.
  organizationConfig: z.object({ path: z.string(), rejectDirectSend: z.boolean() }).optional(),
  connection: z.object({
    appId: z.string().optional(),
    certificateFilePath: z.string().optional(),
    certificateThumbprint: z.string().optional(),
  }),
  acceptedDomains: z.array(acceptedDomainSchema),
  inboundConnectors: z.array(inboundConnectorSchema),
  outboundConnectors: z.array(outboundConnectorSchema),
  spoofPairs: z.array(spoofPairSchema),
});

/** A TLS certificate (`CertificateModel`). */
export const certificateSchema = z.object({
  path: z.string(),
  subject: z.string(),
  issuer: z.string(),
  commonName: z.string().optional(),
  subjectAlternativeNames: z.array(z.string()),
  dnsNames: z.array(z.string()),
  thumbprint: z.string().optional(),
  notAfter: z.string().optional(),
});

/** An on-premises send connector (`SendConnectorModel`). */
export const sendConnectorSchema = z.object({
  path: z.string(),
  name: z.string(),
  tenantPath: z.string(),
  certificatePath: z.string(),
  addressSpaces: z.array(z.string()),
  smartHosts: z.array(z.string()),
  dnsRoutingEnabled: z.boolean(),
  sourceTransportServers: z.array(z.string()),
  fqdn: z.string(),
  requireTls: z.boolean(),
  tlsAuthLevel: z.enum(["EncryptionOnly", "CertificateValidation", "DomainValidation"]).optional(),
  tlsDomain: z.string().optional(),
  tlsCertificateName: z.string().optional(),
  cloudServicesMailEnabled: z.boolean(),
  enabled: z.boolean(),
  comment: z.string().optional(),
});

/** An on-premises organization and its send connectors (`OnPremisesOrganizationModel`). */
export const organizationSchema = z.object({
  path: z.string(),
  stack: z.string(),
  egressIpAddresses: z.array(z.string()),
  transportServers: z.array(z.string()),
  relays: z.array(z.enum(["ndr", "forwarding", "foreign-sender-domains"])),
  sendConnectors: z.array(sendConnectorSchema),
});

/** One recipient outcome. */
export const recipientOutcomeSchema = z.enum(["delivered", "relayed", "rejected"]);

/** A declared mail flow and its expected result (`MailFlowExpectationModel`). */
export const expectationSchema = z.object({
  path: z.string(),
  // The send-connector form first: zod takes the first branch that parses, and the second accepts any object.
  via: z.union([
    z.object({ sendConnectorPath: z.string() }),
    z.object({ sourceIp: z.string().optional(), certificateNames: z.array(z.string()).optional() }),
  ]),
  mailFrom: z.string(),
  rcptTo: z.array(z.string()),
  headerFrom: z.string().optional(),
  ptr: z.string().optional(),
  expect: z.object({
    tenant: z.string().optional(),
    outcome: recipientOutcomeSchema,
    ndr: z.string().optional(),
    spoof: z.enum(["Allow", "Block", "none"]).optional(),
    spoofEntry: z.string().optional(),
  }),
});

/** A suppression of a rule's findings on a construct and its children (`SuppressionModel`). */
export const suppressionSchema = z.object({
  path: z.string(),
  ruleId: z.string(),
  reason: z.string(),
  expires: z.string().optional(),
});

/** A whole Topology. */
export const topologySchema = z.object({
  tenants: z.array(tenantSchema),
  certificates: z.array(certificateSchema),
  organizations: z.array(organizationSchema),
  expectations: z.array(expectationSchema),
  suppressions: z.array(suppressionSchema),
});
