/**
 * The simulator's input and output: a message as Exchange Online sees it on the wire, and what it decides.
 */
import type { SpoofVerdict } from "./spoof";

/** A message arriving at Exchange Online: the connection and the SMTP envelope (P1), nothing of the content. */
export interface SimulatedMessage {
  /** IPv4 address of the connecting server; another form (such as IPv6) matches no connector. */
  readonly sourceIp?: string;
  /** DNS names (subject CN and SANs) of the TLS client certificate, when one is presented. */
  readonly certificateNames?: readonly string[];
  /** P1 MAIL FROM; `""` or `"<>"` is the null sender of NDRs. */
  readonly mailFrom: string;
  /** P1 RCPT TO, at least one address. */
  readonly rcptTo: readonly string[];
  /**
   * The 5322.From address (the header users see), for the spoof verdict (domain.md 3b).
   * @default - none: the result has no `spoof`
   */
  readonly headerFrom?: string;
  /**
   * The reverse DNS (PTR) name of the source address: the sending infrastructure of the spoof pair.
   * @default - none: the infrastructure is the /24 of `sourceIp`
   */
  readonly ptr?: string;
}

/**
 * Which attribution step decided the tenant (domain.md section 3):
 * `certificate` (step 1), `mail-from` (step 2), `rcpt-to` (step 3), or `none` (step 4, or an ambiguous certificate).
 */
export type AttributedBy = "certificate" | "mail-from" | "rcpt-to" | "none";

/** What happens to one recipient of a simulated message. */
export interface RecipientResult {
  /** The recipient as given in RCPT TO. */
  readonly address: string;
  /** `delivered` to a mailbox of a tenant, `relayed` to the internet, or `rejected` with an NDR. */
  readonly outcome: "delivered" | "relayed" | "rejected";
  /** The NDR text, present only when rejected. */
  readonly ndr?: string;
  /** One line on why. */
  readonly reason: string;
}

/** The simulator's verdict on a message. */
export interface SimulationResult {
  /** The attributed tenant's initial domain; absent when not attributed. */
  readonly tenant?: string;
  /** The attribution step that decided. */
  readonly attributedBy: AttributedBy;
  /** Initial domains, sorted, when several tenants match by certificate (the shared-certificate anti-pattern). */
  readonly ambiguousTenants?: string[];
  /** Path of the inbound connector that matched in the attributed tenant; absent when none did. */
  readonly connector?: string;
  /** One result per RCPT TO address, in order. */
  readonly recipients: RecipientResult[];
  /**
   * The spoof verdict (domain.md 3b), present when the message carries `headerFrom` and a tenant is found to consult:
   * the attributed tenant, else the tenant accepting the first recipient that one accepts.
   */
  readonly spoof?: SpoofVerdict;
  /** Human-readable explanation, one line per decision; empty when simulated with `explain: false`. */
  readonly steps: string[];
}

/** Options of one simulation. */
export interface SimulateOptions {
  /**
   * Build the explanation: `steps` lines and detailed recipient reasons. Off, `steps` is empty and each
   * reason is a fixed sentence per outcome, for bulk classification where only outcomes matter.
   * @default true
   */
  readonly explain?: boolean;
}
