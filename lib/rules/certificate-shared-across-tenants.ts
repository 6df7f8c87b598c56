import { isWildcardName } from "../model/domain-name";
import type { CertificateModel } from "../model/topology";
import { CertificateNameIndex } from "../model/certificate-name-index";
import type { RawFinding, Rule } from "./rule";
import {
  boundedListForMessage, byCodeUnit, describeCertificate, describeConnector, groupBy, identifyingConnectors, listForMessage, MESSAGE_LIST_LIMIT,
  type TenantConnector,
} from "./topology-queries";

/** Connectors by certificate name; the simulator's index, so that rules and simulator match names identically. */
type ConnectorIndex = CertificateNameIndex<TenantConnector>;

const FIX =
  "Issue a separate certificate per tenant, each named under a domain accepted in that tenant only, " +
  "set each tenant's TlsSenderCertificateName to its own certificate's name, and present it from that tenant's own send connector.";

/** A connector's certificate name, lower case. */
const nameOf = (entry: TenantConnector): string => entry.connector.tlsSenderCertificateName!.toLowerCase();

/**
 * Findings on connectors of different tenants whose certificate names both match one certificate name. Worked out on
 * distinct names, then counted per connector: thousands of tenants trusting one relay's name cost a count each, not
 * a comparison with every other tenant.
 */
function connectorFindings(connectors: readonly TenantConnector[]): RawFinding[] {
  const byName = groupBy(connectors, nameOf);
  for (const list of byName.values()) list.sort((a, b) => byCodeUnit(a.tenant.initialDomain, b.tenant.initialDomain) || byCodeUnit(a.connector.path, b.connector.path));
  const names = [...byName.keys()].sort(byCodeUnit);
  const nameIndex = new CertificateNameIndex(names.map((name) => ({ name, item: name })));
  // Name → the names sharing a certificate with it → the name both match. A connector matches a certificate named after
  // its own base name; the look-up finds names equal to or above it only, so each relation is recorded both ways.
  const related = new Map<string, Map<string, string>>(names.map((name) => [name, new Map()]));
  for (const name of names) {
    const sharedName = isWildcardName(name) ? name.slice(2) : name;
    for (const other of nameIndex.match([sharedName], [])) {
      if (!related.get(name)!.has(other)) related.get(name)!.set(other, sharedName);
      if (!related.get(other)!.has(name)) related.get(other)!.set(name, sharedName);
    }
  }
  const perTenantAndName = new Map<string, number>();
  const tenantAndName = (tenant: string, name: string) => `${tenant}\u0000${name}`;
  for (const entry of connectors) {
    const key = tenantAndName(entry.tenant.initialDomain, nameOf(entry));
    perTenantAndName.set(key, (perTenantAndName.get(key) ?? 0) + 1);
  }

  const findings: RawFinding[] = [];
  for (const entry of connectors) {
    const tenantName = entry.tenant.initialDomain;
    const relatedNames = [...related.get(nameOf(entry))!].sort(([a], [b]) => byCodeUnit(a, b));
    let total = 0;
    for (const [other] of relatedNames) total += byName.get(other)!.length - (perTenantAndName.get(tenantAndName(tenantName, other)) ?? 0);
    if (total === 0) continue;
    const first: string[] = [];
    for (const [other, sharedName] of relatedNames) {
      for (const match of byName.get(other)!) {
        if (first.length === MESSAGE_LIST_LIMIT) break;
        if (match.tenant.initialDomain !== tenantName) first.push(`${describeConnector(match)} with "${other}" (both match ${sharedName})`);
      }
    }
    findings.push({
      path: entry.connector.path,
      message:
        `${describeConnector(entry)} trusts certificate name "${nameOf(entry)}", and connectors of other tenants ` +
        `match the same certificate: ${boundedListForMessage(first, total)}. A certificate carrying that name identifies its sender to several ` +
        `tenants, so Exchange Online cannot attribute the mail reliably. ${FIX}`,
    });
  }
  return findings;
}

/** Who a set of DNS names identifies senders to: tenants and matching connectors, counted, the first few named. */
interface CertificateMatches {
  readonly tenants: readonly string[];
  readonly matches: readonly string[];
}

/** Findings on declared certificates (one thumbprint = one certificate) that connectors of more than one tenant match. */
function certificateFindings(certificates: readonly CertificateModel[], index: ConnectorIndex): RawFinding[] {
  const groups = groupBy(certificates, (certificate) =>
    certificate.thumbprint ? `thumbprint ${certificate.thumbprint.toUpperCase()}` : `path ${certificate.path}`);
  // Many declarations often carry the same names: their matches are worked out once.
  const matchesOfNames = new Map<string, CertificateMatches>();
  const findings: RawFinding[] = [];
  for (const group of groups.values()) {
    const dnsNames = [...new Set(group.flatMap((certificate) => certificate.dnsNames))].sort(byCodeUnit);
    const key = dnsNames.join("\u0000");
    let found = matchesOfNames.get(key);
    if (found === undefined) {
      const tenants = new Set<string>();
      const matches = new Set<string>();
      for (const dnsName of dnsNames) {
        for (const match of index.match([dnsName], [])) {
          tenants.add(match.tenant.initialDomain);
          matches.add(`${describeConnector(match)} matches ${dnsName}`);
        }
      }
      found = { tenants: [...tenants].sort(byCodeUnit), matches: [...matches].sort(byCodeUnit) };
      matchesOfNames.set(key, found);
    }
    const { tenants, matches } = found;
    if (tenants.length < 2) continue;
    const paths = group.map((certificate) => certificate.path).sort(byCodeUnit);
    for (const certificate of group) {
      const twins = paths.slice(0, MESSAGE_LIST_LIMIT + 1).filter((path) => path !== certificate.path).slice(0, MESSAGE_LIST_LIMIT);
      const twinNote = group.length > 1 ? ` The same certificate (same thumbprint) is also declared as ${boundedListForMessage(twins, group.length - 1)}.` : "";
      findings.push({
        path: certificate.path,
        message:
          `${describeCertificate(certificate)} identifies senders to ${tenants.length} tenants (${boundedListForMessage(tenants.slice(0, MESSAGE_LIST_LIMIT), tenants.length, ", ")}): ` +
          `${listForMessage(matches)}.${twinNote} Exchange Online cannot tell which tenant a message presenting it belongs to. ${FIX}`,
      });
    }
  }
  return findings;
}

/**
 * One certificate identifies senders to more than one tenant. Two triggers, each reported on its own objects:
 * a declared certificate (or several declarations with one thumbprint) matched by enabled OnPremises connectors of
 * two tenants is reported on each certificate; two tenants' enabled OnPremises connectors whose names both match one
 * certificate name (equal names, or a wildcard over the other's name) are reported on each connector.
 */
export const certificateSharedAcrossTenants: Rule = {
  id: "certificate-shared-across-tenants",
  severity: "error",
  what: "One certificate (one thumbprint, or a name that two tenants' OnPremises connectors both match) identifies senders to more than one tenant.",
  why:
    "Exchange Online attributes a message by the certificate first; when several tenants trust the same certificate the attribution is ambiguous, " +
    "and mail meant for one tenant can be attributed to, or rejected by, another.",
  source: "MC1226222",
  fix: FIX,
  check(topology) {
    const connectors = identifyingConnectors(topology);
    const index: ConnectorIndex = new CertificateNameIndex(
      connectors.flatMap((entry) => (entry.connector.tlsSenderCertificateName ? [{ name: entry.connector.tlsSenderCertificateName.toLowerCase(), item: entry }] : [])),
    );
    return [...connectorFindings(connectors.filter((entry) => entry.connector.tlsSenderCertificateName)), ...certificateFindings(topology.certificates, index)];
  },
};
