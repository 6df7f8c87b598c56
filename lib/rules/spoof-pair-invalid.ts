import { domainNameProblem, organizationalDomain } from "../model/domain-name";
import { isIpv4Address, parseIpv4Range } from "../model/ip";
import type { Rule } from "./rule";

/** Why a sending infrastructure is not an organizational domain, an `a.b.c.d/24` range, or `*` (undefined when it is one). */
function sendingInfrastructureProblem(text: string): string | undefined {
  if (text === "*") return undefined;
  if (text.includes("/")) {
    const parsed = parseIpv4Range(text);
    if (!parsed.ok) return `sending infrastructure "${text}" is not an IPv4 range: ${parsed.reason}`;
    if (parsed.range.prefix !== 24) return `sending infrastructure "${text}" has prefix /${parsed.range.prefix}; /24 is the only prefix allowed (use ${parsed.range.cidr.split("/")[0]}/24)`;
    return undefined;
  }
  if (isIpv4Address(text)) return `sending infrastructure "${text}" is a single address; give its /24 range instead (${text.replace(/\.\d+$/, ".0")}/24)`;
  const problem = domainNameProblem(text);
  if (problem !== undefined) return `sending infrastructure "${text}" is not a domain, an x.x.x.x/24 range, or *: ${problem}`;
  const organizational = organizationalDomain(text);
  if (organizational === undefined) return `sending infrastructure "${text}" is a public suffix, not an organization's domain`;
  if (organizational !== text.toLowerCase()) {
    return `sending infrastructure "${text}" is a host name; use the organizational domain of the sender's PTR record, ${organizational}`;
  }
  return undefined;
}

/** Why a spoofed user is not a domain, an email address, or `*` (undefined when it is one). */
function spoofedUserProblem(text: string): string | undefined {
  if (text === "*") return undefined;
  const at = text.lastIndexOf("@");
  const domain = at < 0 ? text : text.slice(at + 1);
  if (at === 0) return `spoofed user "${text}" has nothing before the @`;
  const problem = domainNameProblem(domain);
  return problem === undefined ? undefined : `spoofed user "${text}" is not a domain, an email address, or *: ${problem}`;
}

/** A spoof pair whose sending infrastructure (or spoofed user) has a form Exchange Online refuses, or that is `*` on both sides. */
export const spoofPairInvalid: Rule = {
  id: "spoof-pair-invalid",
  severity: "error",
  what: "A spoof pair's sending infrastructure is not an organizational domain, an x.x.x.x/24 range or *, its spoofed user is not a domain or address, or both sides are *.",
  why:
    "New-TenantAllowBlockListSpoofItems refuses such entries, and an allowed pair only ever matches the exact combination of spoofed user and the " +
    "organizational domain of the sender's PTR record (or its /24), so a host name or another prefix never matches.",
  source: "Manage spoofed senders using the Tenant Allow/Block List; New-TenantAllowBlockListSpoofItems reference",
  fix: "Use the organizational domain of the sending server's PTR record (smtp.inbound.contoso.com → contoso.com) or its x.x.x.x/24 range, and name a spoofed domain or address when the infrastructure is *.",
  check(topology) {
    return topology.tenants.flatMap((tenant) =>
      tenant.spoofPairs.flatMap((pair) => {
        const problems = [spoofedUserProblem(pair.spoofedUser), sendingInfrastructureProblem(pair.sendingInfrastructure)].filter(
          (problem): problem is string => problem !== undefined,
        );
        if (pair.spoofedUser === "*" && pair.sendingInfrastructure === "*") problems.push("both the spoofed user and the sending infrastructure are *, which is not allowed");
        if (problems.length === 0) return [];
        return [{
          path: pair.path,
          message:
            `Spoof pair ${pair.spoofedUser} / ${pair.sendingInfrastructure} (${pair.action}, ${pair.spoofType}) of tenant ${tenant.initialDomain} is invalid: ` +
            `${problems.join("; ")}. Exchange Online refuses it or never matches it.`,
        }];
      }),
    );
  },
};
