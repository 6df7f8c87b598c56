import { isCalendarDate } from "./calendar-date";
import { certificateUsers } from "./certificate-usage";
import type { Rule } from "./rule";
import { describeCertificate } from "./topology-queries";

/** A certificate whose expiry date is before the synthesis date. */
export const certificateExpired: Rule = {
  id: "certificate-expired",
  severity: "error",
  what: "A certificate's expiry date (notAfter) is before the synthesis date.",
  why:
    "An expired certificate fails TLS with Exchange Online, so connections that it identified are no longer attributed to the tenant " +
    "and relayed mail is rejected.",
  source: "Updated Requirements for SMTP Relay (2023); MC1226222",
  fix: "Renew the certificate, install it on the sending servers, and update its thumbprint and expiry in the topology.",
  check(topology, context) {
    const users = certificateUsers(topology);
    return topology.certificates
      .filter((certificate) => isCalendarDate(certificate.notAfter) && certificate.notAfter < context.now)
      .map((certificate) => {
        const usedBy = users.get(certificate.path);
        return {
          path: certificate.path,
          message:
            `${describeCertificate(certificate)}${usedBy ? `, ${usedBy},` : ""} expired on ${certificate.notAfter} (synthesis date ${context.now}). ` +
            `Exchange Online no longer accepts it, so connections it identified are not attributed to the tenant. ` +
            `Renew it, install it on the sending servers, and update its thumbprint and notAfter here.`,
        };
      });
  },
};
