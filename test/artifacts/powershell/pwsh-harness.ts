/**
 * Runs generated scripts in real pwsh against the fake Exchange (test/support/pwsh.ts): writes each script to a file as
 * synthesis does (UTF-8, its byte order mark kept), then applies or removes with the environment a Terraform
 * provisioner gives.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { commentWithMarker } from "../../../lib/artifacts/powershell/managed-marker";
import type { GeneratedScript } from "../../../lib/artifacts/powershell/script-sections";
import type { OnPremisesOrganizationModel, TenantModel } from "../../../lib/model/topology";
import { FakeExchange, type FakeOrganizationState, type FakeTenantState, FAKE_SERVER_MODULES, type RunResult, ScriptServer } from "../../support/pwsh";

/** Where scripts are written for a test file. */
export function scriptFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-scripts-"));
}

/** Writes a generated script into `dir` and returns its path. */
export function writeScript(dir: string, script: GeneratedScript): string {
  const file = path.join(dir, script.fileName);
  fs.writeFileSync(file, script.content, "utf8");
  return file;
}

/** How one run is made. */
export interface RunOptions {
  /** MAILFLOW_OBJECT: construct paths, one per line. */
  readonly object?: readonly string[];
  /** MAILFLOW_ACTION=remove. */
  readonly remove?: boolean;
  /** MAILFLOW_DIGEST. */
  readonly digest?: string;
  readonly whatIf?: boolean;
  /** More environment variables (MAILFLOW_SPOOFED_USER, FAKE_EXCHANGE_ORGANIZATION...). */
  readonly env?: Readonly<Record<string, string | null>>;
  readonly prelude?: string;
  /** Script parameters besides -WhatIf. */
  readonly parameters?: Readonly<Record<string, string | boolean | readonly string[]>>;
}

/** The prelude that makes a runspace an Exchange Management Shell (the send connector cmdlets loaded). */
export const MANAGEMENT_SHELL = `Import-Module '${path.join(FAKE_SERVER_MODULES, "FakeExchangeServer", "FakeExchangeServer.psm1").replace(/'/g, "''")}'`;
/** The prelude that replaces the remote-session cmdlets with the fakes (a script given -ExchangeServer). */
export const REMOTE_SESSIONS = `Import-Module '${path.join(FAKE_SERVER_MODULES, "FakeExchangeRemoting", "FakeExchangeRemoting.psm1").replace(/'/g, "''")}'`;

/** Runs `script` in `server` against `fake`, as a Terraform provisioner or a person would. */
export function runScript(server: ScriptServer, fake: FakeExchange, script: string, options: RunOptions = {}): Promise<RunResult> {
  return server.run({
    script,
    parameters: { ...(options.whatIf ? { WhatIf: true } : {}), ...options.parameters },
    env: fake.env({
      ...(options.object ? { MAILFLOW_OBJECT: options.object.join("\n") } : {}),
      ...(options.remove ? { MAILFLOW_ACTION: "remove" } : {}),
      ...(options.digest !== undefined ? { MAILFLOW_DIGEST: options.digest } : {}),
      ...options.env,
    }),
    prelude: options.prelude,
  });
}

/** Fails with everything the script said when it did not succeed. */
export function expectOk(result: RunResult): RunResult {
  if (!result.ok || result.errors.length > 0) {
    throw new Error(`the script failed: ${result.error}\nerrors: ${result.errors.join("\n")}\nwarnings: ${result.warnings.join("\n")}\ninformation: ${result.information.join("\n")}`);
  }
  return result;
}

/** A stored object reduced to `keys`, lists as arrays (the fake stores an empty list as [] and an unset value as null). */
function pick(stored: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, stored[k] === undefined ? null : stored[k]]));
}

const byName = (a: { Name?: unknown }, b: { Name?: unknown }) => (String(a.Name) < String(b.Name) ? -1 : String(a.Name) > String(b.Name) ? 1 : 0);

const INBOUND_KEYS = [
  "Name", "ConnectorType", "SenderDomains", "SenderIPAddresses", "TlsSenderCertificateName", "AssociatedAcceptedDomains", "CloudServicesMailEnabled",
  "TreatMessagesAsInternal", "RequireTls", "RestrictDomainsToCertificate", "RestrictDomainsToIPAddresses", "Enabled", "Comment",
];
const OUTBOUND_KEYS = [
  "Name", "ConnectorType", "RecipientDomains", "SmartHosts", "UseMXRecord", "TlsSettings", "TlsDomain", "RouteAllMessagesViaOnPremises",
  "AllAcceptedDomains", "CloudServicesMailEnabled", "Enabled", "Comment",
];
const SEND_KEYS = [
  "Name", "AddressSpaces", "SmartHosts", "DNSRoutingEnabled", "RequireTLS", "TlsAuthLevel", "TlsDomain", "TlsCertificateName",
  "CloudServicesMailEnabled", "Fqdn", "SourceTransportServers", "Enabled", "Comment",
];

/** The Exchange Online state a tenant's declarations mean, in the fake's terms: what the first apply must create. */
export function declaredTenantState(tenant: TenantModel) {
  return {
    acceptedDomains: Object.fromEntries(tenant.acceptedDomains.map((d) => [d.domainName, { DomainType: d.domainType, MatchSubDomains: d.matchSubDomains, OutboundOnly: d.outboundOnly }])),
    inboundConnectors: tenant.inboundConnectors.map((c) => ({
      Name: c.name, ConnectorType: c.connectorType, SenderDomains: [...c.senderDomains], SenderIPAddresses: [...c.senderIpAddresses],
      TlsSenderCertificateName: c.tlsSenderCertificateName ?? null, AssociatedAcceptedDomains: [...c.associatedAcceptedDomains],
      CloudServicesMailEnabled: c.cloudServicesMailEnabled, TreatMessagesAsInternal: c.treatMessagesAsInternal, RequireTls: c.requireTls,
      RestrictDomainsToCertificate: c.restrictDomainsToCertificate, RestrictDomainsToIPAddresses: c.restrictDomainsToIpAddresses,
      Enabled: c.enabled, Comment: commentWithMarker(c.comment, c.path),
    })).sort(byName),
    outboundConnectors: tenant.outboundConnectors.map((c) => ({
      Name: c.name, ConnectorType: c.connectorType, RecipientDomains: [...c.recipientDomains], SmartHosts: [...c.smartHosts], UseMXRecord: c.useMxRecord,
      TlsSettings: c.tlsSettings ?? null, TlsDomain: c.tlsSettings === "DomainValidation" ? (c.tlsDomain ?? null) : null,
      RouteAllMessagesViaOnPremises: c.routeAllMessagesViaOnPremises, AllAcceptedDomains: c.allAcceptedDomains,
      CloudServicesMailEnabled: c.cloudServicesMailEnabled, Enabled: c.enabled, Comment: commentWithMarker(c.comment, c.path),
    })).sort(byName),
    spoofItems: tenant.spoofPairs
      .map((s) => ({ SpoofedUser: s.spoofedUser, SendingInfrastructure: s.sendingInfrastructure, SpoofType: s.spoofType, Action: s.action }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    rejectDirectSend: tenant.organizationConfig?.rejectDirectSend ?? false,
  };
}

/** A tenant's state in the fake, in the terms of {@link declaredTenantState}, for the domains the tenant declares. */
export function actualTenantState(state: FakeTenantState, tenant: TenantModel) {
  const declared = new Set(tenant.acceptedDomains.map((d) => d.domainName.toLowerCase()));
  return {
    acceptedDomains: Object.fromEntries(state.acceptedDomains.filter((d) => declared.has(d.DomainName.toLowerCase()))
      .map((d) => [d.DomainName, { DomainType: d.DomainType, MatchSubDomains: d.MatchSubDomains, OutboundOnly: d.OutboundOnly }])),
    inboundConnectors: state.inboundConnectors.map((c) => pick(c, INBOUND_KEYS)).sort(byName),
    outboundConnectors: state.outboundConnectors.map((c) => pick(c, OUTBOUND_KEYS)).sort(byName),
    spoofItems: state.spoofItems.map((s) => pick(s, ["SpoofedUser", "SendingInfrastructure", "SpoofType", "Action"]))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    rejectDirectSend: state.organizationConfig.RejectDirectSend,
  };
}

/** The send connectors an organization's declarations mean, in the fake's terms. */
export function declaredSendConnectors(organization: OnPremisesOrganizationModel) {
  return organization.sendConnectors.map((c) => ({
    Name: c.name, AddressSpaces: [...c.addressSpaces], SmartHosts: [...c.smartHosts], DNSRoutingEnabled: c.dnsRoutingEnabled, RequireTLS: c.requireTls,
    TlsAuthLevel: c.tlsAuthLevel ?? null, TlsDomain: c.tlsAuthLevel === "DomainValidation" ? (c.tlsDomain ?? null) : null,
    TlsCertificateName: c.tlsCertificateName ?? null, CloudServicesMailEnabled: c.cloudServicesMailEnabled, Fqdn: c.fqdn === "" ? null : c.fqdn,
    SourceTransportServers: [...c.sourceTransportServers], Enabled: c.enabled, Comment: commentWithMarker(c.comment, c.path),
  })).sort(byName);
}

/** An organization's send connectors in the fake, in the terms of {@link declaredSendConnectors}. */
export function actualSendConnectors(state: FakeOrganizationState) {
  return state.sendConnectors.map((c) => pick(c, SEND_KEYS)).sort(byName);
}
