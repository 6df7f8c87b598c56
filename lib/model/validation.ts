/**
 * Turns zod's issues into one error that names the construct, every offending prop, the value given and
 * what is allowed: all problems at once, never a bare zod dump.
 */
import type { z } from "zod";

/** One problem with one prop. */
export interface PropProblem {
  /** Prop path, e.g. `senderIpAddresses[1]`. */
  readonly prop: string;
  /** The value given, as JSON (or a description when it has no JSON form). */
  readonly value: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** Invalid props of a construct, with every problem found. */
export class InvalidPropsError extends Error {
  /** Construct path. */
  readonly path: string;
  /** The construct kind, e.g. `InboundConnector`. */
  readonly kind: string;
  /** Every problem found. */
  readonly problems: readonly PropProblem[];

  constructor(kind: string, path: string, problems: readonly PropProblem[]) {
    const lines = problems.map((p) => `  - ${p.prop}: ${p.value} ${p.message}`);
    super(`[${path}] invalid ${kind} props:\n${lines.join("\n")}`);
    this.name = "InvalidPropsError";
    this.kind = kind;
    this.path = path;
    this.problems = problems;
  }
}

function propPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const s of segments) out += typeof s === "number" ? `[${s}]` : out === "" ? String(s) : `.${String(s)}`;
  return out === "" ? "(props)" : out;
}

function valueAt(root: unknown, segments: readonly PropertyKey[]): unknown {
  let value = root;
  for (const s of segments) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[s as string];
  }
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return "(missing)";
  if (typeof value === "string") return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  if (typeof value === "function") return "(a function)";
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? "invalid" : value.toISOString()})`;
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return `(${typeof value})`;
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return `(${typeof value})`;
  }
}

function explain(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `is not allowed: expected ${issue.expected}`;
    case "invalid_value":
      return `is not allowed: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_union":
      return "is not allowed: expected one of the accepted forms";
    default:
      return `is not allowed: ${issue.message}`;
  }
}

/**
 * Validates `props` with `schema`; returns the parsed value or throws an {@link InvalidPropsError} listing
 * every problem, each with the prop, the value given and what is allowed.
 */
export function validateProps<S extends z.ZodType>(schema: S, props: unknown, kind: string, path: string): z.output<S> {
  if (props === null || typeof props !== "object" || Array.isArray(props)) {
    throw new InvalidPropsError(kind, path, [{ prop: "(props)", value: describe(props), message: "is not allowed: expected an object of props" }]);
  }
  const result = schema.safeParse(props);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue): PropProblem[] =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          prop: propPath([...issue.path, key]),
          value: describe(valueAt(props, [...issue.path, key])),
          message: "is not a known prop: check its spelling against the props interface",
        }))
      : [{ prop: propPath(issue.path), value: describe(valueAt(props, issue.path)), message: explain(issue) }],
  );
  throw new InvalidPropsError(kind, path, problems);
}
