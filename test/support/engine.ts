/**
 * The engine the suite runs on (jest.config.js maps "cdktf" to "cdktn" when MAILFLOW_ENGINE=cdktn) and what differs
 * between the two: only how cdk.tf.json is printed. cdktf 0.21 prints it with json-stable-stringify, cdktn 0.24 with
 * safe-stable-stringify, which writes an empty object as `{}` where cdktf writes `{` and `}` on two lines.
 */
import { Testing, TerraformStack } from "cdktf";

/** "cdktn" when the suite runs on CDK Terrain, else "cdktf". */
export const ENGINE: "cdktf" | "cdktn" = process.env.MAILFLOW_ENGINE === "cdktn" ? "cdktn" : "cdktf";

/**
 * `value` printed as cdktf 0.21 prints cdk.tf.json (json-stable-stringify, two spaces): keys sorted, an empty object or
 * array opened and closed on two lines.
 */
export function printLikeCdktf(value: unknown, indent = ""): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${inner}${printLikeCdktf(item ?? null, inner)}`).join(",\n")}${value.length > 0 ? "\n" : ""}${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value).sort().filter((key) => (value as Record<string, unknown>)[key] !== undefined);
    const body = entries.map((key) => `${inner}${JSON.stringify(key)}: ${printLikeCdktf((value as Record<string, unknown>)[key], inner)}`).join(",\n");
    return `{\n${body}${entries.length > 0 ? "\n" : ""}${indent}}`;
  }
  return JSON.stringify(value);
}

/**
 * `Testing.synth(stack, runValidations)` as cdktf prints it. On cdktf these are cdktf's own bytes; on cdktn the parsed
 * JSON printed the cdktf way, so one snapshot compares the parsed documents of both engines.
 */
export function synthAsCdktf(stack: TerraformStack, runValidations = false): string {
  const text = Testing.synth(stack, runValidations);
  return ENGINE === "cdktf" ? text : printLikeCdktf(JSON.parse(text));
}
