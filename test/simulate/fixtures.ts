/**
 * Shared topologies for the simulator tests: contoso identifies its servers by certificate and by IP,
 * fabrikam by IP only, and a third tenant has nothing but accepted domains.
 */
import type { SimulatedMessage } from "../../lib/simulate";
import { certificateConnector, ipConnector, tenant, topology } from "../support/topology";

/** An address inside contoso's IP connector range. */
export const CONTOSO_IP = "203.0.113.25";
/** An address inside fabrikam's IP connector range. */
export const FABRIKAM_IP = "198.51.100.7";
/** An address no connector lists. */
export const UNKNOWN_IP = "192.0.2.200";

/** Accepts contoso.com and sub.contoso.com; certificate connector mail.contoso.com and IP connector 203.0.113.0/24. */
export const contoso = tenant("contoso", {
  domains: ["contoso.com", "sub.contoso.com"],
  inboundConnectors: [
    certificateConnector("cert", "mail.contoso.com", { path: "contoso/cert" }),
    ipConnector("ip", ["203.0.113.0/24"], { path: "contoso/ip" }),
  ],
});

/** Accepts fabrikam.com; IP connector 198.51.100.0/28 only. */
export const fabrikam = tenant("fabrikam", {
  domains: ["fabrikam.com"],
  inboundConnectors: [ipConnector("ip", ["198.51.100.0/28"], { path: "fabrikam/ip" })],
});

/** Accepts woodgrove.com; no connectors. */
export const woodgrove = tenant("woodgrove", { domains: ["woodgrove.com"] });

/** contoso, fabrikam and woodgrove together. */
export const base = topology({ tenants: [contoso, fabrikam, woodgrove] });

/** A message from the given connection with the given envelope. */
export function message(mailFrom: string, rcptTo: string | string[], connection: Partial<SimulatedMessage> = {}): SimulatedMessage {
  return { mailFrom, rcptTo: Array.isArray(rcptTo) ? rcptTo : [rcptTo], ...connection };
}
