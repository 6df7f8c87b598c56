/** Which send connectors present each certificate, so that certificate findings say what breaks with it. */
import type { Topology } from "../model/topology";
import { byCodeUnit, groupBy, perTopology, sendConnectors } from "./topology-queries";

/** A phrase naming the send connectors that present each certificate, keyed by certificate path (absent when none do). */
export const certificateUsers: (topology: Topology) => ReadonlyMap<string, string> = perTopology((topology) => {
  const users = groupBy(sendConnectors(topology), ({ sendConnector }) => sendConnector.certificatePath);
  return new Map([...users].map(([path, list]) => {
    const names = list.map(({ sendConnector }) => sendConnector.path).sort(byCodeUnit);
    return [path, `presented by send connector${names.length > 1 ? "s" : ""} ${names.join(", ")}`];
  }));
});
