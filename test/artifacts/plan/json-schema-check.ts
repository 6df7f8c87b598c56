/**
 * A checker for the subset of JSON Schema (draft 2020-12) that `z.toJSONSchema` emits for plan.json, so tests can
 * validate plan.json against the published schema itself without a validator dependency. It refuses any keyword it
 * does not know, so a schema change that needs more support fails loudly instead of passing unchecked.
 */

type Schema = Record<string, unknown>;

const KNOWN = new Set([
  "$schema", "type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf",
  "description", "title", "minimum", "maximum",
]);

/** The problems of `value` against `schema`, as `path: what` lines; empty when it conforms. */
export function jsonSchemaProblems(schema: Schema, value: unknown, path = "$"): string[] {
  const unknown = Object.keys(schema).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) return [`${path}: schema keyword(s) ${unknown.join(", ")} not supported by the test checker`];
  if (schema.anyOf !== undefined) {
    const branches = schema.anyOf as Schema[];
    return branches.some((b) => jsonSchemaProblems(b, value, path).length === 0) ? [] : [`${path}: matches no branch of anyOf`];
  }
  const problems: string[] = [];
  if (schema.const !== undefined && value !== schema.const) problems.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (schema.enum !== undefined && !(schema.enum as unknown[]).includes(value)) problems.push(`${path}: ${JSON.stringify(value)} not in enum`);
  switch (schema.type) {
    case undefined:
      break;
    case "string":
      if (typeof value !== "string") problems.push(`${path}: expected a string`);
      break;
    case "boolean":
      if (typeof value !== "boolean") problems.push(`${path}: expected a boolean`);
      break;
    case "number":
    case "integer":
      if (typeof value !== "number" || (schema.type === "integer" && !Number.isInteger(value))) problems.push(`${path}: expected a ${schema.type}`);
      else {
        if (typeof schema.minimum === "number" && value < schema.minimum) problems.push(`${path}: below ${schema.minimum}`);
        if (typeof schema.maximum === "number" && value > schema.maximum) problems.push(`${path}: above ${schema.maximum}`);
      }
      break;
    case "array":
      if (!Array.isArray(value)) problems.push(`${path}: expected an array`);
      else value.forEach((item, i) => problems.push(...jsonSchemaProblems(schema.items as Schema, item, `${path}[${i}]`)));
      break;
    case "object": {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        problems.push(`${path}: expected an object`);
        break;
      }
      const record = value as Record<string, unknown>;
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      for (const key of (schema.required ?? []) as string[]) if (!(key in record)) problems.push(`${path}: missing ${key}`);
      for (const [key, item] of Object.entries(record)) {
        if (properties[key] !== undefined) problems.push(...jsonSchemaProblems(properties[key], item, `${path}.${key}`));
        else if (schema.additionalProperties === false) problems.push(`${path}: unexpected property ${key}`);
      }
      break;
    }
    default:
      problems.push(`${path}: schema type ${String(schema.type)} not supported by the test checker`);
  }
  return problems;
}
