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

/** Stands for a property defined by a getter, which describing must not run. */
const GETTER = Symbol("getter");

/** Longest description of a value in an error message. */
const MAX_DESCRIPTION = 200;

/**
 * A short description of any value a caller passed, for error messages: strings and JSON-like data as JSON,
 * other types by kind. Bounded work whatever the value (deep, cyclic or shared structures, symbols, BigInts,
 * objects without a prototype), and never runs the caller's code (no toJSON, toString or getters of classes).
 */
export function describeValue(value: unknown): string {
  const text = render(value, 0, new Set());
  // A string is already cut inside its quotes.
  return typeof value !== "string" && text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}…` : text;
}

function render(value: unknown, depth: number, ancestors: Set<object>): string {
  switch (typeof value) {
    case "undefined":
      return depth === 0 ? "(missing)" : "undefined";
    case "string":
      return JSON.stringify(value.length > MAX_DESCRIPTION ? `${value.slice(0, MAX_DESCRIPTION)}…` : value);
    case "number":
      return Number.isFinite(value) ? String(value) : `(the number ${String(value)})`;
    case "boolean":
      return String(value);
    case "bigint":
      return `(the BigInt ${value.toString()}n)`;
    case "symbol":
      return "(a symbol)";
    case "function":
      return "(a function)";
  }
  if (value === null) return "null";
  const object = value as object;
  if (object instanceof Date) return `Date(${Number.isNaN(object.getTime()) ? "invalid" : object.toISOString()})`;
  if (ancestors.has(object)) return "(a cycle)";
  const prototype = Object.getPrototypeOf(object);
  const isArray = Array.isArray(object);
  if (!isArray && prototype !== Object.prototype && prototype !== null) return `(${describeClass(prototype)})`;
  if (depth >= 3) return isArray ? "[…]" : "{…}";
  ancestors.add(object);
  // Stop once the text is long enough: the rest of a large value is never visited.
  const parts: string[] = [];
  let length = 0;
  // Own enumerable keys through their descriptors: a getter is described, not run.
  const entries = Object.keys(object)
    .slice(0, 50)
    .map((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(object, key);
      return [key, descriptor !== undefined && "value" in descriptor ? descriptor.value : GETTER] as const;
    });
  for (const [key, item] of entries) {
    if (length > MAX_DESCRIPTION) {
      parts.push("…");
      break;
    }
    const text = item === GETTER ? "(a getter)" : render(item, depth + 1, ancestors);
    const part = isArray ? text : `${JSON.stringify(key)}:${text}`;
    parts.push(part);
    length += part.length + 1;
  }
  ancestors.delete(object);
  return isArray ? `[${parts.join(",")}]` : `{${parts.join(",")}}`;
}

/** The class name of an object's prototype, read without running the caller's code. */
function describeClass(prototype: object): string {
  const constructor = Object.getOwnPropertyDescriptor(prototype, "constructor")?.value;
  const name = typeof constructor === "function" ? Object.getOwnPropertyDescriptor(constructor, "name")?.value : undefined;
  return typeof name === "string" && name !== "" ? `a ${name}` : "an object";
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
    throw new InvalidPropsError(kind, path, [{ prop: "(props)", value: describeValue(props), message: "is not allowed: expected an object of props" }]);
  }
  const result = schema.safeParse(props);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue): PropProblem[] =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          prop: propPath([...issue.path, key]),
          value: describeValue(valueAt(props, [...issue.path, key])),
          message: "is not a known prop: check its spelling against the props interface",
        }))
      : [{ prop: propPath(issue.path), value: describeValue(valueAt(props, issue.path)), message: explain(issue) }],
  );
  throw new InvalidPropsError(kind, path, problems);
}
