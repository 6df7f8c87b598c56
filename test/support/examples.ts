/** The examples, built in fresh test apps with a fixed synthesis date. */
import { App, Testing, TerraformStack } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import { hybridExample } from "../../examples/hybrid/main";
import { hybridWizardExample } from "../../examples/hybrid-wizard/main";
import { multiTenantExample } from "../../examples/multi-tenant/main";
import { relayServiceExample } from "../../examples/relay-service/main";
import { SYNTHESIS_DATE_CONTEXT } from "../../lib";

/** The synthesis date every test uses, so certificate-expiry findings never depend on today. */
export const TEST_DATE = "2026-11-22";

/** A test app with the fixed synthesis date and any extra context. */
export function testApp(context: Record<string, unknown> = {}): App {
  return Testing.app({ context: { [SYNTHESIS_DATE_CONTEXT]: TEST_DATE, ...context } } as never);
}

/** Each good example: its name and a function that declares it in a new stack. */
export const EXAMPLES: ReadonlyArray<[string, (scope: App) => TerraformStack]> = [
  ["hybrid", (app) => hybridExample(app)],
  ["multi-tenant", (app) => multiTenantExample(app)],
  ["relay-service", (app) => relayServiceExample(app)],
  ["hybrid-wizard", (app) => hybridWizardExample(app)],
];

/** Every file under `dir`, as relative path → content, sorted. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full).split(path.sep).join("/")] = fs.readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return out;
}

/** Runs the full synthesis of `stack` (validations, rules, custom synthesis) and returns its `mailflow/` files. */
export function synthMailflow(stack: TerraformStack): Record<string, string> {
  // Testing.fullSynth writes into a new folder in os.tmpdir() and leaves it there: read it, then delete it.
  const outdir = Testing.fullSynth(stack);
  try {
    return readTree(path.join(outdir, "stacks", stack.node.id, "mailflow"));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
