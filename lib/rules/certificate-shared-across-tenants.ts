import { isWildcardName } from "../model/domain-name";
import type { CertificateModel } from "../model/topology";
import { CertificateNameIndex } from "../model/certificate-name-index";
import type { RawFinding, Rule } from "./rule";
import {
  byCodeUnit, describeCertificate, describeConnector, groupBy, identifyingConnectors, listForMessage, type TenantConnector,
} from "./topology-queries";

/** Connectors by certificate name; the simulator's index, so that rules and simulator match names identically. */
type ConnectorIndex = CertificateNameIndex<TenantConnector>;

const FIX =
  "Issue a separate certificate per tenant, each named under a domain accepted in that tenant only, " +
  "set each tenant's TlsSenderCertificateName to its own certificate's name, and present it from that tenant's own send connector.";

/** Findings on connectors of different tenants whose certificate names both match one certificate name. */
function connectorFindings(connectors: readonly TenantConnector[], index: ConnectorIndex): RawFinding[] {
  const sharedWith = new Map<string, { entry: TenantConnector; others: Set<string> }>();
  const record = (entry: TenantConnector, other: TenantConnector, sharedName: string): void => {
    let slot = sharedWith.get(entry.connector.path);
    if (!slot) sharedWith.set(entry.connector.path, (slot = { entry, others: new Set() }));
    slot.others.add(`${describeConnector(other)} with "${other.connector.tlsSenderCertificateName!.toLowerCase()}" (both match ${sharedName})`);
  };
  for (const entry of connectors) {
    const name = entry.connector.tlsSenderCertificateName?.toLowerCase();
    if (!name) continue;
    // Every connector that matches a certificate named after this connector's base name shares a certificate with it.
    // That look-up finds names equal to or above this one only, so each pair is recorded on both sides; the sets drop repeats.
    const sharedName = isWildcardName(name) ? name.slice(2) : name;
    for (const other of index.match([sharedName], [])) {
      if (other.tenant.initialDomain === entry.tenant.initialDomain) continue;
      record(entry, other, sharedName);
      record(other, entry, sharedName);
    }
  }
  return [...sharedWith.values()].map(({ entry, others }) => ({
    path: entry.connector.path,
    message:
      `${describeConnector(entry)} trusts certificate name "${entry.connector.tlsSenderCertificateName!.toLowerCase()}", and connectors of other tenants ` +
      `match the same certificate: ${listForMessage([...others].sort(byCodeUnit))}. A certificate carrying that name identifies its sender to several ` +
      `tenants, so Exchange Online cannot attribute the mail reliably. ${FIX}`,
  }));
}

/** Findings on declared certificates (one thumbprint = one certificate) that connectors of more than one tenant match. */
function certificateFindings(certificates: readonly CertificateModel[], index: ConnectorIndex): RawFinding[] {
  const groups = groupBy(certificates, (certificate) =>
    certificate.thumbprint ? `thumbprint ${certificate.thumbprint.toUpperCase()}` : `path ${certificate.path}`);
  const findings: RawFinding[] = [];
  for (const group of groups.values()) {
    const matchesByTenant = new Map<string, Set<string>>();
    for (const certificate of group) {
      for (const dnsName of certificate.dnsNames) {
        for (const match of index.match([dnsName], [])) {
          const tenantName = match.tenant.initialDomain;
          if (!matchesByTenant.has(tenantName)) matchesByTenant.set(tenantName, new Set());
          matchesByTenant.get(tenantName)!.add(`${describeConnector(match)} matches ${dnsName}`);
        }
      }
    }
    if (matchesByTenant.size < 2) continue;
    const tenants = [...matchesByTenant.keys()].sort(byCodeUnit);
    const matches = [...matchesByTenant.values()].flatMap((set) => [...set]).sort(byCodeUnit);
    for (const certificate of group) {
      const twins = group.filter((other) => other !== certificate).map((other) => other.path).sort(byCodeUnit);
      const twinNote = twins.length > 0 ? ` The same certificate (same thumbprint) is also declared as ${twins.join(", ")}.` : "";
      findings.push({
        path: certificate.path,
        message:
          `${describeCertificate(certificate)} identifies senders to ${tenants.length} tenants (${tenants.join(", ")}): ` +
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
    return [...connectorFindings(connectors, index), ...certificateFindings(topology.certificates, index)];
  },
};
