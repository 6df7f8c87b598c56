import type { RawFinding, Rule } from "./rule";
import {
  byCodeUnit, describeSendConnector, groupBy, sendConnectors, tenantEndpoints, tenantsByPath, type OrganizationSendConnector,
} from "./topology-queries";

/**
 * One send connector routes to more than one tenant. Two triggers, reported on each send connector involved:
 * its smart hosts are the endpoints of two or more tenants; or its organization declares several send connectors
 * with the same name (names are unique in an Exchange organization, so they are one connector) for different tenants.
 */
export const sendConnectorSharedAcrossTenants: Rule = {
  id: "send-connector-shared-across-tenants",
  severity: "error",
  what: "One send connector routes to more than one tenant, or an organization reaches two tenants through the same (same-named) send connector.",
  why:
    "A send connector presents one certificate; when it reaches several tenants, mail is attributed by whichever tenant trusts that certificate, " +
    "not by the tenant it was meant for. Microsoft requires a separate send connector and a unique certificate per tenant.",
  source: "MC1226222",
  fix: "Declare one send connector per tenant, each with a unique name, the target tenant's endpoint as its only smart host, and a certificate of its own.",
  check(topology) {
    const tenants = tenantsByPath(topology);
    const tenantOfEndpoint = new Map<string, Set<string>>();
    for (const tenant of topology.tenants) {
      for (const endpoint of tenantEndpoints(tenant)) {
        if (!tenantOfEndpoint.has(endpoint)) tenantOfEndpoint.set(endpoint, new Set());
        tenantOfEndpoint.get(endpoint)!.add(tenant.initialDomain);
      }
    }
    const targetName = (entry: OrganizationSendConnector): string => tenants.get(entry.sendConnector.tenantPath)?.initialDomain ?? entry.sendConnector.tenantPath;

    const problems = new Map<string, { entry: OrganizationSendConnector; reasons: string[] }>();
    const report = (entry: OrganizationSendConnector, reason: string): void => {
      let slot = problems.get(entry.sendConnector.path);
      if (!slot) problems.set(entry.sendConnector.path, (slot = { entry, reasons: [] }));
      slot.reasons.push(reason);
    };

    const all = sendConnectors(topology);
    for (const entry of all) {
      const reached = groupBy(
        entry.sendConnector.smartHosts.flatMap((host) => [...(tenantOfEndpoint.get(host.toLowerCase()) ?? [])].map((tenantName) => ({ tenantName, host }))),
        ({ tenantName }) => tenantName,
      );
      if (reached.size >= 2) {
        const list = [...reached.entries()].sort(([a], [b]) => byCodeUnit(a, b)).map(([tenantName, hosts]) => `${tenantName} (${hosts.map(({ host }) => host).join(", ")})`);
        report(entry, `its smart hosts reach ${reached.size} tenants: ${list.join(", ")}`);
      }
    }

    // Exchange compares send connector names without regard to case.
    const byOrganizationAndName = groupBy(all, (entry) => `${entry.organization.path}\u0000${entry.sendConnector.name.toLowerCase()}`);
    for (const group of byOrganizationAndName.values()) {
      const targets = new Set(group.map(targetName));
      if (targets.size < 2) continue;
      for (const entry of group) {
        const twins = group.filter((other) => other !== entry).map((other) => `${other.sendConnector.path} (to ${targetName(other)})`).sort(byCodeUnit);
        report(entry, `organization ${entry.organization.path} also declares a send connector named "${entry.sendConnector.name}" at ${twins.join(", ")}; ` +
          `send connector names are unique in an Exchange organization, so this one connector reaches ${[...targets].sort(byCodeUnit).join(" and ")}`);
      }
    }

    return [...problems.values()].map(({ entry, reasons }): RawFinding => ({
      path: entry.sendConnector.path,
      message:
        `${describeSendConnector(entry)} (target tenant ${targetName(entry)}) routes to more than one tenant: ${reasons.join("; and ")}. ` +
        `Use one send connector per tenant, each with a unique name, that tenant's endpoint as its only smart host, and its own certificate.`,
    }));
  },
};
