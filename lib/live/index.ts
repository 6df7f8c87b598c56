/**
 * The live estate: readers of exports (the library's export scripts, ConvertTo-Json, ScubaGear, Export-Clixml) into the
 * Topology, and what the command-line tool does with it (audit, import, drift). No cdktf: a layer beside lib/artifacts.
 */
export { readLiveEstate, type LiveEstate } from "./estate";
export { formatProblem, type LiveProblem } from "./problems";
export { LIVE_STACK } from "./live-ids";
export { splitComment, type SplitComment } from "./comment-marker";
export { certificateFromDer } from "./organization-reader";
export { EXPORT_MANIFEST_FILE, MAX_EXPORT_FILE_BYTES } from "./input-files";
export { computeDrift, type DriftEntry } from "./drift";
export { renderImportApp } from "./import-app";
