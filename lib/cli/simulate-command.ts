/**
 * `cdktf-mailflow simulate`: how Exchange Online will attribute and relay a file of messages, against the topology in a
 * plan.json. Streams the file line by line with one simulator, so a file of millions of lines runs in bounded memory.
 */
import * as fs from "fs";
import * as readline from "readline";
import { parseArgs } from "util";
import { planSchema, topologyFromPlan, PLAN_SCHEMA_VERSION } from "../artifacts/plan";
import type { Topology } from "../model/topology";
import { MailFlowSimulator, type SimulatedMessage, type SimulationResult } from "../simulate";
import { CSV_COLUMNS, csvLayout, csvRow, jsonRow, type CsvLayout, type MessageRow, type MessagesFormat } from "./message-rows";
import { SimulationSummary, renderSummaryText } from "./summary";
import { BufferedWriter, Progress, type CliIo } from "./terminal";
import { UsageError } from "./usage-error";

/** Exit codes of the command. */
export const EXIT = {
  /** Every row was simulated. */
  ok: 0,
  /** Bad usage, or a file that cannot be read or is not what it should be (nothing was simulated). */
  usage: 1,
  /** Some rows were bad: reported on stderr, skipped, counted; all the others were simulated. */
  badRows: 2,
} as const;

/** The help text of `cdktf-mailflow simulate`. */
export const SIMULATE_HELP = `Usage: cdktf-mailflow simulate --plan <plan.json> --messages <file> [options]

Simulates how Exchange Online will attribute and relay each message of a file, against the mail topology of a
plan.json that cdktf synth wrote (cdktf.out/stacks/<stack>/mailflow/plan.json), and prints one line per message and a
summary grouped by inbound connector and outcome.

Options:
  --plan <file>          the plan.json to simulate against (its stack's tenants, and related tenants of other stacks)
  --messages <file>      the messages: CSV (*.csv) or JSON lines (*.jsonl, *.ndjson); "-" reads standard input
  --input <csv|jsonl>    the messages' format, when the file name does not say it
  --format <text|json>   output as readable text (default), or as JSON lines: one {"type":"message",...} per message,
                         then one {"type":"summary",...}
  --summary-only         print only the summary
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

A bad row (wrong number of fields, an invalid address or IP, a missing MAIL FROM or RCPT TO, invalid JSON) is reported
on stderr with its line number and skipped; the summary counts it. On a terminal, stderr shows the progress.
The summary counts, per group, the messages with at least one recipient in it and the recipients; a message whose
recipients have different outcomes counts in each of their groups. Rejected groups list their MAIL FROM domains.

Exit codes:
  0  every row was simulated
  1  bad usage, or a plan or messages file that cannot be read or is not valid (nothing simulated)
  2  some rows were bad (reported on stderr and skipped); every other row was simulated
`;

/** The options of one run. */
interface SimulateOptions {
  readonly plan: string;
  readonly messages: string;
  readonly input: MessagesFormat;
  readonly format: "text" | "json";
  readonly summaryOnly: boolean;
}

/** Runs `simulate` with its arguments (after the command name); resolves to the exit code. */
export async function simulateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseOptions(args);
  if (options === "help") {
    io.stdout.write(SIMULATE_HELP);
    return EXIT.ok;
  }
  const topology = readPlanTopology(options.plan);
  const input = openMessages(options.messages, io);
  return run(topology, input, options, io);
}

function parseOptions(args: readonly string[]): SimulateOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        plan: { type: "string" },
        messages: { type: "string" },
        input: { type: "string" },
        format: { type: "string", default: "text" },
        "summary-only": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}`, "simulate");
  }
  if (values.help) return "help";
  if (values.plan === undefined) throw new UsageError("--plan <plan.json> is required", "simulate");
  if (values.messages === undefined) throw new UsageError("--messages <file> is required (a .csv or .jsonl file, or - for standard input)", "simulate");
  if (values.format !== "text" && values.format !== "json") throw new UsageError(`--format must be text or json, not ${JSON.stringify(values.format)}`, "simulate");
  let input: MessagesFormat;
  if (values.input !== undefined) {
    if (values.input !== "csv" && values.input !== "jsonl") throw new UsageError(`--input must be csv or jsonl, not ${JSON.stringify(values.input)}`, "simulate");
    input = values.input;
  } else if (/\.csv$/i.test(values.messages)) {
    input = "csv";
  } else if (/\.(jsonl|ndjson)$/i.test(values.messages)) {
    input = "jsonl";
  } else {
    throw new UsageError(`cannot tell the format of ${JSON.stringify(values.messages)} from its name: add --input csv or --input jsonl`, "simulate");
  }
  return { plan: values.plan, messages: values.messages, input, format: values.format, summaryOnly: values["summary-only"] };
}

/** The topology of a plan.json, or a usage error that says what is wrong with the file. */
function readPlanTopology(file: string): Topology {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the plan ${file}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the plan ${file} is not JSON (${(error as Error).message}): pass the plan.json that cdktf synth wrote`);
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === "number" && version > PLAN_SCHEMA_VERSION) {
    throw new UsageError(`the plan ${file} has schemaVersion ${version}, newer than this tool reads (${PLAN_SCHEMA_VERSION}): update cdktf-mailflow`);
  }
  const parsed = planSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new UsageError(`the plan ${file} is not a cdktf-mailflow plan.json: ${issues.join("; ")}${parsed.error.issues.length > 5 ? "; ..." : ""}`);
  }
  return topologyFromPlan(parsed.data);
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
  const lines = readline.createInterface({ input: input.stream, crlfDelay: Infinity });
  let layout: CsvLayout | undefined;
  let lineNumber = 0;
  let streamError: Error | undefined;
  input.stream.on("error", (error: Error) => {
    streamError = error;
    lines.close();
  });
  try {
    for await (const raw of lines) {
      lineNumber++;
      if ((lineNumber & 1023) === 0) {
        // Bad-row reports reach a watching user within about a thousand lines, not only at the end.
        await err.flush();
        progress.update(lineNumber, input.bytesRead());
      }
      const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, "") : raw;
      if (options.input === "csv" && layout === undefined) {
        try {
          layout = csvLayout(line);
        } catch (error) {
          throw new UsageError(`${input.name}:${lineNumber}: ${(error as Error).message}`);
        }
        continue;
      }
      if (line.trim() === "") {
        summary.blankLines++;
        continue;
      }
      const row: MessageRow = options.input === "csv" ? csvRow(line, layout!) : jsonRow(line);
      if (!row.ok) {
        summary.badRows++;
        await err.write(`${input.name}:${lineNumber}: bad row skipped: ${row.problem}\n`);
        continue;
      }
      const result = simulator.simulate(row.message, { explain: false });
      summary.add(row.message, result);
      if (!options.summaryOnly) {
        await out.write(options.format === "json" ? messageJson(lineNumber, row.message, result) : messageText(lineNumber, row.message, result));
      }
    }
  } finally {
    summary.lines = lineNumber;
    await err.flush();
  }
  if (streamError !== undefined) throw new UsageError(`cannot read the messages file ${input.name}: ${streamError.message}`);
  if (options.input === "csv" && layout === undefined) {
    throw new UsageError(`${input.name} is empty: a CSV messages file starts with the header ${CSV_COLUMNS.join(",")}`);
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
        : "not attributed";
  const connector = result.connector !== undefined ? `connector ${result.connector}` : "no connector";
  const recipients = result.recipients
    .map((r) => (r.ndr !== undefined ? `${r.address} ${r.outcome} ${r.ndr} (${r.reason})` : `${r.address} ${r.outcome}`))
    .join("; ");
  const sender = message.mailFrom.startsWith("<") && message.mailFrom.endsWith(">") ? message.mailFrom : `<${message.mailFrom}>`;
  const spoof = result.spoof === undefined
    ? ""
    : `; spoof ${result.spoof.spoofedDomain} / ${result.spoof.infrastructure ?? "unknown infrastructure"}: ` +
      (result.spoof.entry === undefined ? "no entry (spoof intelligence decides)" : `${result.spoof.action} by ${result.spoof.entry}`);
  return `line ${line} ${sender}: ${attribution}, ${connector}: ${recipients}${spoof}\n`;
}
