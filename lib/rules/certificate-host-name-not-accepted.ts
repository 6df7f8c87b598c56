import { isAcceptedDomain } from "../model/accepted-domains";
import { isWildcardName, parentDomain } from "../model/domain-name";
import type { Rule } from "./rule";
import { describeConnector, inboundConnectors } from "./topology-queries";

/**
 * A host-name `TlsSenderCertificateName` (`mail.contoso.com`) whose immediate parent is accepted but not the name itself
 * (domain.md section 4): KB 4019940 counts the parent, the 2017 relay notice asks such connectors to change "since
 * mail.contoso.com or <hostname> may not be registered domains", and the 2023 guidance calls accepting the host name the
 * safest form. The simulator still attributes by certificate (KB's reading); this warns where Microsoft may tighten.
 */
export const certificateHostNameNotAccepted: Rule = {
  id: "certificate-host-name-not-accepted",
  severity: "warning",
  what: "An OnPremises inbound connector's host-name TlsSenderCertificateName is not itself an accepted domain; only its immediate parent is.",
  why:
    "Microsoft's sources disagree on this form: KB 4019940 accepts the immediate parent (\"if the certificate subject name is hostname.subdomain.contoso.com, " +
    "you have to add only subdomain.contoso.com\"), while the 2017 relay notice asks wizard-made connectors like it to change \"since mail.contoso.com or " +
    "<hostname> may not be registered domains\", and the 2023 relay guidance calls adding the host name as an accepted domain the safest way. " +
    "Mail attributed today may be refused if Microsoft applies the stricter reading.",
  source: "KB 4019940; Important notice for Office 365 email customers who have configured connectors (2017); Updated Requirements for SMTP Relay through Exchange Online (2023)",
  fix:
    "Either accept the host name itself as an accepted domain of the tenant (the safest form; a subdomain of a verified domain verifies automatically), " +
    "or change TlsSenderCertificateName to *.<parent> (the 2017 notice's form, which draws the wildcard-certificate-name warning).",
  check(topology) {
    return inboundConnectors(topology).flatMap((entry) => {
      const { tenant, connector } = entry;
      const name = connector.tlsSenderCertificateName?.toLowerCase();
      if (connector.connectorType !== "OnPremises" || name === undefined || name === "" || isWildcardName(name)) return [];
      const parent = parentDomain(name);
      if (parent === undefined || isAcceptedDomain(tenant, name) || !isAcceptedDomain(tenant, parent)) return [];
      return [{
        path: connector.path,
        message:
          `TlsSenderCertificateName "${name}" of ${describeConnector(entry)} is a host name that is not an accepted domain of ${tenant.initialDomain}; ` +
          `only its parent ${parent} is. Microsoft's sources disagree on this form: KB 4019940 counts the parent, the 2017 relay notice asks connectors like ` +
          `this to change, and the 2023 guidance calls accepting the host name the safest form. Fix it either way: accept ${name} in ${tenant.initialDomain} ` +
          `(it verifies automatically under ${parent}), or set TlsSenderCertificateName to *.${parent}.`,
      }];
    });
  },
};
