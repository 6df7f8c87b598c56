/**
 * One record of an export (the properties of one object a cmdlet returned), whatever the format it came in, and the
 * readers that turn Exchange's many spellings of a value into the model's one: `smtp:*;1`, enum names, `$null` versus
 * empty, `"True"`, `\/Date(ms)\/`. Property names are matched case-insensitively; unknown properties are ignored.
 */
import { FieldError } from "./problems";

/** A value as the JSON and CliXML readers give it: CliXML objects keep their `<ToString>` under {@link TO_STRING}. */
export type LiveValue = string | number | boolean | null | readonly LiveValue[] | { readonly [key: string]: LiveValue };

/** Key under which the CliXML reader keeps an object's `<ToString>` text (an enum's name, a server's name). */
export const TO_STRING = "@ToString";

/** Longest text one field may hold (a Comment is at most 1,024 characters in Exchange; this is far above any real value). */
const MAX_FIELD_LENGTH = 65536;

/** One object of an export, with case-insensitive access to its properties. */
export class LiveRecord {
  private readonly values = new Map<string, LiveValue>();

  /**
   * @param index 1-based position in its file
   * @param properties the object's properties
   */
  constructor(readonly index: number, properties: { readonly [key: string]: LiveValue }) {
    for (const [key, value] of Object.entries(properties)) {
      const lower = key.toLowerCase();
      // PowerShell objects cannot hold two properties differing only in case; the first wins if a file does.
      if (!this.values.has(lower)) this.values.set(lower, value);
    }
  }

  /** True when the record has the property (even when it is null). */
  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  /** The raw value, or undefined when the property is absent. */
  raw(name: string): LiveValue | undefined {
    return this.values.get(name.toLowerCase());
  }

  /** A text value, or undefined when absent, null or empty. Numbers are refused (write enums as strings). */
  text(name: string): string | undefined {
    return textOf(name, this.raw(name));
  }

  /** A text value that must be there. */
  requiredText(name: string): string {
    const value = this.text(name);
    if (value === undefined) throw new FieldError(name, this.has(name) ? "is empty" : "is missing");
    return value;
  }

  /** A list of texts: absent, null and `[]` are the empty list; one text is a list of one; null elements are dropped. */
  list(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) {
      const out: string[] = [];
      (value as readonly LiveValue[]).forEach((element, i) => {
        const text = textOf(`${name}[${i}]`, element);
        if (text !== undefined) out.push(text);
      });
      return out;
    }
    const text = textOf(name, value);
    return text === undefined ? [] : [text];
  }

  /** A boolean (`true`, `"True"`), or `fallback` when absent or null. */
  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined || value === null) return fallback;
    if (typeof value === "boolean") return value;
    if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
    throw new FieldError(name, `expected true or false, found ${describe(value)}`);
  }

  /** An enum value by its name (case-insensitive), as one of `allowed`; undefined when absent or null. */
  enumValue<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.raw(name);
    if (typeof value === "number") {
      throw new FieldError(name, `is the number ${value}, an enum written as a number (Windows PowerShell's ConvertTo-Json without -EnumsAsStrings): export with the cdktf-mailflow export script, or pipe through ConvertTo-Json -EnumsAsStrings`);
    }
    const text = this.text(name);
    if (text === undefined) return undefined;
    const found = allowed.find((a) => a.toLowerCase() === text.toLowerCase());
    if (found === undefined) throw new FieldError(name, `${JSON.stringify(text)} is not one of ${allowed.join(", ")}`);
    return found;
  }

  /** A date as `YYYY-MM-DD` (UTC): `\/Date(ms)\/`, ISO 8601, or a CliXML date; undefined when absent or null. */
  date(name: string): string | undefined {
    const text = this.text(name);
    if (text === undefined) return undefined;
    return calendarDateOf(name, text);
  }
}

/** The text of a value: strings trimmed of nothing, CliXML objects by their ToString; numbers and lists are refused. */
function textOf(name: string, value: LiveValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "boolean") text = value ? "True" : "False";
  else if (typeof value === "object" && !Array.isArray(value) && typeof (value as Record<string, LiveValue>)[TO_STRING] === "string") {
    text = (value as Record<string, LiveValue>)[TO_STRING] as string;
  } else {
    throw new FieldError(name, `expected text, found ${describe(value)}`);
  }
  if (text.length > MAX_FIELD_LENGTH) throw new FieldError(name, `holds ${text.length.toLocaleString("en-US")} characters, more than any Exchange setting (${MAX_FIELD_LENGTH.toLocaleString("en-US")} read at most)`);
  return text === "" ? undefined : text;
}

/** A short description of a value for a problem line: its kind and, for text, the start of it. */
export function describe(value: LiveValue | undefined): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return value.length > 60 ? `${JSON.stringify(value.slice(0, 60))}…` : JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return `the ${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return "an object";
}

/** `YYYY-MM-DD` of `\/Date(1700000000000)\/`, `/Date(1700000000000+0100)/`, or an ISO 8601 date-time. */
export function calendarDateOf(name: string, text: string): string {
  const ms = /^\\?\/Date\((-?\d+)(?:[+-]\d{4})?\)\\?\/$/.exec(text.trim());
  const time = ms ? Number(ms[1]) : /^\d{4}-\d{2}-\d{2}/.test(text.trim()) ? Date.parse(text.trim()) : Number.NaN;
  if (!Number.isFinite(time)) throw new FieldError(name, `${JSON.stringify(text.slice(0, 60))} is not a date (expected \\/Date(ms)\\/ or ISO 8601 such as 2027-09-30T12:00:00Z)`);
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * The address or domain of an Exchange address-space text: `smtp:*;1` → `*`, `SMTP:contoso.com;1` → `contoso.com`,
 * `contoso.com` → `contoso.com`, lower case; the cost is returned apart. Only SMTP address spaces are mail domains.
 */
export function parseAddressSpace(field: string, text: string): { readonly address: string; readonly cost: number } {
  const match = /^(?:([A-Za-z0-9]+):)?([^;]*?)(?:;(\d+))?$/.exec(text.trim());
  if (!match) throw new FieldError(field, `${JSON.stringify(text)} is not an address space ([type:]address[;cost])`);
  const [, type, address, cost] = match;
  if (type !== undefined && type.toLowerCase() !== "smtp") throw new FieldError(field, `${JSON.stringify(text)} is a ${type} address space: only SMTP address spaces are read`);
  return { address: address.trim().toLowerCase(), cost: cost === undefined ? 1 : Number(cost) };
}
