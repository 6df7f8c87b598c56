import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Testing } from "cdktf";
import { NO_SCRIPTS_FILE, SYNTHESIS_DATE_CONTEXT, checkTopology, suppress } from "../lib";
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
  test("raises exactly the expected errors, and IP-only connectors and host names accepted only through their parent as warnings", () => {
    const findings = checkTopology(misconfiguredExample(testApp()));
    expect(findings.filter((f) => f.severity === "error").map((f) => [f.path, f.ruleId])).toEqual(EXPECTED_ERRORS);
    expect(findings.filter((f) => f.severity === "warning").map((f) => [f.path, f.ruleId])).toEqual([
      ["misconfigured/Adatum/ByCertificate", "certificate-host-name-not-accepted"],
      ["misconfigured/Adatum/ByIp", "ip-based-connector"],
      ["misconfigured/Litware/ByCertificate", "certificate-host-name-not-accepted"],
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

  test("app.synth() with skipValidation writes no scripts: the errors are printed and mailflow/NO-SCRIPTS.md says why", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-misconfigured-"));
    try {
      // A script left by an earlier synthesis of a valid version must not stay beside the new cdk.tf.json either.
      const mailflow = path.join(outdir, "stacks", "misconfigured", "mailflow");
      fs.mkdirSync(path.join(mailflow, "scripts"), { recursive: true });
      fs.writeFileSync(path.join(mailflow, "scripts", "exo-adatum.ps1"), "# from an earlier synthesis");
      const app = new App({ outdir, skipValidation: true, context: { [SYNTHESIS_DATE_CONTEXT]: TEST_DATE } });
      misconfiguredExample(app);
      const stderr = jest.spyOn(console, "error").mockImplementation(() => undefined);
      let printed = "";
      try {
        app.synth();
      } finally {
        printed = stderr.mock.calls.map((args) => args.map(String).join(" ")).join("\n");
        stderr.mockRestore();
      }
      expect(fs.existsSync(path.join(outdir, "stacks", "misconfigured", "cdk.tf.json"))).toBe(true);
      expect(fs.readdirSync(mailflow).sort()).toEqual([NO_SCRIPTS_FILE, "plan.json", "plan.md", "plan.schema.json"]);
      const why = fs.readFileSync(path.join(mailflow, NO_SCRIPTS_FILE), "utf8");
      expect(printed).toContain(`no deployment scripts written for stack "misconfigured" (its mailflow/${NO_SCRIPTS_FILE} says why)`);
      expect(why).toContain("synthesis ran without validation (cdktf's `skipValidation`)");
      for (const [where, rule] of EXPECTED_ERRORS) {
        expect(why).toContain(`- [${where}] ${rule}: `);
        expect(printed).toContain(`  [${where}] ${rule}: `);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("a suppressed error does not hold the scripts back", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-misconfigured-"));
    try {
      const app = new App({ outdir, skipValidation: true, context: { [SYNTHESIS_DATE_CONTEXT]: TEST_DATE } });
      const stack = misconfiguredExample(app);
      for (const rule of new Set(EXPECTED_ERRORS.map(([, ruleId]) => ruleId))) suppress(stack, rule, "accepted for this test of suppressed errors");
      app.synth();
      const mailflow = path.join(outdir, "stacks", "misconfigured", "mailflow");
      expect(fs.existsSync(path.join(mailflow, NO_SCRIPTS_FILE))).toBe(false);
      expect(fs.readdirSync(path.join(mailflow, "scripts")).length).toBeGreaterThan(0);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
