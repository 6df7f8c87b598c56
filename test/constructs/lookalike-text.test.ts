import { Testing, TerraformStack } from "cdktf";
import { Certificate, InboundConnector, InvalidPropsError, OnPremisesOrganization, OutboundConnector, SendConnector, Tenant } from "../../lib";
import { ambiguousTextProblem } from "../../lib/model/text";

function setup() {
  const stack = new TerraformStack(Testing.app(), "stack");
  const tenant = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
  return { stack, tenant };
}

/** Runs `fn`, expects an InvalidPropsError, and returns it. */
function propsError(fn: () => unknown): InvalidPropsError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPropsError);
    return error as InvalidPropsError;
  }
  throw new Error("expected construction to fail");
}

const onPremises = { connectorType: "OnPremises" as const, tlsSenderCertificateName: "mail.contoso.com" };

// Scripts compare names, paths and markers ordinally, so text that only looks equal must never be declared: an invisible
// format character or a decomposed letter makes two connectors that look like one (issue 11, adversarial review).
describe("invisible format characters and non-NFC text are refused at construction", () => {
  test.each([
    ["U+00AD SOFT HYPHEN", "\u00AD"], ["U+200B ZERO WIDTH SPACE", "\u200B"], ["U+200C ZERO WIDTH NON-JOINER", "\u200C"],
    ["U+200D ZERO WIDTH JOINER", "\u200D"], ["U+2060 WORD JOINER", "\u2060"], ["U+FEFF ZERO WIDTH NO-BREAK SPACE", "\uFEFF"],
  ])("%s in a construct id, a name and a comment", (named, ch) => {
    const [code, ...words] = named.split(" ");
    const { tenant } = setup();
    const byId = propsError(() => new InboundConnector(tenant, `From${ch}OnPremises`, onPremises));
    expect(byId.path).toBe(`stack/Contoso/From${ch}OnPremises`);
    expect(byId.problems.map((p) => p.prop)).toEqual(["(construct id)"]);
    expect(byId.message).toContain(`invisible format character ${code} (${words.join(" ")}`);
    expect(byId.message).toContain("at position 4: remove it");

    const byName = propsError(() => new OutboundConnector(tenant, "Out", { connectorType: "Partner", name: `To${ch}Partner`, recipientDomains: ["fabrikam.com"] }));
    expect(byName.path).toBe("stack/Contoso/Out");
    expect(byName.problems.map((p) => p.prop)).toEqual(["name"]);
    expect(byName.message).toContain(code);

    const byComment = propsError(() => new InboundConnector(tenant, "In", { ...onPremises, comment: `[managed-by:cdktf${ch}-mailflow path=stack/Contoso/Other]` }));
    expect(byComment.problems.map((p) => p.prop)).toEqual(["comment"]);
    expect(byComment.message).toContain(`${code} (${words.join(" ")}`);
  });

  test("a decomposed letter (e + U+0301) in an id, a name or a comment; the composed one is accepted", () => {
    const { tenant } = setup();
    const byId = propsError(() => new InboundConnector(tenant, "Cafe\u0301", onPremises));
    expect(byId.problems.map((p) => p.prop)).toEqual(["(construct id)"]);
    expect(byId.message).toContain("not in Unicode normalization form C (NFC): at position 3, U+0065 U+0301 is written U+00E9 in NFC");
    expect(byId.message).toContain('text.normalize("NFC")');
    expect(propsError(() => new InboundConnector(tenant, "In", { ...onPremises, name: "Cafe\u0301" })).problems.map((p) => p.prop)).toEqual(["name"]);
    expect(propsError(() => new InboundConnector(tenant, "In2", { ...onPremises, comment: "re\u0301sume\u0301" })).problems.map((p) => p.prop)).toEqual(["comment"]);
    expect(new InboundConnector(tenant, "Caf\u00E9", { ...onPremises, comment: "r\u00E9sum\u00E9 \u{1F600}" }).connectorName).toBe("Caf\u00E9");
  });

  test("a tenant's or a certificate's construct id, and the tenant's display name", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    expect(propsError(() => new Tenant(stack, "Con\u200Btoso", { initialDomain: "contoso.onmicrosoft.com" })).problems[0].prop).toBe("(construct id)");
    expect(propsError(() => new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com", displayName: "Con\u00ADtoso" })).problems[0].prop).toBe("displayName");
    expect(propsError(() => new Certificate(stack, "Cert\u2060", { subject: "mail.contoso.com", issuer: "CN=CA" })).problems[0].prop).toBe("(construct id)");
  });
});

describe("ambiguousTextProblem (for readers of live data too)", () => {
  test("plain ASCII, composed letters and emoji pass; TAG characters and bidi marks are named", () => {
    expect(ambiguousTextProblem("FromOnPremises")).toBeUndefined();
    expect(ambiguousTextProblem("Z\u00FCrich \u4E2D \u{1F600}")).toBeUndefined();
    expect(ambiguousTextProblem("a\u{E0041}")).toMatch(/U\+E0041 \(a TAG character\) at position 1/);
    expect(ambiguousTextProblem("a\u200Eb")).toMatch(/U\+200E \(LEFT-TO-RIGHT MARK\) at position 1/);
    expect(ambiguousTextProblem("\u{1D400}A\u030A")).toMatch(/at position 2, U\+0041 U\+030A is written U\+00C5 in NFC/);
  });
});

describe("a connector name taken from the construct id gets the name checks", () => {
  test("81 characters with a trailing space, on inbound, outbound and send connectors", () => {
    const long = `${"A".repeat(80)} `;
    // A fresh tenant each: a construct that throws in its constructor stays a child of its scope.
    for (const declare of [
      () => new InboundConnector(setup().tenant, long, onPremises),
      () => new OutboundConnector(setup().tenant, long, { connectorType: "Partner", recipientDomains: ["fabrikam.com"] }),
      () => {
        const { stack, tenant } = setup();
        const organization = new OnPremisesOrganization(stack, "Exchange", {});
        const certificate = new Certificate(stack, "Cert", { subject: "mail.contoso.com", issuer: "CN=CA" });
        return new SendConnector(organization, long, { tenant, certificate });
      },
    ]) {
      const error = propsError(declare);
      expect(error.path.endsWith(`/${long}`)).toBe(true);
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0].prop).toBe("(construct id)");
      expect(error.problems[0].message).toContain("which is the construct id when no name prop is given: at most 64 characters; no leading or trailing spaces. Give a name prop");
    }
  });

  test("a valid name prop makes any valid construct id acceptable", () => {
    const { tenant } = setup();
    const long = "A".repeat(81);
    expect(new InboundConnector(tenant, long, { ...onPremises, name: "FromOnPremises" }).connectorName).toBe("FromOnPremises");
  });
});
