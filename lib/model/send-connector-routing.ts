/**
 * On-premises routing (domain.md section 4a): which send connector Exchange Server picks for a recipient domain, from
 * the server that routes the message. Sources: "Connector selection in external message routing" and "Mail routing"
 * (Exchange Server docs); New-SendConnector reference (AddressSpaces, IsScopedConnector, SourceTransportServers).
 *
 * Exchange routes by the **recipient** only. For a recipient domain it:
 * 1. drops disabled connectors, and scoped connectors (`IsScopedConnector`) none of whose source servers is in the
 *    routing server's Active Directory site;
 * 2. keeps those with an address space matching the domain and picks the most specific match;
 * 3. among equally specific matches: the lowest cost, then the fewest hops from the routing server (a connector sourced
 *    on the server itself, then in its site, then in a remote site), then the lowest connector name.
 * **Model** where Microsoft leaves room or the declaration says nothing:
 * - AD site-link costs are not declared, so the aggregate cost is the address-space cost alone; hop count still prefers
 *   the local site.
 * - Connector names compare case-insensitively by code unit ("alphanumeric order"); equal names (which Exchange does
 *   not allow) fall back to the construct path, so the choice is always deterministic.
 * - A connector without source servers counts as sourced in the routing server's site (Exchange gives every connector
 *   at least one; the declaration did not say which); servers in no declared site share one site.
 * - Size limits are not modelled.
 * Pure data in, data out: the rules (send-connector-never-selected, flow-attributed-to-another-tenant) and the
 * simulator's routed flows read the same choice.
 */
import { addressSpaceMatches, addressSpaceOf, addressSpecificity, type AddressSpace } from "./address-space";
import type { OnPremisesOrganizationModel, SendConnectorModel } from "./topology";

/** How far a connector's source servers are from the routing server: itself, the same site, a remote site. */
export type Hops = 0 | 1 | 2;

/** A connector that could carry a message to a domain, with the address space that matched it best. */
export interface RouteCandidate {
  readonly sendConnector: SendConnectorModel;
  /** The connector's most specific (then cheapest) address space matching the domain. */
  readonly addressSpace: AddressSpace;
  readonly hops: Hops;
}

/** The routing decision for one recipient domain on one server. */
export interface RouteDecision {
  /** The routing server, or undefined when the organization declares no server at all. */
  readonly server?: string;
  /** The recipient domain, lower case. */
  readonly domain: string;
  /** The connector Exchange picks; undefined when no enabled, visible connector's address space matches the domain. */
  readonly chosen?: RouteCandidate;
  /** Every connector that matched, best first (the chosen one first). */
  readonly candidates: readonly RouteCandidate[];
  /** Why the chosen connector wins (or why there is none), naming the runner-up and the deciding step. */
  readonly reason: string;
}

const HOP_TEXT: Record<Hops, string> = { 0: "sourced on the routing server itself", 1: "sourced in the routing server's site", 2: "sourced in a remote site" };

/** Case-insensitive name order by code unit, then the path (locale-independent and total). */
function compareNames(a: SendConnectorModel, b: SendConnectorModel): number {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Orders candidates as Exchange prefers them: most specific, lowest cost, fewest hops, lowest name. */
export function compareCandidates(a: RouteCandidate, b: RouteCandidate): number {
  return addressSpecificity(b.addressSpace.address) - addressSpecificity(a.addressSpace.address)
    || a.addressSpace.cost - b.addressSpace.cost
    || a.hops - b.hops
    || compareNames(a.sendConnector, b.sendConnector);
}

/** The step that makes `winner` beat `loser`, in words. */
export function whyBetter(winner: RouteCandidate, loser: RouteCandidate): string {
  const w = winner.addressSpace;
  const l = loser.addressSpace;
  if (addressSpecificity(w.address) !== addressSpecificity(l.address)) {
    return `its address space ${w.address} is more specific than ${l.address} of "${loser.sendConnector.name}"`;
  }
  if (w.cost !== l.cost) return `its address-space cost ${w.cost} is lower than ${l.cost} of "${loser.sendConnector.name}" (${l.address})`;
  if (winner.hops !== loser.hops) return `it is ${HOP_TEXT[winner.hops]}, "${loser.sendConnector.name}" is ${HOP_TEXT[loser.hops]}`;
  return `equal address space ${w.address}, cost ${w.cost} and hops: its name sorts before "${loser.sendConnector.name}"`;
}

/** The servers and sites of one organization, indexed once, and the routing decisions over them. */
export class OrganizationRouter {
  /** Site of each server, by lower-case server name ("" for servers in no declared site). */
  private readonly siteOf = new Map<string, string>();
  private readonly connectors: readonly { sendConnector: SendConnectorModel; spaces: readonly AddressSpace[]; sources: readonly string[] }[];

  constructor(readonly organization: OnPremisesOrganizationModel) {
    for (const site of organization.sites ?? []) for (const server of site.servers) this.siteOf.set(server.toLowerCase(), site.name);
    this.connectors = organization.sendConnectors.map((sendConnector) => ({
      sendConnector,
      spaces: sendConnector.addressSpaces.flatMap((text) => addressSpaceOf(text) ?? []),
      sources: sendConnector.sourceTransportServers.map((s) => s.toLowerCase()),
    }));
  }

  /** The Active Directory site of a server: its declared site, or "" (the one site of servers in no declared site). */
  site(server: string): string {
    return this.siteOf.get(server.toLowerCase()) ?? "";
  }

  /**
   * Every server the organization names (transport servers, site members, mailbox servers, send connectors' source
   * servers), each once (case-insensitively, first spelling kept), sorted by lower-case name.
   */
  servers(): string[] {
    const seen = new Map<string, string>();
    const add = (server: string) => {
      if (!seen.has(server.toLowerCase())) seen.set(server.toLowerCase(), server);
    };
    this.organization.transportServers.forEach(add);
    for (const site of this.organization.sites ?? []) site.servers.forEach(add);
    for (const mailboxes of this.organization.userMailboxes ?? []) mailboxes.servers.forEach(add);
    for (const connector of this.organization.sendConnectors) connector.sourceTransportServers.forEach(add);
    return [...seen.keys()].sort().map((key) => seen.get(key)!);
  }

  /** Hops from `server` to a connector with `sources`; undefined when a scoped connector is invisible from there. */
  private hops(server: string | undefined, sources: readonly string[], scoped: boolean): Hops | undefined {
    if (server === undefined || sources.length === 0) return 1;
    const lower = server.toLowerCase();
    if (sources.includes(lower)) return 0;
    const site = this.site(lower);
    if (sources.some((s) => this.site(s) === site)) return 1;
    return scoped ? undefined : 2;
  }

  /**
   * The connector Exchange picks on `server` for a recipient in `domain` (lower case), and why.
   * @param label how the reason names the domain (for a probe domain, say "an internet domain")
   * @default label - the domain itself
   */
  route(server: string | undefined, domain: string, label = domain): RouteDecision {
    const candidates: RouteCandidate[] = [];
    for (const { sendConnector, spaces, sources } of this.connectors) {
      if (!sendConnector.enabled) continue;
      let best: AddressSpace | undefined;
      for (const space of spaces) {
        if (!addressSpaceMatches(space.address, domain)) continue;
        if (best === undefined || addressSpecificity(space.address) > addressSpecificity(best.address)
          || (addressSpecificity(space.address) === addressSpecificity(best.address) && space.cost < best.cost)) best = space;
      }
      if (best === undefined) continue;
      const hops = this.hops(server, sources, sendConnector.isScopedConnector === true);
      if (hops === undefined) continue;
      candidates.push({ sendConnector, addressSpace: best, hops });
    }
    candidates.sort(compareCandidates);
    const at = server === undefined ? "" : ` on ${server}`;
    const chosen = candidates[0];
    let reason: string;
    if (chosen === undefined) {
      reason = `no enabled send connector${server === undefined ? "" : " visible"}${at} has an address space matching ${label}`;
    } else if (candidates.length === 1) {
      reason = `"${chosen.sendConnector.name}" is the only enabled${server === undefined ? "" : ", visible"} send connector${at} whose address space matches ${label} (${chosen.addressSpace.address})`;
    } else {
      reason = `"${chosen.sendConnector.name}" carries mail to ${label}${at}: ${whyBetter(chosen, candidates[1])}`;
    }
    return { ...(server !== undefined ? { server } : {}), domain, ...(chosen ? { chosen } : {}), candidates, reason };
  }

  /**
   * The servers that route the mail of users of the tenant at `tenantPath`: the declared mailbox servers, or, when the
   * organization declares none for any tenant, its transport servers (every server of a DAG may categorize a message);
   * an empty list means "a server the declaration does not name".
   */
  mailboxServers(tenantPath: string): readonly string[] | undefined {
    const declared = this.organization.userMailboxes;
    if (declared !== undefined && declared.length > 0) return declared.find((m) => m.tenantPath === tenantPath)?.servers;
    return this.hostedTenantPaths().includes(tenantPath) ? this.organization.transportServers : undefined;
  }

  /**
   * The tenants whose users the organization hosts: those declared with `addUserMailboxes`, or, when none is declared,
   * the target tenant of each of its send connectors (in connector order, each once).
   */
  hostedTenantPaths(): string[] {
    const declared = this.organization.userMailboxes;
    if (declared !== undefined && declared.length > 0) return declared.map((m) => m.tenantPath);
    return [...new Set(this.organization.sendConnectors.map((c) => c.tenantPath))];
  }

  /**
   * A recipient domain that only the given address space (and broader ones) matches, to ask "does this address space ever
   * win?": `*` → `<fresh>.<fresh>`, `*.com` → `<fresh>.com`, `*.contoso.com` → `<fresh>.contoso.com`, `contoso.com` →
   * itself. `<fresh>` is a label no address space of the organization uses, so no more specific space matches it.
   */
  probeDomain(address: string): string {
    const fresh = this.freshLabel();
    if (address === "*") return `${fresh}.${fresh}`;
    if (address.startsWith("*.")) return `${fresh}.${address.slice(2)}`;
    return address;
  }

  private fresh?: string;

  private freshLabel(): string {
    if (this.fresh === undefined) {
      const labels = new Set(this.connectors.flatMap((c) => c.spaces.flatMap((s) => s.address.split("."))));
      let label = "route-probe";
      for (let n = 2; labels.has(label); n++) label = `route-probe-${n}`;
      this.fresh = label;
    }
    return this.fresh;
  }
}

const routers = new WeakMap<OnPremisesOrganizationModel, OrganizationRouter>();

/** The router of an organization, built once per organization model (read-only data). */
export function routerOf(organization: OnPremisesOrganizationModel): OrganizationRouter {
  let router = routers.get(organization);
  if (router === undefined) {
    router = new OrganizationRouter(organization);
    routers.set(organization, router);
  }
  return router;
}

/** True when on-premises routing applies: an Exchange Server organization (a relay service routes by its own rules). */
export function routesLikeExchange(organization: OnPremisesOrganizationModel): boolean {
  return (organization.senderKind ?? "exchange-server") === "exchange-server";
}
