/**
 * Finding and decoding export files: folders are walked for `*.json`, `*.xml` and `*.clixml`; each file is checked
 * (size, binary content, encoding) and parsed as JSON or CliXML into records. A file that cannot be read gives one
 * problem line and is skipped; nothing throws.
 */
import * as fs from "fs";
import * as path from "path";
import { CliXmlError, parseCliXml } from "./clixml";
import type { LiveProblem } from "./problems";
import { LiveRecord, type LiveValue } from "./records";

/** Largest export file read: a tenant's whole export is a few MB; anything larger is not one. */
export const MAX_EXPORT_FILE_BYTES = 32 * 1024 * 1024;

/** The file name the export scripts write next to the data: which tenant or organization the folder holds. */
export const EXPORT_MANIFEST_FILE = "mailflow-export.json";

/** The manifest of an export folder (written by `cdktf-mailflow export-script`'s scripts). */
export interface ExportManifest {
  /** `tenant` or `organization`. */
  readonly scope: "tenant" | "organization";
  /** The tenant's initial domain, or the organization's name. */
  readonly name: string;
}

/** One export file, read. */
export type ParsedFile =
  | { readonly kind: "records"; readonly file: string; readonly records: readonly LiveRecord[] }
  | { readonly kind: "scubagear"; readonly file: string; readonly sections: Readonly<Record<"accepted_domains" | "inbound_connectors" | "outbound_connectors", readonly LiveRecord[]>> }
  | { readonly kind: "manifest"; readonly file: string; readonly manifest: ExportManifest };

/** The ScubaGear provider-export keys this tool reads. */
const SCUBAGEAR_SECTIONS = ["accepted_domains", "inbound_connectors", "outbound_connectors"] as const;

/**
 * The export files among `inputs` (files, or folders walked recursively), sorted so the result does not depend on the
 * order the file system lists them in. Paths that do not exist give a problem.
 */
export function findExportFiles(inputs: readonly string[], problems: LiveProblem[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ file: dir, message: `cannot read the folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.(json|xml|clixml)$/i.test(entry.name)) files.push(full);
    }
  };
  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch (error) {
      problems.push({ file: input, message: `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): pass export files or folders of them` });
      continue;
    }
    if (stat.isDirectory()) walk(input);
    else files.push(input);
  }
  return [...new Set(files)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Reads and parses one file; undefined (and a problem) when it cannot be read at all. */
export function readExportFile(file: string, problems: LiveProblem[]): ParsedFile | undefined {
  let bytes: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_EXPORT_FILE_BYTES) {
      problems.push({ file, message: `is ${(size / 1048576).toFixed(1)} MiB, larger than an export of one tenant or organization can be (${MAX_EXPORT_FILE_BYTES / 1048576} MiB read at most): skipped` });
      return undefined;
    }
    bytes = fs.readFileSync(file);
  } catch (error) {
    problems.push({ file, message: `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
    return undefined;
  }
  const text = decode(bytes);
  if (text === undefined) {
    problems.push({ file, message: "is binary, not a JSON or CliXML export: skipped" });
    return undefined;
  }
  const start = text.search(/\S/);
  if (start < 0) {
    problems.push({ file, message: "is empty: a cmdlet that returned nothing writes no file, or [] (skipped)" });
    return undefined;
  }
  if (text[start] === "<") return parseXmlFile(file, text, problems);
  return parseJsonFile(file, text, problems);
}

/** The text of a file: UTF-8 (with or without BOM) or UTF-16 with BOM (Windows PowerShell's Out-File); undefined for binary. */
function decode(bytes: Buffer): string | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  const head = bytes.subarray(0, 8192);
  // UTF-16LE without a BOM: ASCII text with a zero byte after every character.
  if (head.length >= 4 && head[1] === 0 && head[3] === 0 && head[0] !== 0) return bytes.toString("utf16le");
  if (head.includes(0)) return undefined;
  const text = bytes.toString("utf8");
  const sample = text.slice(0, 8192);
  // Control characters other than tab and line breaks, or many replacement characters: not a text export.
  const controls = sample.match(/[\u0001-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0;
  if (controls > Math.max(8, sample.length / 100)) return undefined;
  return text.replace(/^\uFEFF/, "");
}

function parseJsonFile(file: string, text: string, problems: LiveProblem[]): ParsedFile | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message.replace(/^JSON\.parse: /, "");
    const position = Number(/position (\d+)/.exec(reason)?.[1] ?? Number.NaN);
    const atEnd = /end of (JSON )?(input|data)|Unterminated/i.test(reason) || position >= text.trimEnd().length - 1;
    const truncated = atEnd ? " (the file ends in the middle of a value: it looks truncated; export it again)" : "";
    problems.push({ file, message: `is not valid JSON: ${reason}${truncated}` });
    return undefined;
  }
  if (isObject(data) && path.basename(file).toLowerCase() === EXPORT_MANIFEST_FILE) {
    const scope = data.scope;
    const name = data.name;
    if ((scope === "tenant" || scope === "organization") && typeof name === "string" && name !== "") return { kind: "manifest", file, manifest: { scope, name } };
    problems.push({ file, message: 'is not a cdktf-mailflow export manifest: expected {"scope": "tenant" | "organization", "name": "..."}' });
    return undefined;
  }
  if (isObject(data) && SCUBAGEAR_SECTIONS.some((key) => key in data)) {
    const sections = Object.fromEntries(SCUBAGEAR_SECTIONS.map((key) => [key, recordsOf(file, data[key], problems, key)])) as Record<(typeof SCUBAGEAR_SECTIONS)[number], LiveRecord[]>;
    return { kind: "scubagear", file, sections };
  }
  if (data === null || (typeof data !== "object" && !Array.isArray(data))) {
    problems.push({ file, message: `holds ${data === null ? "null" : `a ${typeof data}`}, not an object or a list of objects (ConvertTo-Json of a cmdlet's output)` });
    return undefined;
  }
  return { kind: "records", file, records: recordsOf(file, data, problems) };
}

function parseXmlFile(file: string, text: string, problems: LiveProblem[]): ParsedFile | undefined {
  let values: LiveValue[];
  try {
    values = parseCliXml(text);
  } catch (error) {
    if (error instanceof CliXmlError) {
      problems.push({ file, message: `is ${error.message}` });
      return undefined;
    }
    problems.push({ file, message: `cannot be parsed as CliXML (${(error as Error).message.split("\n")[0]})` });
    return undefined;
  }
  return { kind: "records", file, records: recordsOf(file, values, problems) };
}

/** The records of a value: one object, or a list of objects (null elements, as in ScubaGear's `[null]`, are no record). */
function recordsOf(file: string, value: unknown, problems: LiveProblem[], section?: string): LiveRecord[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  const records: LiveRecord[] = [];
  items.forEach((item, i) => {
    if (item === null) return;
    if (!isObject(item)) {
      problems.push({ file, record: `${section ? `${section} ` : ""}record ${i + 1}`, message: `is ${Array.isArray(item) ? "a list" : `a ${typeof item}`}, not an object: skipped` });
      return;
    }
    records.push(new LiveRecord(i + 1, item as Record<string, LiveValue>));
  });
  return records;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
