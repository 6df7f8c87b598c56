#!/usr/bin/env node
/**
 * A stand-in for `pwsh` in the Terraform end-to-end test (there is no PowerShell on the test machine).
 *
 * Called as `fake-pwsh.js -NoProfile -NonInteractive -File <script>` by the provisioners of a synthesized
 * stack, it parses the script with tree-sitter-powershell (and exits 1 when it does not parse), reads the
 * settings digest the script declares for MAILFLOW_OBJECT, and appends one JSON line to the file named by
 * MAILFLOW_FAKE_PWSH_LOG: arguments, every MAILFLOW_* variable, that digest, and wall-clock start and end
 * times (comparable across processes) so the test can check the order Terraform ran the scripts in.
 * It then waits a little, so two scripts Terraform runs in parallel overlap in time.
 */
"use strict";
const fs = require("fs");
const path = require("path");
// Without this, V8 optimizes the grammar's hot functions in the background after the parse and the process
// takes seconds to exit; the baseline compiler alone parses a script in tens of milliseconds.
require("v8").setFlagsFromString("--liftoff-only");

const started = performance.timeOrigin + performance.now();
const HOLD_MS = 150;

async function parser() {
  const { Parser, Language } = require("web-tree-sitter");
  await Parser.init();
  const language = await Language.load(fs.readFileSync(require.resolve("tree-sitter-powershell/tree-sitter-powershell.wasm")));
  const p = new Parser();
  p.setLanguage(language);
  return p;
}

/** The value of a verbatim string literal node's text, `'it''s'` → `it's` (the scripts write only those). */
function verbatim(text) {
  return /^'.*'$/s.test(text) ? text.slice(1, -1).replace(/''/g, "'") : undefined;
}

/** `-Name value` pairs of a command node, values as source text. */
function parameters(command) {
  const elements = (command.childForFieldName("command_elements")?.namedChildren ?? []).filter((e) => e && e.type !== "command_argument_sep");
  const result = new Map();
  elements.forEach((element, i) => {
    const next = elements[i + 1];
    if (element.type === "command_parameter") result.set(element.text.replace(/^-/, ""), next && next.type !== "command_parameter" ? next.text : true);
  });
  return result;
}

async function main() {
  const args = process.argv.slice(2);
  const fileIndex = args.indexOf("-File");
  if (fileIndex < 0 || fileIndex + 1 >= args.length) throw new Error(`expected -File <script>, got ${JSON.stringify(args)}`);
  const script = path.resolve(process.cwd(), args[fileIndex + 1]);
  const source = fs.readFileSync(script, "utf8");
  const tree = (await parser()).parse(source);
  const errors = [...tree.rootNode.descendantsOfType("ERROR"), ...(tree.rootNode.hasError ? [tree.rootNode] : [])];
  if (errors.length > 0) {
    process.stderr.write(`fake-pwsh: ${script} does not parse as PowerShell (error near row ${errors[0].startPosition.row + 1})\n`);
    process.exit(1);
  }
  const object = process.env.MAILFLOW_OBJECT ?? "";
  const commands = tree.rootNode.descendantsOfType("command").filter((c) => c && c.childForFieldName("command_name"));
  const digestCall = commands
    .filter((c) => c.childForFieldName("command_name").text === "Assert-MailflowDigest")
    .map(parameters)
    .find((p) => verbatim(String(p.get("Path"))) === object);
  const declaredList = tree.rootNode.descendantsOfType("assignment_expression").find((a) => a.text.startsWith("$MailflowDeclared"));
  const declared = declaredList ? declaredList.descendantsOfType("string_literal").map((l) => verbatim(l.text)) : [];
  const environment = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith("MAILFLOW_") && key !== "MAILFLOW_FAKE_PWSH_LOG"));
  await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
  const record = {
    args,
    cwd: process.cwd(),
    script: path.relative(process.cwd(), script),
    environment,
    declared: declared.includes(object),
    scriptDigest: digestCall ? verbatim(String(digestCall.get("Digest"))) : null,
    start: started,
    end: performance.timeOrigin + performance.now(),
  };
  const log = process.env.MAILFLOW_FAKE_PWSH_LOG;
  if (!log) throw new Error("MAILFLOW_FAKE_PWSH_LOG is not set");
  // One short line per call with O_APPEND: parallel calls never interleave within a line.
  fs.appendFileSync(log, `${JSON.stringify(record)}\n`);
}

main().catch((error) => {
  process.stderr.write(`fake-pwsh: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
