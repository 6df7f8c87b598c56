import { sendConnectorConnection } from "../model/connections";
import { coexistenceDomain } from "../model/exchange-online-endpoints";
import { routerOf, routesLikeExchange } from "../model/send-connector-routing";
import type { TenantModel } from "../model/topology";
import type { RawFinding, Rule } from "./rule";
import { certificatesByPath, describeSendConnector, tenantsByPath } from "./topology-queries";

/**
 * Mail of one tenant's users that on-premises routing (domain.md section 4a) sends through a send connector whose
 * certificate attributes it to another tenant (MC1226222). Checked for the users' internet mail and their mail to the
 * tenant's coexistence domain (cloud mailboxes), routed from each Mailbox server holding their mailboxes (declared with
 * `addUserMailboxes`; else the organization's transport servers, for the target tenant of each send connector).
 *
 * Organizations whose users' mailbox placement is unknown (`context.userMailFlowsUnknown`, a live export without it)
 * are not checked: which tenant's users route from which server cannot be told there.
 *
 * The attributed tenant is the simulator's answer when the rule context carries one (checkRules passes it), else the
 * connector's declared target tenant.
 */
export const flowAttributedToAnotherTenant: Rule = {
  id: "flow-attributed-to-another-tenant",
  severity: "error",
  what: "Mail of one tenant's users leaves through a send connector whose certificate attributes it to another tenant.",
  why:
    "Exchange Online attributes a message by the certificate first (MC1226222). Exchange Server picks the send connector by recipient only, " +
    "so tenant B's users' mail may leave through tenant A's connector, present A's certificate and be attributed to A: it is relayed or " +
    "delivered as A's mail, or rejected when A moves, the misattribution MC1226222 warns about.",
  source: "MC1226222; Connector selection in external message routing (Exchange Server docs); domain.md section 4a",
  fix:
    "Route each tenant's users' mail through that tenant's own send connector: its users on Mailbox servers (or an AD site) of their own with " +
    "that connector sourced there (and IsScopedConnector), or an address space that makes it win; declare where users live with addUserMailboxes.",
  check(topology, context) {
    const tenants = tenantsByPath(topology);
    const certificates = certificatesByPath(topology);
    const findings: RawFinding[] = [];
    for (const organization of topology.organizations) {
      if (!routesLikeExchange(organization) || organization.sendConnectors.length === 0 || context.userMailFlowsUnknown?.has(organization.path)) continue;
      const router = routerOf(organization);
      for (const tenantPath of router.hostedTenantPaths()) {
        const tenant = tenants.get(tenantPath);
        if (tenant === undefined) continue;
        const servers = router.mailboxServers(tenantPath) ?? [];
        const from: (string | undefined)[] = servers.length > 0 ? [...servers] : [undefined];
        const flows = [
          { what: "internet mail", domain: router.probeDomain("*"), label: "an internet domain" },
          ...(coexistenceDomain(tenant.initialDomain, tenant.cloud) !== undefined
            ? [{ what: `mail to its cloud mailboxes (${coexistenceDomain(tenant.initialDomain, tenant.cloud)})`, domain: coexistenceDomain(tenant.initialDomain, tenant.cloud)!, label: coexistenceDomain(tenant.initialDomain, tenant.cloud)! }]
            : []),
        ];
        // One finding per wrong connector, listing each flow it takes over with the servers it does so on.
        const wrong = new Map<string, { entry: Parameters<typeof describeSendConnector>[0]; attributedTo: string; cases: string[] }>();
        for (const flow of flows) {
          const byConnector = new Map<string, { servers: string[]; reason: string; attributedTo: string; entry: Parameters<typeof describeSendConnector>[0] }>();
          for (const server of from) {
            const decision = router.route(server, flow.domain, flow.label);
            const chosen = decision.chosen?.sendConnector;
            if (chosen === undefined) continue;
            const attributedTo = attributedTenant(topology, context.simulator, chosen.path, tenant, tenants.get(chosen.tenantPath));
            if (attributedTo === undefined || attributedTo === tenant.initialDomain) continue;
            const seen = byConnector.get(chosen.path);
            if (seen === undefined) byConnector.set(chosen.path, { servers: server === undefined ? [] : [server], reason: decision.reason, attributedTo, entry: { organization, sendConnector: chosen } });
            else if (server !== undefined) seen.servers.push(server);
          }
          for (const [key, { servers: on, reason, attributedTo, entry }] of byConnector) {
            const item = wrong.get(key) ?? { entry, attributedTo, cases: [] };
            item.cases.push(`its ${flow.what}${on.length === 0 ? "" : ` from ${on.join(", ")}`} (${reason})`);
            wrong.set(key, item);
          }
        }
        for (const { entry, attributedTo, cases } of wrong.values()) {
          const certificate = certificates.get(entry.sendConnector.certificatePath);
          const names = certificate ? `certificate ${certificate.path} (${certificate.dnsNames.join(", ")})` : `certificate ${entry.sendConnector.certificatePath}`;
          findings.push({
            path: entry.sendConnector.path,
            message:
              `users of tenant ${tenant.initialDomain} in organization ${organization.path} send through ${describeSendConnector(entry)}, which presents ` +
              `${names} and is attributed by Exchange Online to tenant ${attributedTo}, not ${tenant.initialDomain}: ${cases.join("; ")}. ` +
              `Route ${tenant.initialDomain}'s users' mail through its own send connector: put its users on Mailbox servers (or an AD site) of their own ` +
              `(addUserMailboxes) and source its connector there (IsScopedConnector to keep it in its site), or give that connector an address space that wins.`,
          });
        }
      }
    }
    return findings;
  },
};

/** The tenant Exchange Online attributes a user's mail through `sendConnectorPath` to: simulated when a simulator is given. */
function attributedTenant(
  topology: Parameters<Rule["check"]>[0], simulator: Parameters<Rule["check"]>[1]["simulator"], sendConnectorPath: string,
  userTenant: TenantModel, connectorTenant: TenantModel | undefined,
): string | undefined {
  if (simulator === undefined) return connectorTenant?.initialDomain;
  const connection = sendConnectorConnection(topology, sendConnectorPath) ?? {};
  const ownDomain = [...userTenant.acceptedDomains].map((d) => d.domainName).sort()[0] ?? userTenant.initialDomain;
  const result = simulator.simulate({ ...connection, mailFrom: `user@${ownDomain}`, rcptTo: ["someone@example.net"] });
  return result.tenant;
}
