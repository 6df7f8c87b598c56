/** Running the command-line tool in-process against a plan.json synthesized from an example, with captured output. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PassThrough, Writable } from "stream";
import { runCli, type CliIo } from "../../lib/cli/main";
import { EXAMPLES, synthMailflow, testApp } from "../support/examples";

/** A temporary folder with the plan.json of each example, written once per test file. */
export function examplePlans(): { dir: string; plan: (example: string) => string; write: (name: string, content: string) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-cli-"));
  for (const [name, build] of EXAMPLES) {
    fs.writeFileSync(path.join(dir, `${name}.plan.json`), synthMailflow(build(testApp()))["plan.json"]);
  }
  return {
    dir,
    plan: (example) => path.join(dir, `${example}.plan.json`),
    write: (name, content) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    },
  };
}

/** A writable stream that keeps what is written; `isTTY` as given. */
class Capture extends Writable {
  text = "";
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** The result of one run. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the tool in-process with `args`; options give stdin text, a terminal stderr and a clock. */
export async function cli(args: string[], options: { stdin?: string; stderrIsTTY?: boolean; now?: () => number } = {}): Promise<Run> {
  const stdout = new Capture();
  const stderr = new Capture(options.stderrIsTTY ?? false);
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? "");
  const io: CliIo = { stdout, stderr, stdin, ...(options.now ? { now: options.now } : {}) };
  const code = await runCli(args, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
