import * as fc from "fast-check";
import {
  MermaidIds, buildPlan, cellCode, escapeMermaidText, markdownCode, markdownText, mermaidDiagram, mermaidLabel, renderPlanMarkdown,
} from "../../../lib/artifacts";
import type { Topology } from "../../../lib/model/topology";
import { MAIN, fixtureFindings, twoStackTopology } from "./fixtures";
import { fenceProblems, tableCells, tableProblems } from "./markdown-syntax";
import { decodeMermaidLabel, mermaidBlock, mermaidIdProblem, mermaidLabelProblem, mermaidProblems } from "./mermaid-syntax";

/** What a CommonMark reader shows for our escaped prose: each backslash-escaped character as itself. */
const unescapeProse = (text: string) => text.replace(/\\(.)/g, "$1");
/** What a CommonMark reader shows for a code span: the inside, one space stripped from each end when both are spaces. */
function codeSpanText(span: string): string {
  const fence = /^`+/.exec(span)![0];
  expect(span.endsWith(fence)).toBe(true);
  const inside = span.slice(fence.length, span.length - fence.length);
  expect(inside.match(/`+/g)?.some((run) => run.length === fence.length) ?? false).toBe(false);
  return inside.startsWith(" ") && inside.endsWith(" ") && inside.trim() !== "" ? inside.slice(1, -1) : inside;
}
const oneLine = (text: string) => text.replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, " ");

describe("Markdown escaping", () => {
  test("prose: emphasis, code, HTML, links, tables, math and line breaks stay literal", () => {
    expect(markdownText("*.contoso.com | <I>CN=a<S>CN=b `x` [l](u) ~s~ $true & _u_\nnext")).toBe(
      "\\*.contoso.com \\| \\<I\\>CN=a\\<S\\>CN=b \\`x\\` \\[l\\](u) \\~s\\~ \\$true \\& \\_u\\_ next",
    );
  });

  test("code spans: a fence longer than any backtick run inside, padded when the text starts or ends with a backtick", () => {
    expect(markdownCode("mail.contoso.com")).toBe("`mail.contoso.com`");
    expect(markdownCode("a`b")).toBe("``a`b``");
    expect(markdownCode("`x`")).toBe("`` `x` ``");
    expect(markdownCode(" padded ")).toBe("`  padded  `");
    expect(markdownCode("")).toBe("");
  });

  test("table cells: a pipe falls back to escaped prose, which GitHub keeps in one cell", () => {
    expect(cellCode("a|b")).toBe("a\\|b");
    expect(tableCells(`| ${cellCode("a|b")} | ${cellCode("c")} |`)).toEqual(["a\\|b", "`c`"]);
  });

  test("property: escaped prose reads back as the text on one line, and stays in one table cell", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const escaped = markdownText(text);
        expect(escaped).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
        expect(unescapeProse(escaped)).toBe(oneLine(text));
        expect(tableCells(`| ${escaped} | x |`)).toHaveLength(2);
      }),
      { numRuns: 500 },
    );
  });

  test("property: a code span reads back as the text on one line; a table cell of it stays one cell", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("`", " ", "|", "a", "\\", "\n", "*") }), (text) => {
        if (oneLine(text) === "") return;
        expect(codeSpanText(markdownCode(text))).toBe(oneLine(text));
        expect(tableCells(`| ${cellCode(text)} | x |`)).toHaveLength(2);
      }),
      { numRuns: 500 },
    );
  });
});

describe("Mermaid", () => {
  test("labels: quotes, HTML, backticks, %, # and 'direction' become entity codes", () => {
    expect(mermaidLabel('a "b" <c> `d` 50% #1 direction LR\nx')).toBe(
      '"a #quot;b#quot; #lt;c#gt; #96;d#96; 50#37; #35;1 #100;irection LR x"',
    );
  });

  test("property: any text escapes to a label the lexer reads as one string and shows as the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const inside = escapeMermaidText(text);
        expect(mermaidLabelProblem(inside)).toBeUndefined();
        expect(decodeMermaidLabel(inside)).toBe(oneLine(text));
      }),
      { numRuns: 1000 },
    );
  });

  test("ids: sanitized paths with a capitalized kind prefix, unique, stable", () => {
    const ids = new MermaidIds();
    expect(ids.id("Tenant", "main/Contoso")).toBe("Tenant_main_Contoso");
    expect(ids.id("Tenant", "main_Contoso")).toBe("Tenant_main_Contoso_2");
    expect(ids.id("Tenant", "main/Contoso")).toBe("Tenant_main_Contoso");
    expect(ids.id("Send", "a b/ü\"x")).toBe("Send_a_b___x");
  });

  test("property: ids of arbitrary paths are valid and distinct", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 20 }), (paths) => {
        const ids = new MermaidIds();
        const made = paths.map((p) => ids.id("Org", p));
        expect(new Set(made).size).toBe(paths.length);
        for (const id of made) expect(mermaidIdProblem(id)).toBeUndefined();
      }),
    );
  });

  test("the fixture's diagram passes the syntax check and marks the other stack's objects", () => {
    const lines = mermaidDiagram(buildPlan(twoStackTopology(), MAIN, { findings: [] }));
    expect(mermaidProblems(lines)).toEqual([]);
    expect(lines).toContain("  class Tenant_partner_Fabrikam otherStack");
    expect(lines).toContain('  Send_main_Hosting_ToLitware -->|"certificate mail.litware.com"| Tenant_main_Litware');
  });

  test("the checker itself refuses the traps", () => {
    expect(mermaidProblems(["flowchart LR", "  end_x --> Tenant"])).toHaveLength(1);
    expect(mermaidProblems(["flowchart LR", '  subgraph S["x"]', '    A["say "hi""]', "  end"])).not.toEqual([]);
    expect(mermaidProblems(["flowchart LR", '  subgraph S["x"]', '    A["direction LR"]', "  end"])).not.toEqual([]);
    expect(mermaidProblems(["flowchart LR", "  A --> B"])).toEqual(["line 2: A is not defined", "line 2: B is not defined"]);
    expect(mermaidIdProblem("classic")).toBeDefined();
    expect(mermaidIdProblem("oTenant")).toBeDefined();
  });
});

describe("plan.md with hostile names", () => {
  // Names as a careless or malicious declaration could give them: every Markdown and Mermaid special character.
  const HOSTILE = 'Ops | `tick` <b>bold</b> *star* _u_ [l](x) #tag; "q" 100% direction LR\nnext ~~s~~ $x$ \\';
  function hostileTopology(): Topology {
    const world = twoStackTopology();
    return {
      ...world,
      tenants: world.tenants.map((t) => ({
        ...t,
        displayName: HOSTILE,
        inboundConnectors: t.inboundConnectors.map((c) => ({ ...c, name: HOSTILE, comment: HOSTILE })),
      })),
      organizations: world.organizations.map((o) => ({
        ...o,
        path: `${o.path}|${HOSTILE}`,
        sendConnectors: o.sendConnectors.map((s) => ({ ...s, name: HOSTILE })),
      })),
      certificates: world.certificates.map((c) => ({ ...c, issuer: HOSTILE, subject: HOSTILE })),
    };
  }
  const markdown = renderPlanMarkdown(buildPlan(hostileTopology(), MAIN, { findings: fixtureFindings() }));

  test("every table keeps its columns", () => {
    expect(tableProblems(markdown)).toEqual([]);
  });

  test("the Mermaid block stays valid", () => {
    expect(mermaidProblems(mermaidBlock(markdown))).toEqual([]);
  });

  test("code fences stay balanced and no raw HTML gets through", () => {
    expect(fenceProblems(markdown)).toEqual([]);
    // Outside code (where HTML shows literally), every < is escaped.
    const prose = markdown.replace(/```mermaid[\s\S]*?```/g, "").replace(/(?<!\\)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, "");
    expect(prose).toContain("\\<b\\>");
    expect(prose).not.toMatch(/(?<!\\)<b>/);
  });

  test("the names read back as written", () => {
    expect(markdown).toContain(`— ${markdownText(HOSTILE)}`);
    expect(unescapeProse(markdownText(HOSTILE))).toBe(oneLine(HOSTILE));
  });
});
