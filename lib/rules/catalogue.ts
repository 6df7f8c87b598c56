/** The rule catalogue: every rule, sorted by id. RULES.md is generated from it. */
import { acceptedDomainInMultipleTenants } from "./accepted-domain-in-multiple-tenants";
import { certificateDomainNotAccepted } from "./certificate-domain-not-accepted";
import { certificateExpired } from "./certificate-expired";
import { certificateExpiring } from "./certificate-expiring";
import { certificateSharedAcrossTenants } from "./certificate-shared-across-tenants";
import { internalRelayWithoutOutboundConnector } from "./internal-relay-without-outbound-connector";
import { ipBasedConnector } from "./ip-based-connector";
import { mailFlowExpectationFailed } from "./mail-flow-expectation-failed";
import { matchSubDomainsRequiresInternalRelay } from "./match-subdomains-requires-internal-relay";
import { partnerOnlySetting } from "./partner-only-setting";
import { relayRequiresCertificate } from "./relay-requires-certificate";
import type { Rule } from "./rule";
import { sendConnectorCertificateNotTrusted } from "./send-connector-certificate-not-trusted";
import { sendConnectorSharedAcrossTenants } from "./send-connector-shared-across-tenants";
import { sendConnectorTls } from "./send-connector-tls";
import { senderIpMicrosoftOwned } from "./sender-ip-microsoft-owned";
import { senderIpPrivate } from "./sender-ip-private";
import { senderIpSharedAcrossTenants } from "./sender-ip-shared-across-tenants";
import { spoofPairDuplicate } from "./spoof-pair-duplicate";
import { spoofPairInvalid } from "./spoof-pair-invalid";
import { spoofPairLimit } from "./spoof-pair-limit";
import { spoofTypeMismatch } from "./spoof-type-mismatch";
import { suppressionExpired } from "./suppression-expired";
import { suppressionInvalid } from "./suppression-invalid";
import { treatMessagesAsInternalConflict } from "./treat-messages-as-internal-conflict";
import { wildcardCertificateName } from "./wildcard-certificate-name";

/** Every rule of the catalogue, the two suppression rules included, sorted by id. */
export const RULES: readonly Rule[] = [
  acceptedDomainInMultipleTenants,
  certificateDomainNotAccepted,
  certificateExpired,
  certificateExpiring,
  certificateSharedAcrossTenants,
  internalRelayWithoutOutboundConnector,
  ipBasedConnector,
  mailFlowExpectationFailed,
  matchSubDomainsRequiresInternalRelay,
  partnerOnlySetting,
  relayRequiresCertificate,
  sendConnectorCertificateNotTrusted,
  sendConnectorSharedAcrossTenants,
  sendConnectorTls,
  senderIpMicrosoftOwned,
  senderIpPrivate,
  senderIpSharedAcrossTenants,
  spoofPairDuplicate,
  spoofPairInvalid,
  spoofPairLimit,
  spoofTypeMismatch,
  suppressionExpired,
  suppressionInvalid,
  treatMessagesAsInternalConflict,
  wildcardCertificateName,
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
