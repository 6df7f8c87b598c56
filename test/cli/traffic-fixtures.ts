/**
 * Real traffic written from the documented formats (domain.md section 7), and the plans it runs against (the topology
 * of bench/generate-traffic.ts): Contoso's Exchange organization sends to its tenant through "Outbound to Office 365" and
 * to Fabrikam's through "Outbound to Fabrikam". Before the change Contoso's tenant identifies the organization by IP
 * only; after it, by certificate.
 */
import * as fs from "fs";
import * as path from "path";
import { TerraformStack } from "cdktf";
import { trafficTopology } from "../../bench/generate-traffic";
import { Certificate, InboundConnector, OnPremisesOrganization, SendConnector, Tenant } from "../../lib";
import { TRACKING_LOG_FIELDS } from "../../lib/live/message-tracking-log";
import { synthMailflow, testApp } from "../support/examples";

/** Writes both plans into `dir`; returns their paths. */
export function writeTrafficPlans(dir: string): { ipOnly: string; certificate: string } {
  const ipOnly = path.join(dir, "ip-only.plan.json");
  const certificate = path.join(dir, "certificate.plan.json");
  fs.writeFileSync(ipOnly, synthMailflow(trafficTopology(testApp(), "ip"))["plan.json"]);
  fs.writeFileSync(certificate, synthMailflow(trafficTopology(testApp(), "certificate"))["plan.json"]);
  return { ipOnly, certificate };
}

/**
 * The change of the routing tests: Contoso's organization sends only mail for its tenant's coexistence domain and for
 * contoso.com through "Outbound to Office 365" (certificate-identified, as the Hybrid Configuration Wizard sets it up),
 * and Fabrikam's domain through "Outbound to Fabrikam"; internet mail leaves directly, through a connector the plan does
 * not declare. Written into `dir`; returns the plan's path.
 */
export function writeDirectInternetPlan(dir: string): string {
  const stack = new TerraformStack(testApp(), "direct");
  const contoso = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
  contoso.addAcceptedDomain("contoso.com");
  contoso.addAcceptedDomain("contoso.mail.onmicrosoft.com");
  const fabrikam = new Tenant(stack, "Fabrikam", { initialDomain: "fabrikam.onmicrosoft.com" });
  fabrikam.addAcceptedDomain("fabrikam.com");
  const contosoCertificate = new Certificate(stack, "ContosoCertificate", { subject: "CN=mail.contoso.com", issuer: "CN=Contoso Issuing CA", notAfter: "2027-12-31" });
  const fabrikamCertificate = new Certificate(stack, "FabrikamCertificate", { subject: "CN=smtp.fabrikam.com", issuer: "CN=Contoso Issuing CA", notAfter: "2027-12-31" });
  new InboundConnector(contoso, "FromOnPremises", { connectorType: "OnPremises", name: "Inbound from Contoso", tlsSenderCertificateName: "mail.contoso.com" });
  new InboundConnector(fabrikam, "FromContoso", { connectorType: "OnPremises", name: "Inbound from Contoso", tlsSenderCertificateName: "smtp.fabrikam.com" });
  const organization = new OnPremisesOrganization(stack, "ContosoExchange", { egressIpAddresses: ["203.0.113.25"], transportServers: ["EX01", "EX02"] });
  new SendConnector(organization, "ToContoso", { name: "Outbound to Office 365", tenant: contoso, certificate: contosoCertificate, addressSpaces: ["contoso.mail.onmicrosoft.com", "contoso.com"] });
  new SendConnector(organization, "ToFabrikam", { name: "Outbound to Fabrikam", tenant: fabrikam, certificate: fabrikamCertificate, addressSpaces: ["fabrikam.com"] });
  const file = path.join(dir, "direct-internet.plan.json");
  fs.writeFileSync(file, synthMailflow(stack)["plan.json"]);
  return file;
}

/** One tracking-log row from named fields, in the order of `fields`; a field with a comma or quote is quoted. */
export function logRow(fields: readonly string[], values: Record<string, string>): string {
  return fields.map((f) => {
    const v = values[f] ?? "";
    return /[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(",");
}

/** A tracking log file: the W3C header (with `fields`) and rows. */
export function trackingLog(fields: readonly string[], rows: readonly Record<string, string>[], version = "15.2.1544.4"): string {
  return [
    "#Software: Microsoft Exchange Server",
    `#Version: ${version}`,
    "#Log-type: Message Tracking Log",
    "#Date: 2026-11-30T08:00:00.000Z",
    `#Fields: ${fields.join(",")}`,
    ...rows.map((r) => logRow(fields, r)),
    "",
  ].join("\r\n");
}

/** The 30 fields of Exchange 2016/2019/SE, and the 27 of Exchange 2013. */
export const FIELDS_30 = TRACKING_LOG_FIELDS;
export const FIELDS_27 = TRACKING_LOG_FIELDS.slice(0, 27);

/** A SENDEXTERNAL row through `connector`. */
export function sendRow(connector: string, messageId: string, returnPath: string, recipients: string[], extra: Record<string, string> = {}): Record<string, string> {
  return {
    "date-time": "2026-11-30T08:15:02.123Z", "client-ip": "10.0.0.5", "client-hostname": "EX01.corp.contoso.com",
    "server-ip": "52.101.1.1", "server-hostname": "contoso-com.mail.protection.outlook.com",
    "source-context": "08DD1234ABCD;250 2.6.0 Queued mail for delivery", "connector-id": connector, source: "SMTP",
    "event-id": "SENDEXTERNAL", "internal-message-id": "12345", "message-id": messageId,
    "network-message-id": "6f1c2b9e-1111-2222-3333-444455556666", "recipient-address": recipients.join(";"),
    "recipient-status": recipients.map(() => "250 2.6.0 Queued").join(";"), "total-bytes": "20480",
    "recipient-count": String(recipients.length), "message-subject": "Quarterly report, draft \"v2\"",
    "sender-address": returnPath === "<>" ? "postmaster@contoso.com" : returnPath, "return-path": returnPath,
    "message-info": "2026-11-30T08:15:01.000Z;SRV=EX01", directionality: "Originating",
    "custom-data": "S:E2ELatency=1.2;S:ExternalSendLatency=0.8", "transport-traffic-type": "Email",
    "log-id": "0b9f7c21-0000-4000-8000-000000000001", "schema-version": "15.02.1544.004",
    ...extra,
  };
}

/** A row of another event (RECEIVE, DELIVER, DSN, HAREDIRECT ...). */
export function eventRow(eventId: string, messageId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...sendRow("EX01\\Default EX01", messageId, "user@contoso.com", ["mailbox@contoso.com"]), "event-id": eventId, source: "SMTP", ...extra };
}
