import { daysBetween, isCalendarDate } from "./calendar-date";
import { certificateUsers } from "./certificate-usage";
import type { Rule } from "./rule";
import { describeCertificate } from "./topology-queries";

/** Days before expiry from which a certificate is reported. */
export const EXPIRY_WARNING_DAYS = 30;

/** A certificate that expires within {@link EXPIRY_WARNING_DAYS} days of the synthesis date (and has not expired yet). */
export const certificateExpiring: Rule = {
  id: "certificate-expiring",
  severity: "warning",
  what: `A certificate expires within ${EXPIRY_WARNING_DAYS} days of the synthesis date.`,
  why: "When it expires, connections it identifies stop being attributed to the tenant; renewing takes lead time (issuance, installation on every sending server).",
  source: "Updated Requirements for SMTP Relay (2023); MC1226222",
  fix: "Renew the certificate now, install it on the sending servers, and update its thumbprint and expiry in the topology.",
  check(topology, context) {
    const users = certificateUsers(topology);
    return topology.certificates.flatMap((certificate) => {
      if (!isCalendarDate(certificate.notAfter)) return [];
      const daysLeft = daysBetween(context.now, certificate.notAfter);
      if (daysLeft < 0 || daysLeft > EXPIRY_WARNING_DAYS) return [];
      const usedBy = users.get(certificate.path);
      return [{
        path: certificate.path,
        message:
          `${describeCertificate(certificate)}${usedBy ? `, ${usedBy},` : ""} expires on ${certificate.notAfter}, ${daysLeft} day${daysLeft === 1 ? "" : "s"} ` +
          `after the synthesis date ${context.now}. Renew it now, install it on the sending servers, and update its thumbprint and notAfter here.`,
      }];
    });
  },
};
