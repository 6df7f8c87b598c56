/**
 * `cdktf-mailflow simulate`: how Exchange Online will attribute and relay a file of messages, against the topology in a
 * plan.json. Streams the file line by line with one simulator, so a file of millions of lines runs in bounded memory.
 */
import * as fs from "fs";
import { parseArgs } from "util";
import type { Topology } from "../model/topology";
import { MailFlowSimulator, type SimulatedMessage, type SimulationResult } from "../simulate";
import { escapeForDisplay } from "../model/text";
import { DEFAULT_MAX_LINE_LENGTH, LOG_MAX_LINE_LENGTH, UnreadableTextError, lineBatches, overlongProblem } from "./line-reader";
import { egressOption, readTopologyInput, withEgress, type TopologyInput } from "./topology-input";
import { CSV_COLUMNS, csvLayout, csvRow, jsonRow, type CsvLayout, type MessageRow, type MessagesFormat } from "./message-rows";
import { SimulationSummary, renderSummaryText } from "./summary";
import { BufferedWriter, Progress, type CliIo } from "./terminal";
import { UsageError } from "./usage-error";
import { safeJson } from "./control-chars";
import { readTrafficFile, sniffTraffic, trafficFiles, type TrafficFile, type TrafficSink } from "./traffic-input";
import { TrafficPlan } from "./traffic-plan";
import { TrafficReport, renderTrafficMarkdown, renderTrafficText } from "./traffic-report";

/** Exit codes of the command. */
export const EXIT = {
  /** Every row was simulated (and, with --compare, no flow changes). */
  ok: 0,
  /** Bad usage, or a file that cannot be read or is not what it should be (nothing was simulated). */
  usage: 1,
  /** Some rows were bad: reported on stderr, skipped, counted; all the others were simulated. With --compare, also: flows change. */
  badRows: 2,
} as const;

/** The help text of `cdktf-mailflow simulate`. */
export const SIMULATE_HELP = `Usage: cdktf-mailflow simulate --plan <plan.json or export> --messages <file> [options]
       cdktf-mailflow simulate --plan <plan.json or export> [--compare <plan2.json or export>] [--route]
                               --messages <log folder or file>... [--out report.md]

Simulates how Exchange Online will attribute and relay each message of a file, against the mail topology of a
plan.json that cdktf synth wrote (cdktf.out/stacks/<stack>/mailflow/plan.json) or of the live estate's exports that
audit reads, and prints one line per message and a summary grouped by inbound connector and outcome.

Options:
  --plan <path>          the plan.json to simulate against (its stack's tenants, and related tenants of other stacks),
                         or export files and folders of the live estate, read as audit reads them (repeat --plan for
                         several); a single .json file is a plan when it has a schemaVersion
  --egress <address>     the public IPv4 address (or CIDR range) the on-premises organization's mail leaves from, for
                         an organization that declares none: exports never carry it (repeat for several)
  --messages <file>      the messages: CSV (*.csv) or JSON lines (*.jsonl, *.ndjson); "-" reads standard input
  --input <csv|jsonl>    the messages' format, when the file name does not say it
  --format <text|json>   output as readable text (default), or as JSON lines: one {"type":"message",...} per message,
                         then one {"type":"summary",...}
  --summary-only         print only the summary
  --max-line-length <n>  the longest line read, in characters (default ${DEFAULT_MAX_LINE_LENGTH}); a longer line is a bad row
  -h, --help             print this help

Messages, CSV: a header naming the columns ${CSV_COLUMNS.join(",")} (any order), then one message per line.
  source_ip           the connecting server's IP address (empty: none)
  certificate_names   the DNS names of the TLS certificate it presents, separated by ";" or spaces (empty: none)
  mail_from           the envelope sender; <> for the null sender of an NDR
  rcpt_to             the envelope recipients, separated by ";" or spaces
  header_from         optional column: the 5322.From address users see, for the spoof verdict
  ptr                 optional column: the reverse DNS (PTR) name of source_ip, the spoof pair's infrastructure
                      (empty: the /24 of source_ip)
  Fields with commas or quotes are quoted as in RFC 4180 ("a ""quoted"" value"); a field cannot span lines.
Messages, JSON lines: one object per line,
  {"sourceIp": "203.0.113.25", "certificateNames": ["mail.contoso.com"], "mailFrom": "user@contoso.com", "rcptTo": ["someone@example.net"]}
  sourceIp and certificateNames may be left out; mailFrom "" or "<>" is the null sender; lists may also be strings;
  "headerFrom" and "ptr" (optional) give the spoof verdict: which spoof entry of the receiving tenant covers the pair
  of From domain and sending infrastructure, or none (spoof intelligence decides).

A bad row (wrong number of fields, an invalid address or IP, a missing MAIL FROM or RCPT TO, invalid JSON, a line
longer than the limit) is reported on stderr with its line number, control characters escaped, and skipped; the summary counts it. On a terminal, stderr shows the progress.
The summary counts, per group, the messages with at least one recipient in it and the recipients; a message whose
recipients have different outcomes counts in each of their groups. Rejected groups list their MAIL FROM domains.

Real traffic: message tracking logs and message trace exports, recognized by their content.
  --messages <path>...   Exchange Server message tracking logs (MSGTRK*.LOG files, or a folder of them; the 27- and
                         30-field #Fields: headers), Exchange Online message trace exports (Get-MessageTraceV2 |
                         ConvertTo-Json, or the downloadable CSV report; UTF-8 or UTF-16LE with a BOM); several paths
                         may follow --messages
  --compare <path>       a second plan.json or live export (repeat for several export paths): simulate the same traffic
                         against both and list the flows whose outcome changes (fixed: rejected or misattributed
                         before, not after; broken: the reverse)
  --route                route every message a tracking log shows leaving the organization (SEND and SENDEXTERNAL rows
                         through any send connector but the Intra-Organization SMTP Send Connector) as each plan's
                         on-premises routing would, instead of taking the connector the log names: per recipient, the
                         send connector whose address space matches its domain most specifically, then the lowest
                         cost, the fewest hops from the server that sent it (client-hostname), the lowest name;
                         recipients routed to no send connector towards Exchange Online are counted apart
  --out <file>           also write the report as markdown, for a pull request
  --max-line-length <n>  a longer line is a bad row (default ${LOG_MAX_LINE_LENGTH}, at least 256)
  A tracking log gives the messages leaving through a send connector the plan declares (SEND and SENDEXTERNAL rows,
  connector-id = the send connector's name), one message per message id and connector however many rows it has, MAIL
  FROM from return-path (<> is the null sender); the certificate and source address are the declared ones. A message
  trace gives the messages from an organization's declared egress address; the send connector is the one that
  organization's routing picks for the first recipient (most specific address space, then cost, then name).
  The report lists the messages that will be rejected or attributed to another tenant (than the one that accepts the
  MAIL FROM domain; for a MAIL FROM no tenant accepts, than the send connector's), grouped by send connector, inbound
  connector, outcome and MAIL FROM domain, with counts and up to five sample message ids to trace on premises. Text from the logs is printed with control characters escaped (\\x1b).

Exit codes:
  0  every row was simulated
  1  bad usage, or a plan or messages file that cannot be read or is not valid (nothing simulated)
  2  some rows were bad (reported on stderr and skipped); every other row was simulated; with --compare, also when
     flows change
`;

/** The options of one run over a messages file of this tool's own format. */
interface SimulateOptions {
  /** The plan.json, or the live export's files and folders. */
  readonly plan: readonly string[];
  readonly egress: readonly string[];
  readonly messages: string;
  readonly input: MessagesFormat;
  readonly format: "text" | "json";
  readonly summaryOnly: boolean;
  readonly maxLineLength: number;
}

/** The options of one run over real traffic (message tracking logs, message trace exports). */
interface TrafficOptions {
  readonly plan: readonly string[];
  readonly compare?: readonly string[];
  readonly egress: readonly string[];
  /** Route every message leaving the organization by each plan's on-premises routing (--route). */
  readonly route: boolean;
  readonly files: readonly TrafficFile[];
  readonly format: "text" | "json";
  readonly out?: string;
  readonly maxLineLength: number;
}

/** Runs `simulate` with its arguments (after the command name); resolves to the exit code. */
export async function simulateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseOptions(args);
  if (options === "help") {
    io.stdout.write(SIMULATE_HELP);
    return EXIT.ok;
  }
  if ("files" in options) {
    const inputs = [readTopologyInput(options.plan, io, "--plan"), ...(options.compare !== undefined ? [readTopologyInput(options.compare, io, "--compare")] : [])];
    const plans = inputs.map((input) => new TrafficPlan(input.label, withEgress(input.topology, options.egress)));
    noteMissingEgress(inputs, options.egress, io);
    return runTraffic(plans, options, io);
  }
  const plan = readTopologyInput(options.plan, io, "--plan");
  noteMissingEgress([plan], options.egress, io);
  const topology = withEgress(plan.topology, options.egress);
  const input = openMessages(options.messages, io);
  return run(topology, input, options, io);
}

function parseOptions(args: readonly string[]): SimulateOptions | TrafficOptions | "help" {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      options: {
        plan: { type: "string", multiple: true },
        messages: { type: "string", multiple: true },
        input: { type: "string" },
        format: { type: "string", default: "text" },
        "summary-only": { type: "boolean", default: false },
        compare: { type: "string", multiple: true },
        route: { type: "boolean", default: false },
        egress: { type: "string", multiple: true },
        out: { type: "string" },
        "max-line-length": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    // Node's advice on positionals that start with "-" does not apply: paths follow --messages.
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""), "simulate");
  }
  if (values.help) return "help";
  if (values.plan === undefined) throw new UsageError("--plan <plan.json or live export> is required", "simulate");
  const egress = egressOption(values.egress ?? []);
  if (values.messages === undefined) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}: paths of messages follow --messages`, "simulate");
    throw new UsageError("--messages <file> is required (message tracking logs, a message trace export, a .csv or .jsonl file, or - for standard input)", "simulate");
  }
  if (values.format !== "text" && values.format !== "json") throw new UsageError(`--format must be text or json, not ${JSON.stringify(values.format)}`, "simulate");
  const messages = [...values.messages, ...positionals];
  const traffic = values.input === undefined && !messages.includes("-") && messages.some((m) => isTrafficPath(m));
  const givenMaxLineLength = values["max-line-length"];
  if (givenMaxLineLength !== undefined && !/^[1-9]\d{0,8}$/.test(givenMaxLineLength)) {
    throw new UsageError(`--max-line-length must be a whole number of characters from 1 to 999999999, not ${JSON.stringify(givenMaxLineLength)}`, "simulate");
  }
  if (traffic || values.compare !== undefined || values.out !== undefined || values.route) {
    // Logs and traces have longer header lines than this tool's own rows: their limit has its own default and floor.
    const maxLineLength = givenMaxLineLength === undefined ? LOG_MAX_LINE_LENGTH : Number(givenMaxLineLength);
    if (maxLineLength < 256) {
      throw new UsageError(`--max-line-length must be a whole number of characters, at least 256 for message tracking logs and message trace exports, not ${JSON.stringify(givenMaxLineLength)}`, "simulate");
    }
    if (values.input !== undefined || values["summary-only"]) {
      throw new UsageError("--input and --summary-only are for this tool's own CSV and JSON lines; message tracking logs and message trace exports are recognized by their content and always give the report", "simulate");
    }
    // A path that does not exist is left to trafficFiles, which says it cannot be read.
    const own = messages.filter((m) => m === "-" || (fs.existsSync(m) && !isTrafficPath(m)));
    if (own.length > 0) {
      throw new UsageError(`${JSON.stringify(own[0])} is not a message tracking log or a message trace export: --compare, --route, --out and several --messages work on those (simulate a file of this tool's own format on its own)`, "simulate");
    }
    return {
      plan: values.plan, ...(values.compare !== undefined ? { compare: values.compare } : {}), egress, route: values.route, files: trafficFiles(messages), format: values.format,
      ...(values.out !== undefined ? { out: values.out } : {}), maxLineLength,
    };
  }
  if (messages.length > 1) throw new UsageError("one messages file of this tool's own format at a time (several paths are for message tracking logs and message trace exports)", "simulate");
  const file = messages[0];
  let input: MessagesFormat;
  if (values.input !== undefined) {
    if (values.input !== "csv" && values.input !== "jsonl") throw new UsageError(`--input must be csv or jsonl, not ${JSON.stringify(values.input)}`, "simulate");
    input = values.input;
  } else if (/\.csv$/i.test(file)) {
    input = "csv";
  } else if (/\.(jsonl|ndjson)$/i.test(file)) {
    input = "jsonl";
  } else {
    throw new UsageError(`cannot tell the format of ${JSON.stringify(file)} from its name or content: add --input csv or --input jsonl, or pass a message tracking log or message trace export`, "simulate");
  }
  const maxLineLength = givenMaxLineLength === undefined ? DEFAULT_MAX_LINE_LENGTH : Number(givenMaxLineLength);
  return { plan: values.plan, egress, messages: file, input, format: values.format, summaryOnly: values["summary-only"], maxLineLength };
}

/** True for a folder, or a file whose content is a tracking log or a message trace export (not a `.jsonl` of this tool's own). */
function isTrafficPath(file: string): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return false; // reported when it is opened
  }
  if (stat.isDirectory()) return true;
  if (/\.(jsonl|ndjson)$/i.test(file)) return false;
  return sniffTraffic(file) !== undefined;
}

/** Reads every traffic file into one report against the plans, prints it, and writes the markdown file. */
async function runTraffic(plans: TrafficPlan[], options: TrafficOptions, io: CliIo): Promise<number> {
  const report = new TrafficReport(plans, options.route);
  const progress = new Progress(io, options.files.reduce((a, f) => a + f.size, 0));
  const out = new BufferedWriter(io.stdout, () => progress.clear());
  const err = new BufferedWriter(io.stderr, () => progress.clear());
  const sink: TrafficSink = { report, err, progress, maxLineLength: options.maxLineLength, bytesBefore: 0 };
  try {
    for (const file of options.files) await readTrafficFile(file, sink);
  } finally {
    await err.flush();
  }
  const data = report.data();
  if (options.out !== undefined) {
    try {
      fs.writeFileSync(options.out, renderTrafficMarkdown(data));
    } catch (error) {
      throw new UsageError(`cannot write the report ${options.out}: ${(error as Error).message}`);
    }
  }
  await out.write(options.format === "json" ? `${safeJson({ type: "report", ...data })}\n` : renderTrafficText(data));
  await out.flush();
  progress.clear();
  const changed = (data.changes?.length ?? 0) > 0;
  return data.counts.badRows > 0 || changed ? EXIT.badRows : EXIT.ok;
}

/**
 * A note on stderr for each live export whose organizations have no egress address and no --egress gives one: Exchange
 * Online then sees their mail from no known address (a tenant that identifies them by IP will not).
 */
function noteMissingEgress(inputs: readonly TopologyInput[], egress: readonly string[], io: CliIo): void {
  if (egress.length > 0) return;
  for (const input of inputs) {
    if (!input.live || input.withoutEgress.length === 0) continue;
    io.stderr.write(`${escapeForDisplay(`note: ${input.label}: exports do not carry the egress address of ${input.withoutEgress.join(", ")}: ` +
      "its mail is simulated with the certificate only, and message trace records are not matched to it; --egress <address> gives it")}\n`);
  }
}

interface MessagesInput {
  readonly name: string;
  readonly stream: NodeJS.ReadableStream;
  /** Size in bytes, for the progress percentage, when the input is a regular file. */
  readonly size?: number;
  /** Bytes read so far. */
  bytesRead(): number;
}

function openMessages(file: string, io: CliIo): MessagesInput {
  if (file === "-") {
    return { name: "<stdin>", stream: io.stdin ?? process.stdin, bytesRead: () => 0 };
  }
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new UsageError(`the messages file ${file} is a directory`);
    size = stat.size;
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read the messages file ${file}: ${(error as Error).message}`);
  }
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  return { name: file, stream, size, bytesRead: () => stream.bytesRead };
}

async function run(topology: Topology, input: MessagesInput, options: SimulateOptions, io: CliIo): Promise<number> {
  const simulator = new MailFlowSimulator(topology);
  const summary = new SimulationSummary();
  const progress = new Progress(io, input.size);
  const out = new BufferedWriter(io.stdout, () => progress.clear());
  const err = new BufferedWriter(io.stderr, () => progress.clear());
  let layout: CsvLayout | undefined;
  let lineNumber = 0;
  let streamError: Error | undefined;
  input.stream.on("error", (error: Error) => {
    streamError = error;
  });
  const badRow = async (problem: string) => {
    summary.badRows++;
    await err.write(`${escapeForDisplay(`${input.name}:${lineNumber}: bad row skipped: ${problem}`)}\n`);
  };
  try {
    for await (const batch of lineBatches(input.stream as AsyncIterable<Buffer | string>, options.maxLineLength)) {
      for (const next of batch) {
        lineNumber = next.number;
        if ((lineNumber & 1023) === 0) {
          // Bad-row reports reach a watching user within about a thousand lines, not only at the end.
          await err.flush();
          progress.update(lineNumber, input.bytesRead());
        }
        if (next.overlongLength !== undefined) {
          if (options.input === "csv" && layout === undefined) {
            throw new UsageError(`${escapeForDisplay(input.name)}:${lineNumber}: the header line is ${next.overlongLength} characters long, longer than the limit of ${options.maxLineLength}`);
          }
          await badRow(overlongProblem(next.overlongLength, options.maxLineLength));
          continue;
        }
        const line = next.text;
        if (options.input === "csv" && layout === undefined) {
          try {
            layout = csvLayout(line);
          } catch (error) {
            throw new UsageError(`${escapeForDisplay(input.name)}:${lineNumber}: ${escapeForDisplay((error as Error).message)}`);
          }
          continue;
        }
        if (line.trim() === "") {
          summary.blankLines++;
          continue;
        }
        const row: MessageRow = options.input === "csv" ? csvRow(line, layout!) : jsonRow(line);
        if (!row.ok) {
          await badRow(row.problem);
          continue;
        }
        const result = simulator.simulate(row.message, { explain: false });
        summary.add(row.message, result);
        if (!options.summaryOnly) {
          await out.write(options.format === "json" ? messageJson(lineNumber, row.message, result) : messageText(lineNumber, row.message, result));
        }
      }
    }
  } catch (error) {
    if (error instanceof UnreadableTextError) throw new UsageError(`cannot read the messages file ${escapeForDisplay(input.name)}: ${error.message}`);
    // The stream failed (a read error, a file removed while read): everything up to here was simulated and reported.
    if (streamError === undefined) throw error;
  } finally {
    summary.lines = lineNumber;
    await err.flush();
  }
  if (streamError !== undefined) throw new UsageError(`cannot read the messages file ${escapeForDisplay(input.name)}: ${escapeForDisplay(streamError.message)}`);
  if (options.input === "csv" && layout === undefined) {
    throw new UsageError(`${escapeForDisplay(input.name)} is empty: a CSV messages file starts with the header ${CSV_COLUMNS.join(",")}`);
  }
  const data = summary.data();
  if (options.format === "json") await out.write(`${JSON.stringify({ type: "summary", ...data })}\n`);
  else await out.write(`${options.summaryOnly ? "" : "\n"}${renderSummaryText(data)}`);
  await out.flush();
  progress.clear();
  return data.badRows > 0 ? EXIT.badRows : EXIT.ok;
}

/** One message as a JSON line: its line number, the attribution and each recipient's outcome. */
function messageJson(line: number, message: SimulatedMessage, result: SimulationResult): string {
  return `${JSON.stringify({
    type: "message",
    line,
    mailFrom: message.mailFrom,
    ...(result.tenant !== undefined ? { tenant: result.tenant } : {}),
    attributedBy: result.attributedBy,
    ...(result.ambiguousTenants !== undefined ? { ambiguousTenants: result.ambiguousTenants } : {}),
    ...(result.connector !== undefined ? { connector: result.connector } : {}),
    recipients: result.recipients,
    ...(result.spoof !== undefined ? { spoof: result.spoof } : {}),
  })}\n`;
}

/** One message as a line of text: `line 2 <user@contoso.com>: tenant (by step), connector: recipient outcome; ...`. */
function messageText(line: number, message: SimulatedMessage, result: SimulationResult): string {
  const attribution =
    result.tenant !== undefined
      ? `${result.tenant} (by ${result.attributedBy})`
      : result.ambiguousTenants !== undefined
        ? `not attributed (certificate ambiguous: ${result.ambiguousTenants.join(", ")})`
        : result.attributedBy === "rcpt-to"
          ? "per recipient (by rcpt-to)"
          : "not attributed";
  const connector = result.connector !== undefined ? `connector ${result.connector}` : "no connector";
  const recipients = result.recipients
    .map((r) => {
      // A recipient decided by another tenant than the message's (per-recipient attribution) names it.
      const where = r.tenant !== undefined && r.tenant !== result.tenant ? ` in ${r.tenant}` : "";
      return r.ndr !== undefined ? `${r.address} ${r.outcome}${where} ${r.ndr} (${r.reason})` : `${r.address} ${r.outcome}${where}`;
    })
    .join("; ");
  const sender = message.mailFrom.startsWith("<") && message.mailFrom.endsWith(">") ? message.mailFrom : `<${message.mailFrom}>`;
  const spoof = result.spoof === undefined
    ? ""
    : `; spoof ${result.spoof.spoofedDomain} / ${result.spoof.infrastructure ?? "unknown infrastructure"}: ` +
      (result.spoof.entry === undefined ? "no entry (spoof intelligence decides)" : `${result.spoof.action} by ${result.spoof.entry}`);
  return `${escapeForDisplay(`line ${line} ${sender}: ${attribution}, ${connector}: ${recipients}${spoof}`)}\n`;
}
