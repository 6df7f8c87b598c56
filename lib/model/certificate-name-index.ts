/**
 * Connector certificate names → connectors, answering "which connectors match these certificate names"
 * with hash lookups instead of comparing every connector (same answers as `certificateNameMatches`).
 */
import { isWildcardName, parentDomain } from "./domain-name";

/** An item (a connector) with the `TlsSenderCertificateName` that identifies it, lower case. */
export interface CertificateNameEntry<T> {
  /** `host.domain` or `*.domain`, lower case. */
  readonly name: string;
  /** What a match returns. */
  readonly item: T;
}

/** Finds the items whose certificate name matches a presented certificate name. */
export class CertificateNameIndex<T> {
  /** Host names (`mail.contoso.com`): matched by the same name. */
  private readonly byName = new Map<string, T[]>();
  /** Host names by their parent: matched by a certificate's own wildcard `*.<parent>`. */
  private readonly byParent = new Map<string, T[]>();
  /** Wildcards `*.d` by `d`: matched by `d` and every name under it. */
  private readonly byWildcardBase = new Map<string, T[]>();
  private readonly order: Map<T, number>;

  /** Indexes `entries`; results come back in entry order. */
  constructor(entries: readonly CertificateNameEntry<T>[]) {
    this.order = new Map(entries.map((e, i) => [e.item, i]));
    for (const { name, item } of entries) {
      if (isWildcardName(name)) {
        add(this.byWildcardBase, name.slice(2), item);
      } else {
        add(this.byName, name, item);
        const parent = parentDomain(name);
        if (parent !== undefined) add(this.byParent, parent, item);
      }
    }
  }

  /** True when nothing is indexed. */
  get isEmpty(): boolean {
    return this.order.size === 0;
  }

  /**
   * The items whose name matches at least one of `names` (lower case), without duplicates, in entry order.
   * Returns `none` itself when nothing matches, so the common miss allocates nothing.
   */
  match(names: readonly string[], none: T[]): T[] {
    let found = none;
    for (let n = 0; n < names.length; n++) {
      const name = names[n];
      let base = name;
      if (isWildcardName(name)) {
        base = name.slice(2);
        // A certificate's `*.e` covers host names one level under e (certificateNameMatches).
        found = collect(found, none, this.byParent.get(base));
      } else {
        found = collect(found, none, this.byName.get(name));
      }
      if (this.byWildcardBase.size > 0) {
        // A connector's `*.d` matches d itself and every name under it: look up base and each of its parents.
        for (let at = -1, candidate = base; ; candidate = base.slice(at + 1)) {
          found = collect(found, none, this.byWildcardBase.get(candidate));
          at = base.indexOf(".", at + 1);
          if (at < 0) break;
        }
      }
    }
    if (found.length > 1) {
      const order = this.order;
      found.sort((a, b) => order.get(a)! - order.get(b)!);
    }
    return found;
  }
}

function add<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else list.push(item);
}

/** Appends `items` to `found` without duplicates, replacing the shared empty `none` by a fresh array first. */
function collect<T>(found: T[], none: T[], items: T[] | undefined): T[] {
  if (items === undefined) return found;
  let out = found;
  for (let i = 0; i < items.length; i++) {
    if (out === none) out = [];
    if (!out.includes(items[i])) out.push(items[i]);
  }
  return out;
}
