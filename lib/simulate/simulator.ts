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
import type { ConnectionFacts, PartnerDecision } from "./inbound-connector-match";
import { NDR_DIRECT_SEND, NDR_PARTNER_RESTRICTED, NDR_RELAY_DENIED } from "./ndr";
import { spoofVerdict, type SpoofVerdict } from "./spoof";
import { IndexedTenant, type IndexedConnector } from "./tenant-index";

/** The shared "no match" answer of the certificate index; never mutated. */
const NO_CONNECTORS: IndexedConnector[] = Object.freeze([]) as unknown as IndexedConnector[];
const NO_NAMES: readonly string[] = Object.freeze([]);

/** Fixed reasons used with `explain: false`, one per outcome, so bulk runs build no text. */
const BRIEF = {
  internal: "accepted domain of the tenant: delivered as internal mail (an OnPremises connector with CloudServicesMailEnabled or TreatMessagesAsInternal matched)",
  authenticated: "accepted domain of the tenant: delivered as authenticated mail from the customer's servers (an OnPremises connector matched)",
  partner: "accepted domain of the tenant: delivered as partner mail (a Partner connector matched)",
  partnerRestricted: "rejected by a Partner connector's RestrictDomainsToIPAddresses or RestrictDomainsToCertificate",
  anonymous: "accepted domain of the tenant: delivered as anonymous internet mail (no connector matched)",
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
  internal: "delivered", authenticated: "delivered", partner: "delivered", partnerRestricted: "rejected", anonymous: "delivered",
  directSend: "rejected", relayed: "relayed", noConnector: "rejected", noAcceptedDomain: "rejected", otherTenant: "delivered",
  unattributed: "rejected",
};

const NDR_OF: Record<Verdict, string | undefined> = {
  internal: undefined, authenticated: undefined, partner: undefined, partnerRestricted: NDR_PARTNER_RESTRICTED, anonymous: undefined,
  directSend: NDR_DIRECT_SEND, relayed: undefined, noConnector: NDR_RELAY_DENIED, noAcceptedDomain: NDR_RELAY_DENIED,
  otherTenant: undefined, unattributed: NDR_RELAY_DENIED,
};

/** A recipient's verdict in the tenant that holds its domain, and the connector that decided it. */
interface LocalVerdict {
  readonly verdict: Verdict;
  readonly connector?: IndexedConnector;
  readonly partner?: PartnerDecision<IndexedConnector>;
}

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
   * Attributes `message` to a tenant and decides each recipient (domain.md section 3). Attribution by RCPT TO is per
   * recipient (**model**: Exchange Online forks a message whose recipients belong to different tenants), so no
   * recipient's outcome depends on the order of the others.
   * @throws Error when `rcptTo` is empty: SMTP has no message without a recipient.
   */
  simulate(message: SimulatedMessage, options?: SimulateOptions): SimulationResult {
    const explain = options?.explain !== false;
    const rcptTo = message.rcptTo;
    if (rcptTo.length === 0) throw new Error("simulate: rcptTo needs at least one recipient");
    const steps: string[] = [];
    const names = lowerCaseNames(message.certificateNames);
    const mailFromDomain = envelopeDomain(message.mailFrom);
    const sourceIp = message.sourceIp === undefined ? -1 : parseIpv4Address(message.sourceIp);
    const facts: ConnectionFacts = { sourceIp, certificateNames: names, mailFromDomain };

    // Step 1: certificate. Candidates are connectors whose certificate domain is accepted in their tenant: the
    // names rule certificate-domain-not-accepted does not report (section 4, KB 4019940's reading).
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

    // Step 2: MAIL FROM. An ambiguous certificate stops attribution (see ambiguousTenants).
    const byRecipient = tenant === undefined && ambiguousTenants === undefined;
    if (byRecipient) {
      const senderOwners = mailFromDomain === undefined ? undefined : this.domains.lookup(mailFromDomain);
      if (senderOwners !== undefined) {
        tenant = senderOwners.tenants[0];
        attributedBy = "mail-from";
      }
      if (explain) steps.push(explainDomainStep("mail-from", message.mailFrom, mailFromDomain, senderOwners));
    }

    // Connector match in the attributed tenant (step 1 or 2); step 3 matches in each recipient's tenant below.
    let connector: IndexedConnector | undefined;
    let byCertificate = false;
    if (tenant !== undefined) {
      ({ connector, byCertificate } = this.onPremisesMatch(tenant, certificateMatches, sourceIp, mailFromDomain));
      if (explain) steps.push(explainConnector(tenant, connector, byCertificate, message, sourceIp, names, mailFromDomain));
    }

    // Relay needs (a) an accepted certificate domain or MAIL FROM domain and (b) a matched connector.
    const certificateDomain = byCertificate ? connector!.certificateDomain : undefined;
    const mailFromAccepted = attributedBy === "mail-from" || (tenant !== undefined && mailFromDomain !== undefined && tenant.accepts(mailFromDomain));
    const relayAllowed = connector !== undefined && (certificateDomain !== undefined || mailFromAccepted);

    // Per-recipient tenants of step 3 (and of an ambiguous certificate), each decided once per message.
    let local: Map<IndexedTenant, { verdict: LocalVerdict; connector?: IndexedConnector }> | undefined;

    const recipients: RecipientResult[] = [];
    let relayAsked = false;
    let messageVerdict: LocalVerdict | undefined;
    // Only step 3 and an ambiguous certificate fill it; allocated then.
    let recipientTenants: Set<IndexedTenant> | undefined;
    for (let i = 0; i < rcptTo.length; i++) {
      const address = rcptTo[i];
      const domain = envelopeDomain(address);
      let decision: LocalVerdict;
      let decidingTenant = tenant;
      if (tenant !== undefined) {
        if (domain !== undefined && tenant.accepts(domain)) {
          messageVerdict ??= this.localVerdict(tenant, connector, facts);
          decision = messageVerdict;
        } else {
          relayAsked = true;
          decision = { verdict: relayAllowed ? "relayed" : connector === undefined ? "noConnector" : "noAcceptedDomain", connector };
        }
      } else {
        // Step 3 (or an ambiguous certificate): the recipient's own tenant, if any, decides; any other recipient is a relay attempt.
        const owners = domain === undefined ? undefined : this.domains.lookup(domain);
        decidingTenant = owners?.tenants[0];
        if (explain && byRecipient) steps.push(explainDomainStep("rcpt-to", address, domain, owners));
        if (decidingTenant === undefined) decision = { verdict: "unattributed" };
        else {
          (recipientTenants ??= new Set()).add(decidingTenant);
          local ??= new Map();
          let entry = local.get(decidingTenant);
          if (entry === undefined) {
            const { connector: matched, byCertificate: matchedByCertificate } = this.onPremisesMatch(decidingTenant, certificateMatches, sourceIp, mailFromDomain);
            // With an ambiguous certificate no connector identifies the message, but a match still exempts it from RejectDirectSend.
            const verdict = byRecipient ? this.localVerdict(decidingTenant, matched, facts) : this.unattributedVerdict(decidingTenant, matched, facts);
            entry = { verdict, connector: byRecipient ? matched : undefined };
            local.set(decidingTenant, entry);
            if (explain && byRecipient) steps.push(explainConnector(decidingTenant, matched, matchedByCertificate, message, sourceIp, names, mailFromDomain));
          }
          decision = entry.verdict;
        }
      }
      const deciding = decision.connector;
      const reason = explain ? explainRecipient(decision, domain ?? address, decidingTenant, mailFromDomain, certificateDomain) : BRIEF[decision.verdict];
      const ndr = NDR_OF[decision.verdict];
      const result = { address, outcome: OUTCOME_OF[decision.verdict] } as { -readonly [K in keyof RecipientResult]: RecipientResult[K] };
      if (ndr !== undefined) result.ndr = ndr;
      if (decidingTenant !== undefined && decision.verdict !== "unattributed") result.tenant = decidingTenant.name;
      if (deciding !== undefined) result.connector = deciding.model.path;
      result.reason = reason;
      recipients.push(result);
    }
    if (byRecipient && tenant === undefined) {
      const attributedTenants = recipientTenants?.size ?? 0;
      if (attributedTenants > 0) attributedBy = "rcpt-to";
      // One tenant for every attributed recipient: it is the message's tenant, as when one step decided for all.
      if (attributedTenants === 1) {
        tenant = recipientTenants!.values().next().value!;
        connector = local!.get(tenant)!.connector;
      } else if (explain && attributedTenants === 0) {
        steps.push("not attributed: no tenant by certificate, MAIL FROM or RCPT TO; recipients outside Exchange Online are rejected 5.7.64");
      }
    }
    if (explain && messageVerdict !== undefined && tenant !== undefined) {
      const note = explainLocalVerdict(tenant, messageVerdict, mailFromDomain);
      if (note !== undefined) steps.push(note);
    }
    if (explain && local !== undefined) {
      for (const [recipientTenant, entry] of local) {
        const note = explainLocalVerdict(recipientTenant, entry.verdict, mailFromDomain);
        if (note !== undefined) steps.push(note);
      }
    }
    if (explain && relayAsked && tenant !== undefined) {
      steps.push(explainRelay(tenant, connector, byCertificate, certificateDomain, message.mailFrom, mailFromDomain, mailFromAccepted));
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

  /**
   * The OnPremises connector of `tenant` that matches: one matched by certificate first (one with an accepted
   * certificate domain preferred), else the first by source IP; either only when its AssociatedAcceptedDomains allow
   * the MAIL FROM domain (section 3).
   */
  private onPremisesMatch(
    tenant: IndexedTenant, certificateMatches: readonly IndexedConnector[], sourceIp: number, mailFromDomain: string | undefined,
  ): { connector: IndexedConnector | undefined; byCertificate: boolean } {
    let connector: IndexedConnector | undefined;
    for (let i = 0; i < certificateMatches.length; i++) {
      const candidate = certificateMatches[i];
      if (candidate.tenant !== tenant || !tenant.associatedDomainsAllow(candidate, mailFromDomain)) continue;
      if (connector === undefined) connector = candidate;
      if (candidate.certificateDomain !== undefined) {
        connector = candidate;
        break;
      }
    }
    if (connector !== undefined) return { connector, byCertificate: true };
    return { connector: sourceIp >= 0 ? tenant.connectorForIp(sourceIp, mailFromDomain) : undefined, byCertificate: false };
  }

  /**
   * A recipient whose domain `tenant` accepts, the message being attributed to that tenant (section 3): an OnPremises
   * connector's match decides first, then the tenant's Partner connectors, then RejectDirectSend; mail that matched any
   * inbound connector by sender IP or certificate is not Direct Send (Set-OrganizationConfig).
   */
  private localVerdict(tenant: IndexedTenant, onPremises: IndexedConnector | undefined, facts: ConnectionFacts): LocalVerdict {
    if (onPremises !== undefined) {
      const internal = onPremises.model.cloudServicesMailEnabled || onPremises.model.treatMessagesAsInternal;
      return { verdict: internal ? "internal" : "authenticated", connector: onPremises };
    }
    const partner = tenant.partnerDecision(facts);
    if (partner !== undefined) return { verdict: partner.kind === "partner" ? "partner" : "partnerRestricted", connector: partner.connector, partner };
    if (tenant.model.rejectDirectSend && facts.mailFromDomain !== undefined && tenant.accepts(facts.mailFromDomain)) return { verdict: "directSend" };
    return { verdict: "anonymous" };
  }

  /** A recipient of `tenant` in a message attributed to no tenant (an ambiguous certificate): anonymous, unless refused. */
  private unattributedVerdict(tenant: IndexedTenant, onPremises: IndexedConnector | undefined, facts: ConnectionFacts): LocalVerdict {
    if (onPremises !== undefined) return { verdict: "otherTenant" };
    const verdict = this.localVerdict(tenant, undefined, facts);
    return verdict.verdict === "anonymous" ? { verdict: "otherTenant" } : verdict;
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
  const next = step === "mail-from" ? "next: RCPT TO, each recipient on its own" : "this recipient is not attributed";
  const label = step === "mail-from" ? "MAIL FROM" : "RCPT TO";
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
  return `${step}: ${label} domain ${domain} ${how} of ${owners.tenants[0].name}${conflict} → ${step === "mail-from" ? "attributed" : "recipient attributed"} by ${step}`;
}

/** The connector-match line. */
function explainConnector(
  tenant: IndexedTenant, connector: IndexedConnector | undefined, byCertificate: boolean, message: SimulatedMessage,
  sourceIp: number, names: readonly string[], mailFromDomain: string | undefined,
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
  const scoped = tenant.connectors
    .filter((c) => c.ignoredBecause === undefined && c.model.associatedAcceptedDomains.length > 0 && !tenant.associatedDomainsAllow(c, mailFromDomain))
    .map((c) => `; ${c.model.path} is scoped by AssociatedAcceptedDomains ${c.model.associatedAcceptedDomains.join(", ")}, which do not cover ` +
      `MAIL FROM ${mailFromDomain ?? "<> (the null sender)"}`);
  return `connector: no enabled OnPremises connector of ${tenant.name} matches (${tried}) → not the customer's own servers${ignored.join("")}${scoped.join("")}`;
}

/** The line on Partner connectors and Direct Send for a tenant's own recipients, when either decided something. */
function explainLocalVerdict(tenant: IndexedTenant, decision: LocalVerdict, mailFromDomain: string | undefined): string | undefined {
  const partner = decision.partner;
  if (partner?.kind === "partner") {
    return `partner: ${partner.connector.model.path} of ${tenant.name} (a Partner connector whose SenderDomains cover ${mailFromDomain ?? "the null sender"}) ` +
      `matches by ${partner.by === "ip" ? "sender IP" : "certificate"} → its recipients there get partner mail, which is not Direct Send (Set-OrganizationConfig)`;
  }
  if (partner?.kind === "restricted") {
    return `partner: ${partner.connector.model.path} of ${tenant.name} is a Partner connector whose SenderDomains cover ${mailFromDomain ?? "the null sender"} ` +
      `and which sets ${partner.failed.join(" and ")}, but the ${partner.failed.map((f) => (f === "RestrictDomainsToIPAddresses" ? "source IP is not in its SenderIPAddresses" : "certificate does not match its TlsSenderCertificateName")).join(" and the ")} ` +
      "→ its recipients there are rejected 5.7.51 (domain.md section 2)";
  }
  if (decision.verdict === "directSend") {
    return `direct send: RejectDirectSend is on in ${tenant.name} and MAIL FROM domain ${mailFromDomain} is accepted there, but no inbound connector ` +
      "matched by sender IP or certificate → own-domain recipients rejected 5.7.68 (Set-OrganizationConfig)";
  }
  return undefined;
}

/** The detailed reason for one recipient; `tenant` is the tenant that decided it (attributed, or the recipient's own). */
function explainRecipient(
  decision: LocalVerdict, domain: string, tenant: IndexedTenant | undefined, mailFromDomain: string | undefined, certificateDomain: string | undefined,
): string {
  const name = tenant?.name;
  const connector = decision.connector;
  switch (decision.verdict) {
    case "internal":
      return `${domain} is accepted in ${name}: delivered as internal mail (connector ${connector!.model.path}, ` +
        `${connector!.model.treatMessagesAsInternal ? "TreatMessagesAsInternal" : "CloudServicesMailEnabled"})`;
    case "authenticated":
      return `${domain} is accepted in ${name}: delivered as authenticated mail from the customer's servers (connector ${connector!.model.path}, ` +
        "without CloudServicesMailEnabled or TreatMessagesAsInternal)";
    case "partner":
      return `${domain} is accepted in ${name}: delivered as partner mail (Partner connector ${connector!.model.path})`;
    case "partnerRestricted":
      return `${domain} is accepted in ${name}, but Partner connector ${connector!.model.path} covers sender domain ${mailFromDomain ?? "<>"} ` +
        "and restricts it to its own IP addresses or certificate: rejected 5.7.51";
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
      return `${domain} is not accepted in any tenant and the message is not attributed: relay denied (null-sender NDRs, forwarded mail and ` +
        "foreign sender domains relay only through a certificate connector whose domain is accepted: the 2017 notice)";
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
