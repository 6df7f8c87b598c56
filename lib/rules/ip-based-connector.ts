import type { Rule } from "./rule";
import { describeConnector, identifyingConnectors } from "./topology-queries";

/** An enabled OnPremises connector identified by `SenderIPAddresses` only. */
export const ipBasedConnector: Rule = {
  id: "ip-based-connector",
  severity: "warning",
  what: "An enabled OnPremises inbound connector identifies its senders by IP address only, without TlsSenderCertificateName.",
  why:
    "IP identification breaks when egress addresses are shared or change, and it cannot carry null-sender NDRs, forwarded mail or " +
    "foreign sender domains, which relay only when a certificate with an accepted domain identifies the connection.",
  source: "MC1226222",
  fix: "Set TlsSenderCertificateName to the certificate your servers present (its domain accepted in the tenant), and present it from the send connector.",
  check(topology) {
    return identifyingConnectors(topology)
      .filter(({ connector }) => connector.senderIpAddresses.length > 0 && !connector.tlsSenderCertificateName)
      .map((entry) => ({
        path: entry.connector.path,
        message:
          `${describeConnector(entry)} identifies senders by IP only (${entry.connector.senderIpAddresses.join(", ")}). ` +
          `Microsoft recommends certificate identification: set TlsSenderCertificateName to the name of the certificate your servers present, ` +
          `with its domain accepted in ${entry.tenant.initialDomain}.`,
      }));
  },
};
