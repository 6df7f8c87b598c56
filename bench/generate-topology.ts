/**
 * A managed-service-provider topology at scale, declared with the real constructs, and messages to simulate against it.
 * Used by `npm run bench` and by test/bench; every name and address is a function of the tenant number, so runs repeat.
 */
import { App, TerraformStack } from "cdktf";
import { Certificate, InboundConnector, OnPremisesOrganization, OutboundConnector, SendConnector, SpoofPair, Tenant } from "../lib";
import { intToIpv4, ipv4ToInt } from "../lib/model/ip";
import type { SimulatedMessage } from "../lib/simulate";

/** Mail objects (one Terraform resource each) per tenant: 3 accepted domains, 2 inbound, 1 outbound, 1 send connector, 2 spoof pairs. */
export const MAIL_OBJECTS_PER_TENANT = 9;
/** Accepted domains per tenant. */
export const ACCEPTED_DOMAINS_PER_TENANT = 3;
/** Spoof pairs per tenant. */
export const SPOOF_PAIRS_PER_TENANT = 2;

/** First address of the per-tenant /22 blocks: 23.0.0.0 upwards is public and not Microsoft's for 16,384 tenants. */
const FIRST_BLOCK = ipv4ToInt("23.0.0.0");
/** Addresses per tenant: a /22, so every tenant's ranges are distinct from every other's. */
const BLOCK_SIZE = 1024;
/** Most tenants the address plan holds before it would leave 23.0.0.0/8. */
export const MAX_TENANTS = 16_384;

/** First address of tenant `i`'s /22 block. */
export function tenantBlock(i: number): number {
  return FIRST_BLOCK + i * BLOCK_SIZE;
}

/** The SenderIPAddresses of tenant `i`'s IP-based connector: a /24, a /26, a /28 and a /32 inside its /22. */
export function tenantSenderRanges(i: number): string[] {
  const base = tenantBlock(i);
  return [`${intToIpv4(base)}/24`, `${intToIpv4(base + 256)}/26`, `${intToIpv4(base + 512)}/28`, `${intToIpv4(base + 768 + 25)}/32`];
}

/** Tenant `i`'s domain names: its initial domain and its three accepted domains. */
export function tenantDomains(i: number): { initialDomain: string; acceptedDomains: [string, string, string] } {
  return { initialDomain: `tenant${i}.onmicrosoft.com`, acceptedDomains: [`tenant${i}.com`, `tenant${i}-mail.net`, `eu.tenant${i}.com`] };
}

/** The host name on tenant `i`'s certificate (its domain tenant`i`.com is accepted by tenant `i` only). */
export function tenantCertificateName(i: number): string {
  return `mail.tenant${i}.com`;
}

/** Options of {@link declareTopology}. */
export interface GenerateOptions {
  /** Number of tenants. */
  readonly tenants: number;
  /**
   * Stacks to spread the tenants over (round robin); the shared organization and the certificates sit in the first.
   * @default 1
   */
  readonly stacks?: number;
}

/** What {@link declareTopology} declared. */
export interface GeneratedTopology {
  /** The stacks, the first holding the shared organization. */
  readonly stacks: TerraformStack[];
  readonly tenants: Tenant[];
  readonly organization: OnPremisesOrganization;
  /** Terraform resources of mail objects (accepted domains, connectors, send connectors, spoof pairs). */
  readonly mailObjects: number;
  /** Constructs of the topology itself: tenants, certificates and the organization plus the mail objects. */
  readonly topologyObjects: number;
}

/**
 * Declares `tenants` tenants in `app`: each with 3 accepted domains, a certificate-based and an IP-based OnPremises
 * inbound connector (four ranges from /24 to /32, distinct per tenant), an OnPremises outbound connector, 2 spoof pairs,
 * its own certificate, and a send connector to it from one shared on-premises organization that relays NDRs and
 * forwarded mail. The result passes every rule without errors (the IP-based connectors are warnings).
 */
export function declareTopology(app: App, options: GenerateOptions): GeneratedTopology {
  const count = options.tenants;
  const stackCount = options.stacks ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_TENANTS) throw new Error(`declareTopology: tenants must be an integer from 1 to ${MAX_TENANTS}, got ${count}`);
  if (!Number.isInteger(stackCount) || stackCount < 1) throw new Error(`declareTopology: stacks must be a positive integer, got ${stackCount}`);
  const stacks = Array.from({ length: stackCount }, (_, s) => new TerraformStack(app, stackCount === 1 ? "msp" : `msp${s}`));
  const organization = new OnPremisesOrganization(stacks[0], "SharedExchange", {
    egressIpAddresses: ["198.51.100.0/28"],
    transportServers: ["MBX01", "MBX02"],
    relays: ["ndr", "forwarding"],
  });
  const tenants: Tenant[] = [];
  for (let i = 0; i < count; i++) {
    const stack = stacks[i % stackCount];
    const { initialDomain, acceptedDomains } = tenantDomains(i);
    const tenant = new Tenant(stack, `Tenant${i}`, { initialDomain, displayName: `Customer ${i}` });
    for (const domain of acceptedDomains) tenant.addAcceptedDomain(domain);
    const hostName = tenantCertificateName(i);
    new InboundConnector(tenant, "FromSharedExchange", { connectorType: "OnPremises", name: "From shared Exchange", tlsSenderCertificateName: hostName });
    new InboundConnector(tenant, "FromAppServers", { connectorType: "OnPremises", name: "From application servers", senderIpAddresses: tenantSenderRanges(i) });
    new OutboundConnector(tenant, "ToSharedExchange", {
      connectorType: "OnPremises",
      name: "To shared Exchange",
      recipientDomains: [acceptedDomains[0]],
      smartHosts: [hostName],
      tlsSettings: "DomainValidation",
      tlsDomain: hostName,
    });
    new SpoofPair(tenant, "NewsletterService", { spoofedUser: `news@${acceptedDomains[0]}`, sendingInfrastructure: `newsletters${i}.net`, spoofType: "Internal" });
    new SpoofPair(tenant, "PartnerScanner", { spoofedUser: `scanner@partner${i}.org`, sendingInfrastructure: `${intToIpv4(tenantBlock(i))}/24`, spoofType: "External" });
    const certificate = new Certificate(stacks[0], `Certificate${i}`, {
      subject: `CN=${hostName}, O=Customer ${i}`,
      issuer: "CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, C=GB",
      notAfter: "2030-06-30",
    });
    new SendConnector(organization, `ToTenant${i}`, { tenant, certificate, name: `To tenant ${i}` });
    tenants.push(tenant);
  }
  return { stacks, tenants, organization, mailObjects: count * MAIL_OBJECTS_PER_TENANT, topologyObjects: count * (MAIL_OBJECTS_PER_TENANT + 2) + 1 };
}

/** The kinds of message {@link generateMessages} produces, in rotation. */
export const MESSAGE_KINDS = [
  "own-mail-by-certificate",
  "ndr-by-certificate",
  "forwarding-by-certificate",
  "own-mail-by-ip",
  "ndr-by-ip",
  "to-own-domain",
  "internet-to-tenant",
  "unknown-ip-relay",
] as const;

/** A small deterministic PRNG (mulberry32), so every run classifies the same messages. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` distinct messages against the topology of `tenants` tenants declared by {@link declareTopology}, the kinds
 * of {@link MESSAGE_KINDS} in rotation: own users' mail, NDRs and forwarded mail from the shared organization (by
 * certificate), own mail and NDRs from the app servers (by IP), mail to the tenant's own domains, internet mail to a
 * tenant, and relay attempts from unknown addresses.
 */
export function generateMessages(tenants: number, count: number, seed = 42): SimulatedMessage[] {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const messages: SimulatedMessage[] = new Array(count);
  for (let m = 0; m < count; m++) {
    const i = pick(tenants);
    const { acceptedDomains } = tenantDomains(i);
    const own = `user${m}@${acceptedDomains[pick(3)]}`;
    const outside = `someone${m}@example${pick(500)}.net`;
    const certificateNames = [tenantCertificateName(i)];
    const appServer = intToIpv4(tenantBlock(i) + pick(256));
    const unknownIp = intToIpv4(ipv4ToInt("192.0.2.0") + pick(256));
    switch (m % MESSAGE_KINDS.length) {
      case 0: messages[m] = { sourceIp: "198.51.100.1", certificateNames, mailFrom: own, rcptTo: [outside] }; break;
      case 1: messages[m] = { sourceIp: "198.51.100.2", certificateNames, mailFrom: "", rcptTo: [outside] }; break;
      case 2: messages[m] = { sourceIp: "198.51.100.3", certificateNames, mailFrom: `friend${m}@fabrikam${pick(50)}.example`, rcptTo: [outside] }; break;
      case 3: messages[m] = { sourceIp: appServer, mailFrom: own, rcptTo: [outside, `colleague${m}@${acceptedDomains[0]}`] }; break;
      case 4: messages[m] = { sourceIp: appServer, mailFrom: "", rcptTo: [outside] }; break;
      case 5: messages[m] = { sourceIp: appServer, mailFrom: own, rcptTo: [`a${m}@${acceptedDomains[1]}`, `b${m}@${acceptedDomains[2]}`] }; break;
      case 6: messages[m] = { sourceIp: unknownIp, mailFrom: `news@example${pick(500)}.org`, rcptTo: [`User${m}@Tenant${i}.com`] }; break;
      default: messages[m] = { sourceIp: unknownIp, mailFrom: `spam@example${pick(500)}.org`, rcptTo: [outside] };
    }
  }
  return messages;
}
