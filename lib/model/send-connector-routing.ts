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
import { addressSpaceOf, addressSpecificity, type AddressSpace } from "./address-space";
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
  /** The best of the other matching connectors, the one the reason compares with. */
  readonly runnerUp?: RouteCandidate;
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

/** A connector's entry in the address-space index: its cheapest address space of one address. */
interface IndexedSpace {
  readonly sendConnector: SendConnectorModel;
  readonly addressSpace: AddressSpace;
  readonly sources: readonly string[];
}

/**
 * The servers and sites of one organization and its send connectors indexed by address, so that a routing decision
 * costs a few map lookups (one per label of the domain) once each (server, address) pair's best two are known: an
 * organization with thousands of `*` connectors routes thousands of tenants' mail in linear time.
 */
export class OrganizationRouter {
  /** Site of each server, by lower-case server name ("" for servers in no declared site). */
  private readonly siteOf = new Map<string, string>();
  /** Enabled connectors by address (`*`, `*.d`, `d`), each with its cheapest space of that address. */
  private readonly byAddress = new Map<string, IndexedSpace[]>();
  /** The best two visible connectors of an address on a server, by `server\u0000address`. */
  private readonly bestTwo = new Map<string, readonly RouteCandidate[]>();

  constructor(readonly organization: OnPremisesOrganizationModel) {
    for (const site of organization.sites ?? []) for (const server of site.servers) this.siteOf.set(server.toLowerCase(), site.name);
    for (const sendConnector of organization.sendConnectors) {
      if (!sendConnector.enabled) continue;
      const sources = sendConnector.sourceTransportServers.map((x) => x.toLowerCase());
      const cheapest = new Map<string, AddressSpace>();
      for (const text of sendConnector.addressSpaces) {
        const space = addressSpaceOf(text);
        if (space === undefined) continue;
        const known = cheapest.get(space.address);
        if (known === undefined || space.cost < known.cost) cheapest.set(space.address, space);
      }
      for (const [address, addressSpace] of cheapest) {
        const list = this.byAddress.get(address);
        const entry = { sendConnector, addressSpace, sources };
        if (list === undefined) this.byAddress.set(address, [entry]);
        else list.push(entry);
      }
    }
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
    if (sources.some((x) => this.site(x) === site)) return 1;
    return scoped ? undefined : 2;
  }

  /** The best two connectors of one address visible from `server`, best first (cached). */
  private topOf(server: string | undefined, address: string): readonly RouteCandidate[] {
    const key = `${server?.toLowerCase() ?? ""}\u0000${address}`;
    let top = this.bestTwo.get(key);
    if (top === undefined) {
      let first: RouteCandidate | undefined;
      let second: RouteCandidate | undefined;
      for (const { sendConnector, addressSpace, sources } of this.byAddress.get(address) ?? []) {
        const hops = this.hops(server, sources, sendConnector.isScopedConnector === true);
        if (hops === undefined) continue;
        const candidate = { sendConnector, addressSpace, hops };
        if (first === undefined || compareCandidates(candidate, first) < 0) {
          second = first;
          first = candidate;
        } else if (second === undefined || compareCandidates(candidate, second) < 0) {
          second = candidate;
        }
      }
      top = [first, second].filter((c): c is RouteCandidate => c !== undefined);
      this.bestTwo.set(key, top);
    }
    return top;
  }

  /**
   * The addresses that match `domain`, most specific first: `d`, `*.d`, `*.<parent>`, …, `*.<tld>`, `*`. So `*.d` matches
   * `d` and every domain under it (**model**: the cmdlet reference's `*.contoso.com` covers the domain's subdomains;
   * whether it also covers `contoso.com` itself is not spelled out, and an exact `contoso.com` space is more specific
   * either way), and `d` matches `d` only.
   */
  private static matchingAddresses(domain: string): string[] {
    const out = domain === "" ? [] : [domain, `*.${domain}`];
    for (let dot = domain.indexOf("."); dot >= 0; dot = domain.indexOf(".", dot + 1)) out.push(`*.${domain.slice(dot + 1)}`);
    out.push("*");
    return out;
  }

  /**
   * `sendConnector` as a candidate for `domain` on `server`: its most specific (then cheapest) matching address space and
   * its hops; undefined when it is disabled, invisible from there, or none of its address spaces matches.
   */
  candidate(server: string | undefined, sendConnector: SendConnectorModel, domain: string): RouteCandidate | undefined {
    for (const address of OrganizationRouter.matchingAddresses(domain)) {
      const entry = this.byAddress.get(address)?.find((e) => e.sendConnector === sendConnector);
      if (entry === undefined) continue;
      const hops = this.hops(server, entry.sources, sendConnector.isScopedConnector === true);
      return hops === undefined ? undefined : { sendConnector, addressSpace: entry.addressSpace, hops };
    }
    return undefined;
  }

  /**
   * The connector Exchange picks on `server` for a recipient in `domain` (lower case), and why.
   * @param label how the reason names the domain (for a probe domain, say "an internet domain")
   * @default label - the domain itself
   */
  route(server: string | undefined, domain: string, label = domain): RouteDecision {
    let chosen: RouteCandidate | undefined;
    let runnerUp: RouteCandidate | undefined;
    for (const address of OrganizationRouter.matchingAddresses(domain)) {
      const top = this.topOf(server, address);
      if (top.length === 0) continue;
      if (chosen === undefined) {
        [chosen, runnerUp] = top;
        if (runnerUp !== undefined) break;
      } else {
        runnerUp = top[0];
        break;
      }
    }
    const at = server === undefined ? "" : ` on ${server}`;
    let reason: string;
    if (chosen === undefined) {
      reason = `no enabled send connector${server === undefined ? "" : " visible"}${at} has an address space matching ${label}`;
    } else if (runnerUp === undefined) {
      reason = `"${chosen.sendConnector.name}" is the only enabled${server === undefined ? "" : ", visible"} send connector${at} whose address space matches ${label} (${chosen.addressSpace.address})`;
    } else {
      reason = `"${chosen.sendConnector.name}" carries mail to ${label}${at}: ${whyBetter(chosen, runnerUp)}`;
    }
    return { ...(server !== undefined ? { server } : {}), domain, ...(chosen ? { chosen } : {}), ...(runnerUp ? { runnerUp } : {}), reason };
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
      const labels = new Set([...this.byAddress.keys()].flatMap((address) => address.split(".")));
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
