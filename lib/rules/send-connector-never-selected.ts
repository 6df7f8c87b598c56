import { addressSpaceOf } from "../model/address-space";
import { routerOf, routesLikeExchange, whyBetter } from "../model/send-connector-routing";
import type { SendConnectorModel } from "../model/topology";
import type { Rule, RawFinding } from "./rule";
import { describeSendConnector } from "./topology-queries";

/**
 * A send connector that on-premises routing (domain.md section 4a) never picks for an address space it declares: on
 * every server of its organization another connector has a more specific, cheaper, nearer or alphabetically earlier
 * matching address space. Exchange Server routes by recipient only, so declaring one `*` connector per tenant does not
 * split internet mail by tenant. Disabled connectors are skipped (they carry nothing by design); relay services are
 * not Exchange and route by their own rules.
 */
export const sendConnectorNeverSelected: Rule = {
  id: "send-connector-never-selected",
  severity: "error",
  what: "On-premises routing never selects a send connector for an address space it declares: another connector of the organization always wins.",
  why:
    "Exchange Server picks one send connector per recipient: the most specific address space, then the lowest cost, then the fewest hops " +
    "from the routing server, then the lowest name. Several connectors with the same address space and sources do not split mail by tenant: " +
    "one carries all of it, under its certificate, and the others never send (MC1226222's misattribution).",
  source: "Connector selection in external message routing (Exchange Server docs); domain.md section 4a; MC1226222",
  fix:
    "Make the split explicit: put each tenant's users on Mailbox servers (or AD sites) of their own and source that tenant's connector there " +
    "(hop count decides; IsScopedConnector keeps it in its site), give per-tenant address spaces for mail to each tenant's domains, or remove the connector.",
  check(topology) {
    const findings: RawFinding[] = [];
    for (const organization of topology.organizations) {
      if (!routesLikeExchange(organization)) continue;
      const router = routerOf(organization);
      const servers = router.servers();
      const routingServers: (string | undefined)[] = servers.length > 0 ? servers : [undefined];
      // The connectors chosen somewhere for a probe domain, once per domain: thousands of * connectors share one.
      const winnersOf = new Map<string, Set<SendConnectorModel>>();
      const winners = (domain: string): Set<SendConnectorModel> => {
        let set = winnersOf.get(domain);
        if (set === undefined) {
          set = new Set(routingServers.flatMap((server) => router.route(server, domain).chosen?.sendConnector ?? []));
          winnersOf.set(domain, set);
        }
        return set;
      };
      for (const sendConnector of organization.sendConnectors) {
        if (!sendConnector.enabled) continue;
        const dead: string[] = [];
        for (const text of sendConnector.addressSpaces) {
          const space = addressSpaceOf(text);
          if (space === undefined) continue;
          const domain = router.probeDomain(space.address);
          if (winners(domain).has(sendConnector)) continue;
          const label = space.address === "*" ? "an internet domain" : space.address.startsWith("*.") ? `a domain under ${space.address.slice(2)}` : domain;
          const decisions = routingServers.map((server) => router.route(server, domain, label));
          // Name the winner where this connector is a candidate (else it is invisible everywhere: a scoped connector outside every site).
          const at = decisions.findIndex((d) => router.candidate(d.server, sendConnector, domain) !== undefined);
          const competing = decisions[Math.max(at, 0)];
          const winner = competing.chosen;
          const on = competing.server === undefined ? "" : ` on ${competing.server}`;
          const mine = at < 0 ? undefined : router.candidate(competing.server, sendConnector, domain);
          const because = winner === undefined || mine === undefined
            ? `it is scoped (IsScopedConnector) and none of its source servers is in the site of a server that routes mail`
            : `"${winner.sendConnector.name}" (${winner.sendConnector.path}) carries it${on}: ${whyBetter(winner, mine)}`;
          dead.push(`address space ${space.address} (checked on ${servers.length > 0 ? servers.join(", ") : "the organization's one undeclared server"}): ${because}`);
        }
        if (dead.length === 0) continue;
        const all = dead.length === sendConnector.addressSpaces.length;
        findings.push({
          path: sendConnector.path,
          message:
            `${describeSendConnector({ organization, sendConnector })} is never selected by on-premises routing ${all ? "for any address space it declares" : "for some of its address spaces"}: ` +
            `${dead.join("; ")}. Exchange Server routes by recipient only, so its mail leaves through the connector named instead, under that connector's certificate. ` +
            `Make the split explicit (each tenant's users on their own Mailbox servers or AD site with this connector sourced there, or scoped with IsScopedConnector; ` +
            `per-tenant address spaces for mail to each tenant's domains), or remove the connector.`,
        });
      }
    }
    return findings;
  },
};
