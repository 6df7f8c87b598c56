/**
 * The attribution and relay simulator (domain.md sections 3 and 4): which tenant a message is attributed to,
 * which inbound connector identifies it, and what happens to each recipient.
 *
 * The constructor indexes the Topology once (accepted domains, certificate names, sender IP ranges), so one
 * simulation is a handful of hash lookups and binary searches, whatever the number of tenants.
 */
import type { Topology } from "../model/topology";
import { AcceptedDomainIndex, type DomainOwners } from "./accepted-domain-index";
import { CertificateNameIndex, type CertificateNameEntry } from "../model/certificate-name-index";
import { envelopeDomain, isNullSender, parseIpv4Address } from "./envelope";
import type { AttributedBy, RecipientResult, SimulatedMessage, SimulateOptions, SimulationResult } from "./message";
import { NDR_DIRECT_SEND, NDR_RELAY_DENIED } from "./ndr";
import { spoofVerdict, type SpoofVerdict } from "./spoof";
import { IndexedTenant, type IndexedConnector } from "./tenant-index";

/** The shared "no match" answer of the certificate index; never mutated. */
const NO_CONNECTORS: IndexedConnector[] = Object.freeze([]) as unknown as IndexedConnector[];
const NO_NAMES: readonly string[] = Object.freeze([]);

/** Fixed reasons used with `explain: false`, one per outcome, so bulk runs build no text. */
const BRIEF = {
  internal: "accepted domain of the attributed tenant: delivered as internal mail (a connector matched)",
  anonymous: "accepted domain of the attributed tenant: delivered as anonymous internet mail (no connector matched)",
  directSend: "RejectDirectSend: anonymous mail from one of the tenant's own domains",
  relayed: "relayed: a connector matched and the certificate domain or the MAIL FROM domain is accepted",
  noConnector: "relay denied: no connector of the attributed tenant matched",
  noAcceptedDomain: "relay denied: neither a matched certificate's domain nor the MAIL FROM domain is accepted",
  otherTenant: "not attributed; accepted domain of a tenant: delivered there as anonymous internet mail",
  unattributed: "relay denied: the message is not attributed to any tenant",
} as const;

/** How one recipient is decided; the keys of the fixed reasons. */
type Verdict = keyof typeof BRIEF;

const OUTCOME_OF: Record<Verdict, RecipientResult["outcome"]> = {
  internal: "delivered", anonymous: "delivered", directSend: "rejected", relayed: "relayed", noConnector: "rejected",
  noAcceptedDomain: "rejected", otherTenant: "delivered", unattributed: "rejected",
};

const NDR_OF: Record<Verdict, string | undefined> = {
  internal: undefined, anonymous: undefined, directSend: NDR_DIRECT_SEND, relayed: undefined, noConnector: NDR_RELAY_DENIED,
  noAcceptedDomain: NDR_RELAY_DENIED, otherTenant: undefined, unattributed: NDR_RELAY_DENIED,
};

/** Simulates Exchange Online's attribution and relay decisions over one Topology, indexed once. */
export class MailFlowSimulator {
  private readonly tenants: readonly IndexedTenant[];
  private readonly domains: AcceptedDomainIndex;
  /** Enabled OnPremises connectors with a certificate name: the only ones that identify a sender. */
  private readonly certificates: CertificateNameIndex<IndexedConnector>;
  /** Disabled and Partner connectors with a certificate name, so explanations can say why they did not count. */
  private readonly ignoredCertificates: CertificateNameIndex<IndexedConnector>;

  /** Indexes `topology`; later changes to it are not seen (Topology data is read-only by contract). */
  constructor(topology: Topology) {
    this.tenants = topology.tenants.map((t) => new IndexedTenant(t));
    this.domains = new AcceptedDomainIndex(this.tenants);
    const eligible: CertificateNameEntry<IndexedConnector>[] = [];
    const ignored: CertificateNameEntry<IndexedConnector>[] = [];
    for (const tenant of this.tenants) {
      for (const connector of tenant.connectors) {
        const name = connector.model.tlsSenderCertificateName;
        if (name === undefined) continue;
        (connector.ignoredBecause === undefined ? eligible : ignored).push({ name: name.toLowerCase(), item: connector });
      }
    }
    this.certificates = new CertificateNameIndex(eligible);
    this.ignoredCertificates = new CertificateNameIndex(ignored);
  }

  /**
   * The initial domain of the tenant that accepts `domainName` (exact, or under an InternalRelay domain with
   * MatchSubDomains; a tenant's initial domain counts), or undefined. With a domain declared in several
   * tenants, the first in topology order.
   */
  acceptingTenant(domainName: string): string | undefined {
    return this.domains.lookup(domainName.toLowerCase())?.tenants[0].name;
  }

  /**
   * Attributes `message` to a tenant and decides each recipient (domain.md section 3).
   * @throws Error when `rcptTo` is empty: SMTP has no message without a recipient.
   */
  simulate(message: SimulatedMessage, options?: SimulateOptions): SimulationResult {
    const explain = options?.explain !== false;
    const rcptTo = message.rcptTo;
    if (rcptTo.length === 0) throw new Error("simulate: rcptTo needs at least one recipient");
    const steps: string[] = [];
    const names = lowerCaseNames(message.certificateNames);
    const mailFromDomain = envelopeDomain(message.mailFrom);
    const firstRecipientDomain = envelopeDomain(rcptTo[0]);

    // Step 1: certificate. Candidates are connectors whose certificate domain is accepted in their tenant.
    let tenant: IndexedTenant | undefined;
    let attributedBy: AttributedBy = "none";
    let ambiguousTenants: string[] | undefined;
    let certificateMatches = NO_CONNECTORS;
    if (names.length > 0) {
      certificateMatches = this.certificates.match(names, NO_CONNECTORS);
      for (let i = 0; i < certificateMatches.length; i++) {
        const candidate = certificateMatches[i];
        if (candidate.certificateDomain === undefined) continue;
        if (tenant === undefined) {
          tenant = candidate.tenant;
        } else if (candidate.tenant !== tenant) {
          ambiguousTenants = candidateTenantNames(certificateMatches);
          tenant = undefined;
          break;
        }
      }
      if (tenant !== undefined) attributedBy = "certificate";
      if (explain) steps.push(this.explainCertificate(names, certificateMatches, tenant, ambiguousTenants));
    } else if (explain) {
      steps.push("certificate: no TLS client certificate presented; next: MAIL FROM");
    }

    // Steps 2 and 3: MAIL FROM, then the first RCPT TO. An ambiguous certificate stops attribution (see ambiguousTenants).
    if (tenant === undefined && ambiguousTenants === undefined) {
      const senderOwners = mailFromDomain === undefined ? undefined : this.domains.lookup(mailFromDomain);
      if (senderOwners !== undefined) {
        tenant = senderOwners.tenants[0];
        attributedBy = "mail-from";
      }
      if (explain) steps.push(explainDomainStep("mail-from", message.mailFrom, mailFromDomain, senderOwners));
      if (tenant === undefined) {
        const recipientOwners = firstRecipientDomain === undefined ? undefined : this.domains.lookup(firstRecipientDomain);
        if (recipientOwners !== undefined) {
          tenant = recipientOwners.tenants[0];
          attributedBy = "rcpt-to";
        }
        if (explain) steps.push(explainDomainStep("rcpt-to", rcptTo[0], firstRecipientDomain, recipientOwners));
      }
      if (tenant === undefined && explain) {
        steps.push("not attributed: no tenant by certificate, MAIL FROM or RCPT TO; recipients outside Exchange Online are rejected 5.7.64");
      }
    }

    // Connector match in the attributed tenant: a certificate connector first (one with an accepted domain preferred), else by source IP.
    let connector: IndexedConnector | undefined;
    let byCertificate = false;
    if (tenant !== undefined) {
      for (let i = 0; i < certificateMatches.length; i++) {
        const candidate = certificateMatches[i];
        if (candidate.tenant !== tenant) continue;
        if (connector === undefined) connector = candidate;
        if (candidate.certificateDomain !== undefined) {
          connector = candidate;
          break;
        }
      }
      byCertificate = connector !== undefined;
      const sourceIp = message.sourceIp === undefined ? -1 : parseIpv4Address(message.sourceIp);
      if (connector === undefined && sourceIp >= 0) connector = tenant.connectorForIp(sourceIp);
      if (explain) steps.push(explainConnector(tenant, connector, byCertificate, message, sourceIp, names));
    }

    // Relay needs (a) an accepted certificate domain or MAIL FROM domain and (b) a matched connector.
    const certificateDomain = byCertificate ? connector!.certificateDomain : undefined;
    const mailFromAccepted = attributedBy === "mail-from" || (tenant !== undefined && mailFromDomain !== undefined && tenant.accepts(mailFromDomain));
    const relayAllowed = connector !== undefined && (certificateDomain !== undefined || mailFromAccepted);
    const directSend = tenant !== undefined && tenant.model.rejectDirectSend && connector === undefined && mailFromAccepted;

    const recipients: RecipientResult[] = [];
    let relayAsked = false;
    let directSendApplied = false;
    for (let i = 0; i < rcptTo.length; i++) {
      const address = rcptTo[i];
      const domain = i === 0 ? firstRecipientDomain : envelopeDomain(address);
      let verdict: Verdict;
      let decidingTenant = tenant;
      if (tenant !== undefined) {
        if (domain !== undefined && tenant.accepts(domain)) {
          verdict = connector !== undefined ? "internal" : directSend ? "directSend" : "anonymous";
          directSendApplied ||= directSend;
        } else {
          relayAsked = true;
          verdict = relayAllowed ? "relayed" : connector === undefined ? "noConnector" : "noAcceptedDomain";
        }
      } else {
        // Not attributed: a recipient of some tenant still arrives there as internet mail; any other is a relay attempt.
        decidingTenant = domain === undefined ? undefined : this.domains.lookup(domain)?.tenants[0];
        if (decidingTenant === undefined) verdict = "unattributed";
        else if (decidingTenant.model.rejectDirectSend && mailFromDomain !== undefined && decidingTenant.accepts(mailFromDomain)) verdict = "directSend";
        else verdict = "otherTenant";
      }
      const reason = explain ? explainRecipient(verdict, domain ?? address, decidingTenant, connector, mailFromDomain, certificateDomain) : BRIEF[verdict];
      const ndr = NDR_OF[verdict];
      recipients.push(ndr === undefined ? { address, outcome: OUTCOME_OF[verdict], reason } : { address, outcome: OUTCOME_OF[verdict], ndr, reason });
    }
    if (explain && tenant !== undefined) {
      if (directSendApplied) {
        steps.push(`direct send: RejectDirectSend is on in ${tenant.name} and MAIL FROM domain ${mailFromDomain} is accepted there, but no connector matched → own-domain recipients rejected 5.7.68`);
      }
      if (relayAsked) steps.push(explainRelay(tenant, connector, byCertificate, certificateDomain, message.mailFrom, mailFromDomain, mailFromAccepted));
    }

    // Optional fields are left out rather than set to undefined, so results compare and serialize cleanly, in the interface's order.
    const result = {} as { -readonly [K in keyof SimulationResult]: SimulationResult[K] };
    if (tenant !== undefined) result.tenant = tenant.name;
    result.attributedBy = attributedBy;
    if (ambiguousTenants !== undefined) result.ambiguousTenants = ambiguousTenants;
    if (connector !== undefined) result.connector = connector.model.path;
    result.recipients = recipients;
    if (message.headerFrom !== undefined) {
      const spoof = this.spoofVerdict(message, tenant, rcptTo);
      if (spoof !== undefined) {
        result.spoof = spoof;
        if (explain) steps.push(spoof.reason);
      }
    }
    result.steps = steps;
    return result;
  }

  /**
   * The spoof verdict in the tenant that receives the message: the attributed one, else the tenant accepting the first
   * recipient any tenant accepts; undefined when there is none or the 5322.From has no domain.
   */
  private spoofVerdict(message: SimulatedMessage, tenant: IndexedTenant | undefined, rcptTo: readonly string[]): SpoofVerdict | undefined {
    let judging = tenant;
    for (let i = 0; judging === undefined && i < rcptTo.length; i++) {
      const domain = envelopeDomain(rcptTo[i]);
      if (domain !== undefined) judging = this.domains.lookup(domain)?.tenants[0];
    }
    if (judging === undefined) return undefined;
    return spoofVerdict(judging.model, { headerFrom: message.headerFrom!, ptr: message.ptr, sourceIp: message.sourceIp });
  }

  /** The step-1 line: which connector decided, or why none did. */
  private explainCertificate(
    names: readonly string[], matches: readonly IndexedConnector[], tenant: IndexedTenant | undefined, ambiguous: string[] | undefined,
  ): string {
    const presented = `certificate ${names.join(", ")}`;
    if (ambiguous !== undefined) {
      const connectors = matches.filter((c) => c.certificateDomain !== undefined).map((c) => `${c.model.path} (${c.tenant.name})`);
      return `certificate: ${presented} matches OnPremises connectors with an accepted certificate domain in ${ambiguous.length} tenants ` +
        `(${connectors.join(", ")}): ambiguous, the shared-certificate anti-pattern; the message is not attributed and MAIL FROM and RCPT TO are ` +
        "not consulted: recipients outside Exchange Online are rejected 5.7.64, recipients of a tenant are delivered there as anonymous internet mail";
    }
    if (tenant !== undefined) {
      const decisive = matches.find((c) => c.tenant === tenant && c.certificateDomain !== undefined)!;
      return `certificate: ${presented} matches connector ${decisive.model.path} (TlsSenderCertificateName ${decisive.model.tlsSenderCertificateName}) ` +
        `of ${tenant.name}, whose certificate domain ${decisive.certificateDomain} is accepted there → attributed by certificate`;
    }
    const notes = matches.map((c) => `${c.model.path} (TlsSenderCertificateName ${c.model.tlsSenderCertificateName}) of ${c.tenant.name} ` +
      "matches but its certificate domain is not accepted there (KB 4019940: host.sub.d needs sub.d or itself accepted)");
    for (const c of this.ignoredCertificates.match(names, NO_CONNECTORS)) {
      notes.push(`${c.model.path} of ${c.tenant.name} matches but is ignored: ${c.ignoredBecause}`);
    }
    const detail = notes.length === 0 ? "no enabled OnPremises connector matches it" : notes.join("; ");
    return `certificate: ${presented} identifies no tenant: ${detail}; next: MAIL FROM`;
  }
}

/**
 * Simulates one message against `topology`, building a {@link MailFlowSimulator} each call;
 * keep a simulator for many messages.
 */
export function simulate(topology: Topology, message: SimulatedMessage, options?: SimulateOptions): SimulationResult {
  return new MailFlowSimulator(topology).simulate(message, options);
}

const simulators = new WeakMap<Topology, MailFlowSimulator>();

/**
 * The simulator of `topology`, indexed on first use and then shared (the rules' expectations and every stack's plan
 * simulate over the same Topology: at 1,000 tenants, indexing it takes about 50 ms). The Topology must not change
 * afterwards; a changed topology is a new object.
 */
export function simulatorOf(topology: Topology): MailFlowSimulator {
  let simulator = simulators.get(topology);
  if (simulator === undefined) {
    simulator = new MailFlowSimulator(topology);
    simulators.set(topology, simulator);
  }
  return simulator;
}

/** The names in lower case, reusing the caller's array when it already is. */
function lowerCaseNames(names: readonly string[] | undefined): readonly string[] {
  if (names === undefined) return NO_NAMES;
  for (let i = 0; i < names.length; i++) {
    if (names[i] !== names[i].toLowerCase()) return names.map((n) => n.toLowerCase());
  }
  return names;
}

/** Sorted, distinct initial domains of the certificate candidates (matches with an accepted certificate domain). */
function candidateTenantNames(matches: readonly IndexedConnector[]): string[] {
  const names = new Set<string>();
  for (const c of matches) if (c.certificateDomain !== undefined) names.add(c.tenant.name);
  return [...names].sort();
}

/** The step-2 or step-3 line. */
function explainDomainStep(step: "mail-from" | "rcpt-to", address: string, domain: string | undefined, owners: DomainOwners | undefined): string {
  const next = step === "mail-from" ? "next: RCPT TO" : "next: none";
  const label = step === "mail-from" ? "MAIL FROM" : "first RCPT TO";
  if (domain === undefined) {
    return step === "mail-from" && isNullSender(address)
      ? `mail-from: null sender <> (an NDR) has no domain; ${next}`
      : `${step}: ${label} "${address}" has no domain; ${next}`;
  }
  if (owners === undefined) return `${step}: ${label} domain ${domain} is not accepted in any tenant; ${next}`;
  const how = owners.bySubdomain
    ? `lies under ${owners.domain.domainName}, an InternalRelay accepted domain with MatchSubDomains,`
    : "is an accepted domain";
  const conflict = owners.tenants.length > 1
    ? ` (also declared in ${owners.tenants.slice(1).map((t) => t.name).join(", ")}: accepted-domain-in-multiple-tenants; the first in topology order is used)`
    : "";
  return `${step}: ${label} domain ${domain} ${how} of ${owners.tenants[0].name}${conflict} → attributed by ${step}`;
}

/** The connector-match line. */
function explainConnector(
  tenant: IndexedTenant, connector: IndexedConnector | undefined, byCertificate: boolean, message: SimulatedMessage,
  sourceIp: number, names: readonly string[],
): string {
  if (connector !== undefined && byCertificate) {
    const caveat = connector.certificateDomain === undefined ? "; its certificate domain is not accepted, so it cannot ground a relay by itself" : "";
    return `connector: ${connector.model.path} of ${tenant.name} matches the certificate (TlsSenderCertificateName ` +
      `${connector.model.tlsSenderCertificateName}) → mail from the customer's own servers${caveat}`;
  }
  if (connector !== undefined) {
    return `connector: ${connector.model.path} of ${tenant.name} matches source IP ${message.sourceIp} (SenderIPAddresses) → mail from the customer's own servers`;
  }
  const tried = [
    message.sourceIp === undefined ? "no source IP given" : sourceIp < 0 ? `source IP ${message.sourceIp} is not a dotted IPv4 address (connectors list IPv4 only)` : `source IP ${message.sourceIp}`,
    ...(names.length > 0 ? ["the certificate"] : []),
  ].join(", ");
  const ignored = sourceIp < 0 ? [] : tenant.ignoredConnectorsForIp(sourceIp).map((c) => `; ${c.model.path} covers the IP but is ignored: ${c.ignoredBecause}`);
  return `connector: no enabled OnPremises connector of ${tenant.name} matches (${tried}) → anonymous internet mail${ignored.join("")}`;
}

/** The detailed reason for one recipient; `tenant` is the attributed tenant, or the recipient's own when not attributed. */
function explainRecipient(
  verdict: Verdict, domain: string, tenant: IndexedTenant | undefined, connector: IndexedConnector | undefined,
  mailFromDomain: string | undefined, certificateDomain: string | undefined,
): string {
  const name = tenant?.name;
  switch (verdict) {
    case "internal":
      return `${domain} is accepted in ${name}: delivered as internal mail (connector ${connector!.model.path})`;
    case "anonymous":
      return `${domain} is accepted in ${name}: delivered as anonymous internet mail (no connector matched)`;
    case "directSend":
      return `${domain} is accepted in ${name}, but RejectDirectSend refuses anonymous mail from its own domain ${mailFromDomain}`;
    case "relayed": {
      const ground = certificateDomain !== undefined ? `certificate domain ${certificateDomain}` : `MAIL FROM domain ${mailFromDomain}`;
      return `${domain} is not accepted in ${name}: relayed (${ground} accepted, connector ${connector!.model.path})`;
    }
    case "noConnector":
      return `${domain} is not accepted in ${name}: relay denied, no connector matched the connection`;
    case "noAcceptedDomain":
      return `${domain} is not accepted in ${name}: relay denied, connector ${connector!.model.path} matched but neither a certificate ` +
        `domain nor the MAIL FROM domain (${mailFromDomain ?? "null sender"}) is accepted`;
    case "otherTenant":
      return `${domain} is accepted in ${name}: delivered there as anonymous internet mail (the message itself is not attributed)`;
    case "unattributed":
      return `${domain} is not accepted in any tenant and the message is not attributed: relay denied`;
  }
}

/** The relay line: the two conditions of the 2023 relay requirements and how each came out. */
function explainRelay(
  tenant: IndexedTenant, connector: IndexedConnector | undefined, byCertificate: boolean, certificateDomain: string | undefined,
  mailFrom: string, mailFromDomain: string | undefined, mailFromAccepted: boolean,
): string {
  const sender = mailFromDomain === undefined ? (isNullSender(mailFrom) ? "the null sender <>" : `MAIL FROM "${mailFrom}"`) : `MAIL FROM domain ${mailFromDomain}`;
  const a = certificateDomain !== undefined
    ? `(a) certificate domain ${certificateDomain} is accepted`
    : mailFromAccepted
      ? `(a) ${sender} is accepted`
      : `(a) fails: ${sender} is not accepted and ${byCertificate ? "the matched certificate connector has no accepted certificate domain" : "no certificate connector with an accepted domain matched"}`;
  const b = connector === undefined ? "(b) fails: no connector matched" : `(b) connector ${connector.model.path} matched by ${byCertificate ? "certificate" : "IP"}`;
  const allowed = connector !== undefined && (certificateDomain !== undefined || mailFromAccepted);
  const verdict = allowed ? "relay to recipients outside the tenant allowed" : "relay denied 5.7.64";
  const hint = !allowed && connector !== undefined && !byCertificate
    ? "; null-sender NDRs, forwarded mail and foreign sender domains relay only through a certificate connector whose domain is accepted"
    : "";
  return `relay: ${a}; ${b} → ${verdict} in ${tenant.name}${hint}`;
}
