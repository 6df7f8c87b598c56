/**
 * Real-traffic fixtures at scale: the topology of an Exchange organization sending to two tenants (the report's test
 * scenario) and message tracking logs written from the documented format (domain.md section 7), every value a function
 * of the row number so runs repeat. Used by `npm run bench:traffic` and by the command-line tests.
 */
import * as fs from "fs";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { Certificate, InboundConnector, OnPremisesOrganization, SendConnector, Tenant, suppress } from "../lib";
import { TRACKING_LOG_FIELDS } from "../lib/live/message-tracking-log";

/** The send connector to Contoso's tenant and the one to Fabrikam's. */
export const SEND_CONNECTORS = ["Outbound to Office 365", "Outbound to Fabrikam"] as const;

/**
 * Declares Contoso's organization (egress 203.0.113.25) and two tenants, Contoso's and Fabrikam's, each reached through a
 * send connector of its own; Contoso's tenant identifies the organization by IP only (`ip`) or by certificate (`certificate`).
 */
export function trafficTopology(app: App, contosoBy: "ip" | "certificate", id = "traffic"): TerraformStack {
  const stack = new TerraformStack(app, id);
  const contoso = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
  contoso.addAcceptedDomain("contoso.com");
  const fabrikam = new Tenant(stack, "Fabrikam", { initialDomain: "fabrikam.onmicrosoft.com" });
  fabrikam.addAcceptedDomain("fabrikam.com");
  const contosoCertificate = new Certificate(stack, "ContosoCertificate", {
    subject: "CN=mail.contoso.com", issuer: "CN=Contoso Issuing CA", notAfter: "2027-12-31",
  });
  const fabrikamCertificate = new Certificate(stack, "FabrikamCertificate", {
    subject: "CN=smtp.fabrikam.com", issuer: "CN=Contoso Issuing CA", notAfter: "2027-12-31",
  });
  new InboundConnector(contoso, "FromOnPremises", contosoBy === "ip"
    ? { connectorType: "OnPremises", name: "Inbound from Contoso", senderIpAddresses: ["203.0.113.25"] }
    : { connectorType: "OnPremises", name: "Inbound from Contoso", tlsSenderCertificateName: "*.contoso.com" });
  new InboundConnector(fabrikam, "FromContoso", { connectorType: "OnPremises", name: "Inbound from Contoso", tlsSenderCertificateName: "*.fabrikam.com" });
  const organization = new OnPremisesOrganization(stack, "ContosoExchange", { egressIpAddresses: ["203.0.113.25"], transportServers: ["EX01", "EX02"] });
  const toContoso = new SendConnector(organization, "ToContoso", { name: SEND_CONNECTORS[0], tenant: contoso, certificate: contosoCertificate });
  // The traffic this topology exists for includes Fabrikam users' internet mail leaving through Contoso's connector.
  suppress(toContoso, "flow-attributed-to-another-tenant", "deliberate: the traffic report must show Fabrikam users' mail through Contoso's connector");
  new SendConnector(organization, "ToFabrikam", { name: SEND_CONNECTORS[1], tenant: fabrikam, certificate: fabrikamCertificate, addressSpaces: ["fabrikam.com"] });
  return stack;
}

/** The events of one generated message, in the order Exchange logs them. */
const EVENTS = ["RECEIVE", "AGENTINFO", "SUBMIT", "HAREDIRECT", "SENDEXTERNAL", "DELIVER"] as const;

/** One row of the generated log: message `m`'s event `e`, 30 fields (27 when `fields27`). */
function row(m: number, e: number, fields27: boolean): string {
  const event = EVENTS[e];
  const kind = m % 10; // 0: NDR, 1: forwarded, 2: Fabrikam, else users' mail
  const server = m % 2 === 0 ? "EX01" : "EX02";
  const messageId = `<${kind === 0 ? "ndr" : "msg"}${m}@${server}.corp.contoso.com>`;
  const returnPath = kind === 0 ? "<>" : kind === 1 ? `sender${m % 997}@example${m % 50}.org` : kind === 2 ? `user${m % 499}@fabrikam.com` : `user${m % 4999}@contoso.com`;
  const recipients = kind === 2 ? `partner${m % 89}@example.net` : m % 7 === 0 ? `a${m % 313}@example.net;b${m % 311}@example.com` : `someone${m % 1009}@example.net`;
  const send = event === "SENDEXTERNAL";
  const connector = send ? SEND_CONNECTORS[kind === 2 ? 1 : 0] : `${server}\\Default ${server}`;
  const seconds = String(m % 60).padStart(2, "0");
  const fields = [
    `2026-11-30T08:${String(Math.floor(m / 60) % 60).padStart(2, "0")}:${seconds}.${String(e * 111).padStart(3, "0")}Z`,
    "10.0.0.5", `${server}.corp.contoso.com`, send ? "52.101.1.1" : "10.0.0.6", send ? "contoso-com.mail.protection.outlook.com" : `${server}.corp.contoso.com`,
    `"08DD${(m * 7919).toString(16).toUpperCase().padStart(8, "0")};250 2.6.0 ${messageId} [InternalId=${m}, Hostname=${server}.corp.contoso.com] Queued mail for delivery"`,
    connector, "SMTP", event, String(m), messageId, `6f1c2b9e-${String(m % 10_000).padStart(4, "0")}-4000-8000-00000000${String(m % 10_000).padStart(4, "0")}`,
    recipients, recipients.split(";").map(() => "250 2.6.0 Queued mail for delivery").join(";"), String(10_000 + (m % 50_000)),
    String(recipients.split(";").length), "", "", `"Weekly report ${m % 100}, draft"`, returnPath === "<>" ? "postmaster@contoso.com" : returnPath,
    returnPath, `2026-11-30T08:00:00.000Z;SRV=${server}.corp.contoso.com:TOTAL-SUB=0.120|SA=0.050|MTSSD=0.020`, "Originating", "",
    "10.0.0.7", "", "S:E2ELatency=1.234;S:ExternalSendLatency=0.812;S:AccessedMailboxDatabase=DB01",
    ...(fields27 ? [] : ["Email", `0b9f7c21-${String(m % 10_000).padStart(4, "0")}-4000-8000-000000000001`, "15.02.1544.004"]),
  ];
  return fields.join(",");
}

/**
 * Writes message tracking logs of about `bytes` bytes into `dir`, in files of about `fileBytes`: alternately Exchange
 * 2019 (30 fields) and Exchange 2013 (27 fields) headers; six events a message, one of them SENDEXTERNAL through a
 * declared send connector (NDRs, forwarded mail, Fabrikam's users and Contoso's users). Returns rows and bytes written.
 */
export function writeTrackingLogs(dir: string, bytes: number, fileBytes = 64 * 2 ** 20): { files: number; rows: number; bytes: number } {
  let written = 0;
  let rows = 0;
  let files = 0;
  let m = 0;
  while (written < bytes) {
    const fields27 = files % 2 === 1;
    const fields = fields27 ? TRACKING_LOG_FIELDS.slice(0, 27) : TRACKING_LOG_FIELDS;
    const file = path.join(dir, `MSGTRK20261130${String(files).padStart(4, "0")}-1.LOG`);
    const fd = fs.openSync(file, "w");
    try {
      const header = `#Software: Microsoft Exchange Server\r\n#Version: ${fields27 ? "15.0.1497.2" : "15.2.1544.4"}\r\n#Log-type: Message Tracking Log\r\n#Date: 2026-11-30T08:00:00.000Z\r\n#Fields: ${fields.join(",")}\r\n`;
      fs.writeSync(fd, header);
      let inFile = header.length;
      while (inFile < fileBytes && written + inFile < bytes) {
        const chunk: string[] = [];
        for (let k = 0; k < 32; k++, m++) for (let e = 0; e < EVENTS.length; e++) chunk.push(row(m, e, fields27));
        const text = `${chunk.join("\r\n")}\r\n`;
        fs.writeSync(fd, text);
        inFile += Buffer.byteLength(text);
        rows += chunk.length;
      }
      written += inFile;
      files++;
    } finally {
      fs.closeSync(fd);
    }
  }
  return { files, rows, bytes: written };
}
