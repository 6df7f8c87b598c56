/**
 * Reading real traffic for `simulate`: Exchange Server message tracking logs (a file or a folder of `MSGTRK*.LOG`) and
 * Exchange Online message trace exports (`Get-MessageTraceV2 | ConvertTo-Json`, the downloadable CSV report), each
 * streamed in bounded memory into a {@link TrafficReport}. A bad row is reported with its file:line, counted and
 * skipped; a line longer than the limit is a bad row; nothing in a file stops the run.
 */
import * as fs from "fs";
import * as path from "path";
import { JSONParser } from "@streamparser/json";
import { isIntraOrganizationConnector, looksLikeTrackingLog, trackingLogLayout, trackingLogRow, type TrackingLogLayout } from "../live/message-tracking-log";
import { looksLikeTraceCsv, traceCsvLayout, traceCsvRow, traceJsonObject, type TraceCsvLayout, type TraceRecord } from "../live/message-trace";
import { decodedChunks, encodingOf, lineBatches, overlongProblem, type TextLine } from "./line-reader";
import { escapeControl } from "./control-chars";
import { addressProblem } from "./message-rows";
import type { BufferedWriter, Progress } from "./terminal";
import type { TrafficReport } from "./traffic-report";
import { UsageError } from "./usage-error";

/** The kinds of traffic file. */
export type TrafficFormat = "tracking-log" | "trace-csv" | "trace-json";

/** A file to read and its kind. */
export interface TrafficFile {
  readonly file: string;
  readonly format: TrafficFormat;
  readonly size: number;
}

/** The name of the message tracking log files Exchange writes. */
const TRACKING_LOG_NAME = /^MSGTRK.*\.LOG$/i;

/**
 * The files behind the paths given: a folder stands for its `MSGTRK*.LOG` files (by name); a file's kind is read from
 * its first line.
 * @throws UsageError for a path that cannot be read, a folder without tracking logs, or a file of another kind
 */
export function trafficFiles(paths: readonly string[]): TrafficFile[] {
  const files: TrafficFile[] = [];
  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (error) {
      throw new UsageError(`cannot read ${given}: ${(error as Error).message}`);
    }
    if (stat.isDirectory()) {
      const logs = fs.readdirSync(given).filter((n) => TRACKING_LOG_NAME.test(n)).sort();
      if (logs.length === 0) throw new UsageError(`the folder ${given} holds no message tracking log (MSGTRK*.LOG)`);
      for (const name of logs) {
        const file = path.join(given, name);
        files.push({ file, format: knownFormat(file), size: fs.statSync(file).size });
      }
    } else {
      files.push({ file: given, format: knownFormat(given), size: stat.size });
    }
  }
  return files;
}

function knownFormat(file: string): TrafficFormat {
  const format = sniffTraffic(file);
  if (format !== undefined) return format;
  throw new UsageError(
    `cannot tell what ${file} is: expected a message tracking log (first line #Software:, #Fields: ...), a message trace ` +
    "report (CSV with message_id, sender_address, recipient_status) or Get-MessageTraceV2 | ConvertTo-Json output",
  );
}

/**
 * The kind of a traffic file, from its first non-blank line (or first character, for JSON); undefined when it is none.
 * @throws UsageError when the file cannot be read or is UTF-16 big-endian
 */
export function sniffTraffic(file: string): TrafficFormat | undefined {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, "r");
    try {
      head = Buffer.alloc(65_536);
      head = head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const encoding = encodingOf(head);
  if (encoding === undefined) throw new UsageError(`${file} is UTF-16 big-endian: save it as UTF-8 or UTF-16 little-endian (Unicode)`);
  const text = head.subarray(encoding.bom).toString(encoding.encoding);
  const first = text.split("\n").map((l) => l.trim()).find((l) => l !== "") ?? "";
  if (looksLikeTrackingLog(first)) return "tracking-log";
  if (first.startsWith("[") || first.startsWith("{")) return "trace-json";
  if (looksLikeTraceCsv(first)) return "trace-csv";
  return undefined;
}

/** Where a reader sends what it finds. */
export interface TrafficSink {
  readonly report: TrafficReport;
  readonly err: BufferedWriter;
  readonly progress: Progress;
  /** The longest line kept, in characters. */
  readonly maxLineLength: number;
  /** Bytes of the files already read, for the progress percentage. */
  bytesBefore: number;
}

/** Reads one file into the report. */
export async function readTrafficFile(file: TrafficFile, sink: TrafficSink): Promise<void> {
  sink.report.files++;
  const stream = fs.createReadStream(file.file, { highWaterMark: 1 << 20 });
  try {
    if (file.format === "trace-json") await readTraceJson(file.file, stream, sink);
    else await readLines(file, stream, sink);
  } catch (error) {
    throw new UsageError(`cannot read ${file.file}: ${(error as Error).message}`);
  } finally {
    sink.bytesBefore += file.size;
    stream.destroy();
  }
}

async function bad(sink: TrafficSink, where: string, problem: string): Promise<void> {
  sink.report.badRows++;
  await sink.err.write(`${escapeControl(where)}: bad row skipped: ${escapeControl(problem)}\n`);
}

/** Why a row's envelope cannot be simulated (an invalid address), or undefined. */
function envelopeProblem(mailFrom: string, recipients: readonly string[], names: { from: string; to: string }): string | undefined {
  if (mailFrom !== "<>") {
    const problem = addressProblem(mailFrom);
    if (problem !== undefined) return `${names.from} ${JSON.stringify(mailFrom)} ${problem}`;
  }
  for (const address of recipients) {
    const problem = addressProblem(address);
    if (problem !== undefined) return `${names.to} ${JSON.stringify(address)} ${problem}`;
  }
  return undefined;
}

const LOG_NAMES = { from: "return-path", to: "recipient-address" };
const CSV_NAMES = { from: "sender_address", to: "recipient_status" };
const JSON_NAMES = { from: "SenderAddress", to: "RecipientAddress" };

/** A tracking log or a trace report, line by line. */
async function readLines(file: TrafficFile, stream: fs.ReadStream, sink: TrafficSink): Promise<void> {
  const report = sink.report;
  let log: TrackingLogLayout | undefined;
  let trace: TraceCsvLayout | undefined;
  /** The line of a bad `#Fields:` header, while its rows are skipped. */
  let badHeader = false;
  // A row's place is built only when it is named: most rows never are.
  const at = (line: TextLine): string => `${file.file}:${line.number}`;
  for await (const batch of lineBatches(stream, sink.maxLineLength)) {
    report.lines += batch.length;
    sink.progress.update(report.lines, sink.bytesBefore + stream.bytesRead);
    for (const line of batch) {
      if (line.overlongLength !== undefined) {
        await bad(sink, at(line), overlongProblem(line.overlongLength, sink.maxLineLength));
        continue;
      }
      const text = line.text;
      // Most lines start with a digit or `#`: trim only those that could be blank.
      if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === "")) continue;
      if (file.format === "tracking-log") {
        if (text.charCodeAt(0) === 35 /* # */) {
          if (/^#Fields:/i.test(text)) {
            try {
              log = trackingLogLayout(text);
              badHeader = false;
            } catch (error) {
              log = undefined;
              badHeader = true;
              await bad(sink, at(line), `${(error as Error).message}; the rows up to the next #Fields: line are skipped`);
            }
          }
          continue;
        }
        if (log === undefined) {
          if (badHeader) sink.report.badRows++;
          else await bad(sink, at(line), "a row before any #Fields: header line: the columns are unknown");
          continue;
        }
        const row = trackingLogRow(text, log);
        if (row.kind === "bad") {
          await bad(sink, at(line), row.problem);
        } else if (row.kind === "other") {
          report.otherEvent(row.eventId);
        } else {
          const problem = envelopeProblem(row.returnPath, row.recipients, LOG_NAMES);
          if (problem !== undefined) await bad(sink, at(line), problem);
          else if (!report.routed) report.add(row.messageId === "" ? at(line) : row.messageId, { sendConnector: row.connectorId }, row.returnPath, row.recipients);
          else if (isIntraOrganizationConnector(row.connectorId)) report.intraOrganization++;
          else report.add(row.messageId === "" ? at(line) : row.messageId, { route: { connectorId: row.connectorId, server: row.clientHostname } }, row.returnPath, row.recipients);
        }
      } else {
        if (trace === undefined) {
          try {
            trace = traceCsvLayout(text);
          } catch (error) {
            throw new Error(`${at(line)}: ${(error as Error).message}`);
          }
          continue;
        }
        const row = traceCsvRow(text, trace);
        if (!row.ok) await bad(sink, at(line), row.problem);
        else await addTrace(sink, at(line), row.record, CSV_NAMES);
      }
    }
  }
}

/** Counts a message trace record: simulated when it came from a declared egress address. */
async function addTrace(sink: TrafficSink, where: string, record: TraceRecord, names: { from: string; to: string }): Promise<void> {
  const problem = envelopeProblem(record.mailFrom, record.recipients, names);
  if (problem !== undefined) return bad(sink, where, problem);
  if (record.sourceIp === "" || !sink.report.fromOrganization(record.sourceIp)) {
    sink.report.notFromOrganization++;
    return;
  }
  sink.report.add(record.messageId === "" ? where : record.messageId, { sourceIp: record.sourceIp }, record.mailFrom, record.recipients);
}

/**
 * `Get-MessageTraceV2 | ConvertTo-Json` output: an array of objects (or one object, for one result), parsed as a stream
 * so the array is never held whole. A record is named `file:record N`; invalid JSON ends the file's reading there,
 * reported and counted as a bad row.
 */
async function readTraceJson(file: string, stream: fs.ReadStream, sink: TrafficSink): Promise<void> {
  let parser: JSONParser | undefined;
  let records = 0;
  const pending: { record: number; value: unknown }[] = [];
  let failure: Error | undefined;
  let ended = false;
  for await (const text of decodedChunks(stream)) {
    if (parser === undefined) {
      const start = text.trimStart();
      if (start === "") continue;
      // One result is written as an object, several as an array: take the array's elements, or the object itself.
      parser = new JSONParser({ paths: [start.startsWith("[") ? "$.*" : "$"], keepStack: false });
      parser.onValue = ({ value }) => {
        pending.push({ record: ++records, value });
      };
      parser.onError = (error) => {
        failure = error;
      };
      parser.onEnd = () => {
        ended = true;
      };
    }
    if (failure === undefined && !ended) {
      try {
        parser.write(text);
      } catch (error) {
        failure = error as Error;
      }
    }
    sink.report.lines += pending.length;
    for (const { record, value } of pending.splice(0)) {
      const row = traceJsonObject(value);
      if (!row.ok) await bad(sink, `${file}:record ${record}`, row.problem);
      else await addTrace(sink, `${file}:record ${record}`, row.record, JSON_NAMES);
    }
    sink.progress.update(sink.report.lines, sink.bytesBefore + stream.bytesRead);
    if (failure !== undefined) break;
  }
  if (failure === undefined && parser !== undefined && !ended) {
    try {
      parser.end();
    } catch (error) {
      failure = error as Error;
    }
  }
  if (failure !== undefined) await bad(sink, `${file}:record ${records + 1}`, `invalid JSON (${failure.message}); the rest of the file is skipped`);
}
