import type { IConstruct } from "constructs";
import { type SimulationResult, simulatorOf } from "../simulate";
import { Certificate } from "./certificate";
import { topologyOf } from "./findings";

/** A message to simulate against the declared topology. */
export interface MessageToSimulate {
  /**
   * IPv4 address of the sending server.
   * @default - none: no IP connector matches
   */
  readonly sourceIp?: string;
  /**
   * The TLS client certificate presented: a Certificate construct or its DNS names.
   * @default - none: no certificate is presented
   */
  readonly certificate?: Certificate | readonly string[];
  /** Envelope sender (P1 MAIL FROM); `""` or `"<>"` is the null sender. */
  readonly mailFrom: string;
  /** Envelope recipients (P1 RCPT TO): one address or several. */
  readonly rcptTo: string | readonly string[];
  /**
   * The 5322.From address (the From users see): with it the result carries the spoof verdict.
   * @default - none: no spoof verdict
   */
  readonly headerFrom?: string;
  /**
   * The reverse DNS (PTR) name of the source address, the sending infrastructure of the spoof pair.
   * @default - none: the infrastructure is the /24 of `sourceIp`
   */
  readonly ptr?: string;
}

/**
 * Simulates how Exchange Online attributes and relays one message, against the topology declared in the app that
 * `scope` belongs to (every stack): attribution by certificate, then MAIL FROM, then RCPT TO; the matching connector;
 * and per recipient delivered, relayed or rejected with its NDR. For a Topology without cdktf, use `simulate` or
 * `MailFlowSimulator` from the same package.
 */
export function simulateMessage(scope: IConstruct, message: MessageToSimulate): SimulationResult {
  const certificate = message.certificate;
  const certificateNames = certificate instanceof Certificate ? certificate.dnsNames : certificate === undefined ? undefined : [...certificate];
  const rcptTo = typeof message.rcptTo === "string" ? [message.rcptTo] : [...message.rcptTo];
  if (rcptTo.length === 0) throw new Error(`[${scope.node.path}] simulateMessage: rcptTo needs at least one recipient`);
  // The app's Topology and its indexed simulator, built once per change of the declarations (as the rules use them).
  return simulatorOf(topologyOf(scope)).simulate({
    ...(message.sourceIp !== undefined ? { sourceIp: message.sourceIp } : {}),
    ...(certificateNames !== undefined ? { certificateNames } : {}),
    mailFrom: message.mailFrom === "<>" ? "" : message.mailFrom,
    rcptTo,
    ...(message.headerFrom !== undefined ? { headerFrom: message.headerFrom } : {}),
    ...(message.ptr !== undefined ? { ptr: message.ptr } : {}),
  });
}
