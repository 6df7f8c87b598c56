/** Which send connectors present each certificate, so that certificate findings say what breaks with it. */
import type { Topology } from "../model/topology";
import { byCodeUnit, sendConnectors } from "./topology-queries";

/** A phrase naming the send connectors that present each certificate, keyed by certificate path (absent when none do). */
export function certificateUsers(topology: Topology): Map<string, string> {
  const users = new Map<string, string[]>();
  for (const { sendConnector } of sendConnectors(topology)) {
    users.set(sendConnector.certificatePath, [...(users.get(sendConnector.certificatePath) ?? []), sendConnector.path]);
  }
  return new Map([...users].map(([path, list]) => [path, `presented by send connector${list.length > 1 ? "s" : ""} ${list.sort(byCodeUnit).join(", ")}`]));
}
