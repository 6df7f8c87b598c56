/**
 * A two-stack topology with the things a plan must show: an IP-only connector (with a suppressed finding), a
 * certificate connector, a certificate whose domain is not accepted, a failing and a passing expectation, and objects
 * of another stack that relate to the main stack (a tenant sharing an IP range, an organization sending to it).
 */
import type { Topology } from "../../../lib/model/topology";
import { checkRules } from "../../../lib/simulate";
import { acceptedDomain, certificate, certificateConnector, ipConnector, organization, sendConnector, tenant, topology } from "../../support/topology";

export const MAIN = "main";
export const PARTNER = "partner";
export const NOW = "2026-11-22";

export const SUPPRESSION_REASON = "Legacy relay keeps its IP connector until the certificate rollout in Q1";

/** The fixture topology (both stacks). */
export function twoStackTopology(): Topology {
  const adatum = tenant("adatum", {
    path: "main/Adatum",
    stack: MAIN,
    acceptedDomains: [acceptedDomain({ domainName: "adatum.com", path: "main/Adatum/adatum.com" })],
    inboundConnectors: [ipConnector("By IP", ["198.51.100.0/24"], { path: "main/Adatum/ByIp" })],
  });
  const litware = tenant("litware", {
    path: "main/Litware",
    stack: MAIN,
    displayName: "Litware | Inc. <HQ>",
    acceptedDomains: [acceptedDomain({ domainName: "litware.com", path: "main/Litware/litware.com" })],
    inboundConnectors: [
      certificateConnector("By certificate", "mail.litware.com", { path: "main/Litware/ByCertificate" }),
      certificateConnector("From hoster", "*.hoster.example", { path: "main/Litware/FromHoster" }),
    ],
  });
  const fabrikam = tenant("fabrikam", {
    path: "partner/Fabrikam",
    stack: PARTNER,
    acceptedDomains: [acceptedDomain({ domainName: "fabrikam.com", path: "partner/Fabrikam/fabrikam.com" })],
    inboundConnectors: [ipConnector("Partner relay", ["198.51.100.128/25"], { path: "partner/Fabrikam/Relay" })],
  });
  const unrelated = tenant("unrelated", {
    path: "partner/Unrelated",
    stack: PARTNER,
    acceptedDomains: [acceptedDomain({ domainName: "unrelated.example", path: "partner/Unrelated/unrelated.example" })],
  });
  const certificates = [
    certificate("main/AdatumCertificate", ["mail.adatum.com"]),
    certificate("main/LitwareCertificate", ["mail.litware.com"]),
    certificate("partner/PartnerCertificate", ["smtp.partner.litware.com"]),
  ];
  const hosting = organization("main/Hosting", {
    stack: MAIN,
    egressIpAddresses: ["198.51.100.20"],
    relays: ["ndr", "forwarding"],
    sendConnectors: [
      sendConnector({ name: "To Adatum", path: "main/Hosting/ToAdatum", tenantPath: adatum.path, certificatePath: "main/AdatumCertificate", smartHosts: ["adatum.mail.protection.outlook.com"] }),
      sendConnector({ name: "To Litware", path: "main/Hosting/ToLitware", tenantPath: litware.path, certificatePath: "main/LitwareCertificate", smartHosts: ["litware.mail.protection.outlook.com"] }),
    ],
  });
  const partnerOrg = organization("partner/PartnerExchange", {
    stack: PARTNER,
    egressIpAddresses: ["192.0.2.10"],
    sendConnectors: [
      sendConnector({ name: "To Fabrikam", path: "partner/PartnerExchange/ToFabrikam", tenantPath: fabrikam.path, certificatePath: "partner/PartnerCertificate", smartHosts: ["fabrikam.mail.protection.outlook.com"] }),
      sendConnector({ name: "To Litware", path: "partner/PartnerExchange/ToLitware", tenantPath: litware.path, certificatePath: "partner/PartnerCertificate", smartHosts: ["litware.mail.protection.outlook.com"] }),
    ],
  });
  return topology({
    tenants: [adatum, litware, fabrikam, unrelated],
    certificates,
    organizations: [hosting, partnerOrg],
    expectations: [
      {
        path: "main/NdrsToAdatumRelay",
        via: { sendConnectorPath: "main/Hosting/ToAdatum" },
        mailFrom: "",
        rcptTo: ["someone@example.net"],
        expect: { outcome: "relayed" },
      },
      {
        path: "main/NdrsToLitwareRelay",
        via: { sendConnectorPath: "main/Hosting/ToLitware" },
        mailFrom: "",
        rcptTo: ["someone@example.net"],
        expect: { tenant: "litware.onmicrosoft.com", outcome: "relayed" },
      },
      {
        path: "partner/Elsewhere",
        via: { sourceIp: "192.0.2.10" },
        mailFrom: "user@fabrikam.com",
        rcptTo: ["a@example.net"],
        expect: { outcome: "rejected" },
      },
    ],
    suppressions: [{ path: "main/Adatum/ByIp", ruleId: "ip-based-connector", reason: SUPPRESSION_REASON, expires: "2027-03-31" }],
  });
}

/** Every finding of the fixture, as synthesis computes them. */
export function fixtureFindings(world: Topology = twoStackTopology()) {
  return checkRules(world, { now: NOW });
}
