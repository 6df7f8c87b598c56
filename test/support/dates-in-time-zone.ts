/**
 * Run in a child process (test/constructs/dates-and-suppressions.test.ts) with time zones as arguments: in each (node
 * reads process.env.TZ again when it changes), declares a certificate expiring and a suppression ending "on the 20th",
 * written as `new Date(2026, 0, 20)` and as `new Date("2026-01-20")`, against the synthesis date 2026-01-20, and prints
 * what the library made of them as one JSON line, by time zone.
 */
import { App, TerraformStack } from "cdktf";
import { Certificate, InboundConnector, SYNTHESIS_DATE_CONTEXT, Tenant, checkTopology, collectTopology, suppress } from "../../lib";

function declare(day: () => Date) {
  const app = new App({ context: { [SYNTHESIS_DATE_CONTEXT]: "2026-01-20" } });
  const stack = new TerraformStack(app, "stack");
  const tenant = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
  tenant.addAcceptedDomain("contoso.com");
  tenant.addAcceptedDomain("mail.contoso.com");
  new InboundConnector(tenant, "FromOnPremises", { connectorType: "OnPremises", tlsSenderCertificateName: "mail.contoso.com" });
  const certificate = new Certificate(stack, "Certificate", { subject: "mail.contoso.com", issuer: "CN=CA", notAfter: day() });
  suppress(certificate, "certificate-expiring", "renewal is booked for the 20th in change 4711", { expires: day() });
  const topology = collectTopology(app);
  return {
    notAfter: topology.certificates[0].notAfter,
    expires: topology.suppressions[0].expires,
    findings: checkTopology(app).map((f) => `${f.ruleId} ${f.severity}${f.suppressed ? " suppressed" : ""}`),
  };
}

const results: Record<string, unknown> = {};
for (const zone of process.argv.slice(2)) {
  process.env.TZ = zone;
  results[zone] = { offsetMinutes: -new Date(2026, 0, 20).getTimezoneOffset(), local: declare(() => new Date(2026, 0, 20)), utc: declare(() => new Date("2026-01-20")) };
}
process.stdout.write(`${JSON.stringify(results)}\n`);
