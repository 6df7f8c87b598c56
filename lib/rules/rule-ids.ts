/**
 * Every rule id the catalogue knows, as a typed list: suppressions are checked against it, and
 * the construct layer can type `suppress(construct, ruleId, …)` with {@link RuleId}.
 * A test keeps it equal to the ids of `RULES` in catalogue.ts.
 */

/** The ids of all rules, sorted. */
export const RULE_IDS = [
  "accepted-domain-in-multiple-tenants",
  "certificate-domain-not-accepted",
  "certificate-expired",
  "certificate-expiring",
  "certificate-shared-across-tenants",
  "internal-relay-without-outbound-connector",
  "ip-based-connector",
  "mail-flow-expectation-failed",
  "match-subdomains-requires-internal-relay",
  "partner-only-setting",
  "relay-requires-certificate",
  "send-connector-certificate-not-trusted",
  "send-connector-shared-across-tenants",
  "send-connector-tls",
  "sender-ip-microsoft-owned",
  "sender-ip-private",
  "sender-ip-shared-across-tenants",
  "spoof-pair-duplicate",
  "spoof-pair-invalid",
  "spoof-pair-limit",
  "spoof-type-mismatch",
  "suppression-expired",
  "suppression-invalid",
  "treat-messages-as-internal-conflict",
  "wildcard-certificate-name",
] as const;

/** A rule id of the catalogue. */
export type RuleId = (typeof RULE_IDS)[number];

/** Ids of the rules that judge suppressions themselves: their findings cannot be suppressed. */
export const SUPPRESSION_RULE_IDS: ReadonlySet<string> = new Set<RuleId>(["suppression-expired", "suppression-invalid"]);

const KNOWN_RULE_IDS: ReadonlySet<string> = new Set(RULE_IDS);

/** True when `text` is the id of a rule in the catalogue. */
export function isRuleId(text: string): text is RuleId {
  return KNOWN_RULE_IDS.has(text);
}
