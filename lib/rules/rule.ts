/**
 * The shape of a rule and of its findings. Rules are pure functions of the Topology:
 * no cdktf, no construct tree, no clock (the date comes in the context).
 */
import type { Topology } from "../model/topology";

/** How serious a finding is: errors stop synthesis unless suppressed, warnings are reported. */
export type Severity = "error" | "warning";

/** The simulator as the rules see it: rules sit below `lib/simulate`, so the runner passes one in. */
export interface MessageSimulator {
  /** Simulates one message (see `lib/simulate`). */
  simulate(message: {
    readonly sourceIp?: string;
    readonly certificateNames?: readonly string[];
    readonly mailFrom: string;
    readonly rcptTo: readonly string[];
    readonly headerFrom?: string;
    readonly ptr?: string;
  }): {
    readonly tenant?: string;
    readonly attributedBy: string;
    readonly ambiguousTenants?: readonly string[];
    readonly connector?: string;
    readonly steps: readonly string[];
    readonly recipients: readonly { readonly address: string; readonly outcome: string; readonly ndr?: string; readonly tenant?: string }[];
    readonly spoof?: { readonly entry?: string; readonly action?: string; readonly spoofedDomain: string; readonly infrastructure?: string };
  };
}

/** What a rule may know besides the Topology. */
export interface RuleContext {
  /** The synthesis date, `YYYY-MM-DD`; injectable so that expiry checks are testable. */
  readonly now: string;
  /**
   * A simulator built for the same topology; needed only when the topology declares mail-flow expectations.
   * @default - none: checking a topology with expectations then throws (use `checkRules` from lib/simulate)
   */
  readonly simulator?: MessageSimulator;
  /**
   * On-premises organizations (by path) whose users' mailbox placement is unknown: a live export without the placement
   * summary of an organization that sends to several tenants, or whose mailboxes are of no tenant's domain. Rules that
   * route users' mail from the servers holding their mailboxes (flow-attributed-to-another-tenant) check nothing there,
   * rather than assume every tenant's users on every server; the audit says so in a note.
   * @default - none: every organization's placement is as declared (`addUserMailboxes`), or the model's default
   */
  readonly userMailFlowsUnknown?: ReadonlySet<string>;
}

/** One problem a rule found, before the runner adds the rule's id, severity and suppression state. */
export interface RawFinding {
  /** Construct path of the offending object, taken from a `path` field of the Topology. */
  readonly path: string;
  /** What is wrong, which objects are involved and how to fix it; the runner appends the rule's source. */
  readonly message: string;
}

/** A rule of the catalogue: its documentation (for RULES.md) and its check. */
export interface Rule {
  /** Stable id, also the file name of the rule; one of `RULE_IDS` (a test keeps the two lists equal). */
  readonly id: string;
  readonly severity: Severity;
  /** What the rule detects, in one line. */
  readonly what: string;
  /** Why it matters, in a sentence or two. */
  readonly why: string;
  /** Where Microsoft documents it, e.g. `MC1226222` or `Set-InboundConnector reference`. */
  readonly source: string;
  /** How to fix a finding. */
  readonly fix: string;
  /** The findings of this rule in a Topology, one per offending object, in any order. */
  check(topology: Topology, context: RuleContext): RawFinding[];
}

/** A finding as reported to the user. */
export interface Finding {
  /** Id of the rule that found it (see RULES.md). */
  readonly ruleId: string;
  readonly severity: Severity;
  /** Construct path of the offending object. */
  readonly path: string;
  /** What is wrong, the objects involved, how to fix it, and the source. */
  readonly message: string;
  /** True when a valid, unexpired suppression covers the finding: it no longer stops synthesis. */
  readonly suppressed: boolean;
  /** The suppression's reason, when suppressed. */
  readonly suppressionReason?: string;
  /** The suppression's last day, `YYYY-MM-DD`, when suppressed by one that expires. */
  readonly suppressionExpires?: string;
}
