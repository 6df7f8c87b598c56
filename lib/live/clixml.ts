/**
 * PowerShell CliXML (what `Export-Clixml` writes, and how Microsoft's HealthChecker collects on-premises objects) into
 * plain values, with fast-xml-parser: `<Objs>` of `<Obj>`, each with `<Props>` and `<MS>` members; an enum or an object
 * such as a server id is an `<Obj>` whose `<ToString>` is its name; lists are `<LST>`/`<IE>`; `<Ref>` repeats an object.
 */
import { XMLParser } from "fast-xml-parser";
import { TO_STRING, type LiveValue } from "./records";

type Node = Record<string, unknown> & { ":@"?: Record<string, string> };

const PRIMITIVE_TEXT = new Set(["S", "G", "URI", "Version", "DT", "TS", "C", "SBK", "XD", "SS", "BA"]);
const NUMBERS = new Set(["I16", "I32", "I64", "U16", "U32", "U64", "By", "SB", "Db", "Sg", "D"]);
const LISTS = new Set(["LST", "IE", "STK", "QUE"]);

/** Thrown when the text is not CliXML: the message says what was found instead. */
export class CliXmlError extends Error {}

/**
 * The top-level objects of a CliXML document, as plain values (objects keep their `<ToString>` under `@ToString`).
 * @throws CliXmlError when the text is not well-formed XML or its root is not `<Objs>`
 */
export function parseCliXml(text: string): LiveValue[] {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
    htmlEntities: false,
  });
  let document: Node[];
  try {
    document = parser.parse(text, true) as Node[];
  } catch (error) {
    const message = (error as { message?: string }).message ?? String(error);
    throw new CliXmlError(`not well-formed XML (${message.split("\n")[0]})`);
  }
  const root = document.find((n) => tagOf(n) !== undefined && !tagOf(n)!.startsWith("?"));
  if (root === undefined || tagOf(root) !== "Objs") {
    throw new CliXmlError(`not PowerShell CliXML: the root element is ${root ? `<${tagOf(root)}>` : "missing"}, not <Objs> (export with Export-Clixml)`);
  }
  const refs = new Map<string, LiveValue>();
  return childrenOf(root).flatMap((child) => (tagOf(child) === undefined ? [] : [convert(child, refs)]));
}

function tagOf(node: Node): string | undefined {
  for (const key of Object.keys(node)) if (key !== ":@" && key !== "#text") return key;
  return undefined;
}

function childrenOf(node: Node): Node[] {
  const tag = tagOf(node);
  return tag === undefined ? [] : ((node[tag] as Node[] | undefined) ?? []);
}

function textOf(node: Node): string {
  return decodeEscapes(childrenOf(node).map((c) => (typeof c["#text"] === "string" || typeof c["#text"] === "number" ? String(c["#text"]) : "")).join(""));
}

/** CliXML writes characters XML cannot hold as `_xHHHH_`. */
function decodeEscapes(text: string): string {
  return text.includes("_x") ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

function convert(node: Node, refs: Map<string, LiveValue>): LiveValue {
  const tag = tagOf(node)!;
  if (tag === "Nil") return null;
  if (tag === "B") return textOf(node).trim().toLowerCase() === "true";
  if (PRIMITIVE_TEXT.has(tag)) return textOf(node);
  if (NUMBERS.has(tag)) {
    const value = Number(textOf(node).trim());
    return Number.isFinite(value) ? value : textOf(node);
  }
  if (tag === "Ref") return refs.get(node[":@"]?.RefId ?? "") ?? null;
  if (tag === "Obj") return convertObject(node, refs);
  return textOf(node);
}

function convertObject(node: Node, refs: Map<string, LiveValue>): LiveValue {
  const members: Record<string, LiveValue> = {};
  let list: LiveValue[] | undefined;
  let toString: string | undefined;
  let dictionary: Record<string, LiveValue> | undefined;
  let hasMembers = false;
  for (const child of childrenOf(node)) {
    const tag = tagOf(child);
    if (tag === undefined || tag === "TN" || tag === "TNRef") continue;
    if (tag === "ToString") toString = textOf(child);
    else if (tag === "Props" || tag === "MS") {
      hasMembers = true;
      for (const member of childrenOf(child)) {
        const name = member[":@"]?.N;
        if (tagOf(member) !== undefined && name !== undefined && !(name in members)) members[decodeEscapes(name)] = convert(member, refs);
      }
    } else if (LISTS.has(tag)) {
      list = childrenOf(child).flatMap((c) => (tagOf(c) === undefined ? [] : [convert(c, refs)]));
    } else if (tag === "DCT") {
      dictionary = {};
      for (const entry of childrenOf(child)) {
        let key: string | undefined;
        let value: LiveValue = null;
        for (const part of childrenOf(entry)) {
          const n = part[":@"]?.N;
          if (n === "Key") key = String(convert(part, refs));
          else if (n === "Value") value = convert(part, refs);
        }
        if (key !== undefined) dictionary[key] = value;
      }
    }
  }
  let value: LiveValue;
  if (list !== undefined) value = list;
  else if (dictionary !== undefined) value = dictionary;
  else if (hasMembers) value = toString === undefined ? members : { ...members, [TO_STRING]: toString };
  else if (toString !== undefined) value = toString;
  else value = members;
  const refId = node[":@"]?.RefId;
  if (refId !== undefined) refs.set(refId, value);
  return value;
}
