import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Testing } from "cdktf";
import { SYNTHESIS_DATE_CONTEXT, checkTopology } from "../lib";
import { misconfiguredExample } from "../examples/misconfigured/main";
import { TEST_DATE, testApp } from "./support/examples";

/** Exactly the errors the MC1226222 anti-patterns of the example must raise: [path, rule id]. */
const EXPECTED_ERRORS = [
  ["misconfigured/Adatum/ByIp", "sender-ip-shared-across-tenants"],
  ["misconfigured/Adatum/FromHoster", "certificate-domain-not-accepted"],
  // Two * send connectors with the same sources: routing picks "To Adatum" (the lower name) for everyone (domain.md 4a).
  ["misconfigured/HostingExchange/ToLitware", "send-connector-never-selected"],
  ["misconfigured/HostingExchange/ToLitware", "send-connector-shared-across-tenants"],
  ["misconfigured/HostingExchange/ToLitware", "send-connector-tls"],
  ["misconfigured/LegacyRelay/ToProseware", "relay-requires-certificate"],
  ["misconfigured/Litware/ByIp", "sender-ip-shared-across-tenants"],
  ["misconfigured/SharedCertificate", "certificate-shared-across-tenants"],
];

describe("examples/misconfigured", () => {
  test("raises exactly the expected errors, and IP-only connectors as warnings", () => {
    const findings = checkTopology(misconfiguredExample(testApp()));
    expect(findings.filter((f) => f.severity === "error").map((f) => [f.path, f.ruleId])).toEqual(EXPECTED_ERRORS);
    expect(findings.filter((f) => f.severity === "warning").map((f) => [f.path, f.ruleId])).toEqual([
      ["misconfigured/Adatum/ByIp", "ip-based-connector"],
      ["misconfigured/Litware/ByIp", "ip-based-connector"],
      ["misconfigured/Proseware/ByIp", "ip-based-connector"],
    ]);
  });

  test("Testing.synth with validations fails with one [path] rule-id: line per error", () => {
    const stack = misconfiguredExample(testApp());
    let message = "";
    try {
      Testing.synth(stack, true);
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split("\n").map((l) => l.trim()).filter((l) => /^\[.+\] [a-z-]+: /.test(l));
    const reported = lines.map((l) => /^\[(.+?)\] ([a-z-]+):/.exec(l)!.slice(1, 3)).sort((a, b) => (a.join(" ") < b.join(" ") ? -1 : 1));
    expect(reported).toEqual(EXPECTED_ERRORS);
  });

  test("app.synth() refuses to write the stack", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-misconfigured-"));
    const app = new App({ outdir, context: { [SYNTHESIS_DATE_CONTEXT]: TEST_DATE } });
    misconfiguredExample(app);
    expect(() => app.synth()).toThrow(/\[misconfigured\/Adatum\/FromHoster\] certificate-domain-not-accepted: /);
    expect(fs.existsSync(path.join(outdir, "stacks", "misconfigured", "cdk.tf.json"))).toBe(false);
  });
});
