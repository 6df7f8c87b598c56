/**
 * Evaluates the small boolean expressions the scripts' decisions are made of (replacement, digest check,
 * object selection, spoof target), read from the generated code with tree-sitter. There is no PowerShell on
 * the test machine, so this is how the decisions are tested as written: comparisons (-eq -ne -ceq -cne
 * -ccontains), -and, -or, -not, parentheses, variables, `.Count`, literals, and calls of functions that the
 * test supplies. Anything else throws, so a decision that grows beyond this subset fails loudly.
 */
import type { Node, Tree } from "web-tree-sitter";
import { verbatimStringValue } from "../../support/powershell-parser";

/** A value of the subset: strings, numbers, booleans, null, arrays of strings and hashtables of strings. */
export type Value = string | number | boolean | null | readonly string[] | { readonly [key: string]: string };

/** What the evaluated code can see: variables (by name, without `$`, case-insensitive) and callable functions. */
export interface Scope {
  readonly variables: Readonly<Record<string, Value>>;
  /** Functions by name: receive `-Name value` arguments (evaluated) and return a value. */
  readonly functions?: Readonly<Record<string, (args: Readonly<Record<string, Value>>) => Value>>;
}

/** PowerShell's truthiness for the subset. */
export function truthy(value: Value): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== null && value !== "" && value !== 0 && value !== false;
}

function variable(scope: Scope, name: string): Value {
  const key = Object.keys(scope.variables).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) throw new Error(`the test gave no value for $${name}`);
  return scope.variables[key];
}

function equal(left: Value, right: Value, caseSensitive: boolean): boolean {
  if (typeof left === "string" && typeof right === "string") return caseSensitive ? left === right : left.toLowerCase() === right.toLowerCase();
  if (typeof left === "number") return left === Number(right);
  return left === right;
}

/** Evaluates an expression node (a condition, a return value, an argument). */
export function evaluate(node: Node, scope: Scope): Value {
  const named = node.namedChildren.filter((c): c is Node => c !== null);
  switch (node.type) {
    case "variable": {
      const match = /^\$(?:env:)?([A-Za-z_][A-Za-z0-9_]*)$/.exec(node.text);
      if (match === null) throw new Error(`unsupported variable ${node.text}`);
      return variable(scope, node.text.startsWith("$env:") ? `env:${match[1]}` : match[1]);
    }
    case "string_literal":
      return verbatimStringValue(node.text);
    case "integer_literal":
      return Number(node.text);
    case "member_access": {
      const target = evaluate(named[0], scope);
      const member = named[1].text;
      if (member.toLowerCase() === "count" && Array.isArray(target)) return target.length;
      if (target !== null && typeof target === "object" && !Array.isArray(target)) {
        // A hashtable's keys are case-insensitive.
        const key = Object.keys(target).find((k) => k.toLowerCase() === member.toLowerCase());
        return key === undefined ? null : (target as Record<string, string>)[key];
      }
      throw new Error(`unsupported member access ${node.text}`);
    }
    case "comparison_expression": {
      if (named.length === 1) return evaluate(named[0], scope);
      const operator = named[1].text.toLowerCase();
      const left = evaluate(named[0], scope);
      const right = evaluate(named[2], scope);
      switch (operator) {
        case "-eq":
          return equal(left, right, false);
        case "-ne":
          return !equal(left, right, false);
        case "-ceq":
          return equal(left, right, true);
        case "-cne":
          return !equal(left, right, true);
        case "-ccontains":
          return Array.isArray(left) && left.includes(String(right));
        default:
          throw new Error(`unsupported comparison ${operator}`);
      }
    }
    case "logical_expression": {
      if (named.length === 1) return evaluate(named[0], scope);
      const operator = node.children.find((c) => c !== null && !c.isNamed)?.text.toLowerCase();
      const left = truthy(evaluate(named[0], scope));
      if (operator === "-and") return left && truthy(evaluate(named[1], scope));
      if (operator === "-or") return left || truthy(evaluate(named[1], scope));
      throw new Error(`unsupported logical operator ${operator}`);
    }
    case "expression_with_unary_operator": {
      const operator = node.children.find((c) => c !== null && !c.isNamed)?.text.toLowerCase();
      if (operator === "-not") return !truthy(evaluate(named[0], scope));
      throw new Error(`unsupported unary operator ${operator}`);
    }
    case "command":
      return call(node, scope);
    default:
      // Wrappers of one expression: pipeline, parenthesized_expression, unary_expression, and the precedence levels.
      if (named.length === 1) return evaluate(named[0], scope);
      throw new Error(`unsupported ${node.type}: ${node.text.slice(0, 80)}`);
  }
}

function call(node: Node, scope: Scope): Value {
  const name = node.childForFieldName("command_name")?.text ?? "";
  const fn = scope.functions?.[name];
  if (fn === undefined) throw new Error(`the test gave no function ${name}`);
  const elements = (node.childForFieldName("command_elements")?.namedChildren ?? []).filter((e): e is Node => e !== null && e.type !== "command_argument_sep");
  const args: Record<string, Value> = {};
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i];
    if (element.type === "command_parameter") {
      args[element.text.replace(/^-/, "")] = evaluate(elements[++i], scope);
    } else if (element.text.startsWith("@")) {
      args["@splat"] = element.text.slice(1);
    } else {
      throw new Error(`unsupported argument ${element.text}`);
    }
  }
  return fn(args);
}

/** The function `name` defined in a script: its parameter names and its statements. */
export function functionDefinition(tree: Tree, name: string): { readonly parameters: string[]; readonly body: Node } {
  const definition = tree.rootNode.descendantsOfType("function_statement").find((f) => f?.namedChildren.find((c) => c?.type === "function_name")?.text === name);
  if (!definition) throw new Error(`no function ${name}`);
  const parameters = definition.descendantsOfType("script_parameter").map((p) => p!.namedChildren.filter((c) => c?.type === "variable").pop()!.text.slice(1));
  const body = definition.descendantsOfType("script_block_body")[0]!;
  return { parameters, body };
}

/** Calls a script function made of `return <expression>` or `if (<condition>) { throw ... }` statements. */
export function callFunction(tree: Tree, name: string, args: Readonly<Record<string, Value>>, scope: Scope): Value | "throws" {
  const { parameters, body } = functionDefinition(tree, name);
  const local: Scope = { ...scope, variables: { ...scope.variables, ...Object.fromEntries(parameters.map((p) => [p, args[p] ?? ""])) } };
  const statements = body.namedChildren[0]!.namedChildren.filter((s): s is Node => s !== null);
  for (const statement of statements) {
    if (statement.type === "flow_control_statement" && statement.text.startsWith("return")) return evaluate(statement.namedChildren[0]!, local);
    if (statement.type === "if_statement") {
      const condition = statement.childForFieldName("condition")!;
      if (truthy(evaluate(condition, local))) {
        if (/^\{\s*throw /.test(statement.namedChildren.find((c) => c?.type === "statement_block")!.text)) return "throws";
        throw new Error(`unsupported if body in ${name}`);
      }
      continue;
    }
    throw new Error(`unsupported statement in ${name}: ${statement.text.slice(0, 80)}`);
  }
  return null;
}
