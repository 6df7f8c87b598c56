import { isIpv4Address } from "../model/ip";
import { sendingInfrastructure, spoofedUser } from "../model/schemas";
import type { Rule } from "./rule";

/** The first problem the model's schema finds with a value, or undefined when it accepts it. */
function schemaProblem(schema: typeof spoofedUser, value: string): string | undefined {
  return schema.safeParse(value).error?.issues[0]?.message;
}

/** Why a sending infrastructure is not a domain, an `x.x.x.x/24` range, or `*` (undefined when it is one). */
function sendingInfrastructureProblem(text: string): string | undefined {
  // The schema reads a bare address as a domain with a numeric top-level label; the likely intent is its /24.
  if (isIpv4Address(text)) return `sending infrastructure "${text}" is a single address; give its /24 range instead (${text.replace(/\.\d+$/, ".0")}/24)`;
  const problem = schemaProblem(sendingInfrastructure, text);
  return problem === undefined ? undefined : `sending infrastructure "${text}": ${problem}`;
}

/** Why a spoofed user is not a domain, an email address, or `*` (undefined when it is one). */
function spoofedUserProblem(text: string): string | undefined {
  if (text === "*") return undefined;
  const problem = schemaProblem(spoofedUser, text);
  return problem === undefined ? undefined : `spoofed user "${text}": ${problem}`;
}

/**
 * A spoof pair whose sending infrastructure or spoofed user has a form Exchange Online refuses (judged by the model's
 * props schemas, so the rule and construct-time validation agree), or that is `*` on both sides.
 */
export const spoofPairInvalid: Rule = {
  id: "spoof-pair-invalid",
  severity: "error",
  what: "A spoof pair's sending infrastructure is not a domain (of the sender's PTR name), an x.x.x.x/24 range or *, its spoofed user is not a domain or address, or both sides are *.",
  why:
    "New-TenantAllowBlockListSpoofItems refuses such entries: the sending infrastructure is the domain found in the reverse DNS lookup of the " +
    "sender's address, or the address with a /24 mask when it has no PTR record, and * may stand for one side only.",
  source: "Manage spoofed senders using the Tenant Allow/Block List; New-TenantAllowBlockListSpoofItems reference; seed \"Walkthrough - Spoof intelligence insight\"",
  fix: "Use a domain of the sending server's PTR name (tms.mx.com, or its organizational domain mx.com, which covers every host under it) or its x.x.x.x/24 range, and name a spoofed domain or address when the infrastructure is *.",
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
