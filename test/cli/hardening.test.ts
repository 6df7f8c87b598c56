import * as fs from "fs";
import { escapeForDisplay } from "../../lib/model/text";
import { cli, examplePlans } from "./cli-harness";

const files = examplePlans();
const HEADER = "source_ip,certificate_names,mail_from,rcpt_to";
const GOOD = "198.51.100.10,smtp.fabrikam.com,user@fabrikam.com,someone@example.net";

describe("simulate: hardening", () => {
  test("a line longer than --max-line-length is a bad row; the others are simulated; exit 2", async () => {
    const messages = files.write("long.csv", [HEADER, GOOD, `${GOOD},${"x".repeat(5000)}`, GOOD, ""].join("\n"));
    const run = await cli(["simulate", "--plan", files.plan("multi-tenant"), "--messages", messages, "--max-line-length", "1000", "--summary-only"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${messages}:3: bad row skipped: the line has ${(GOOD.length + 5001).toLocaleString("en-US")} characters, more than the limit of 1,000 (--max-line-length)\n`);
    expect(run.stdout).toContain("4 lines read, 2 messages simulated, 1 bad row skipped");
  });

  test("a line longer than the default limit (1 MiB) is a bad row, not a RangeError", async () => {
    const messages = files.write("huge.jsonl", `${"{".repeat((1 << 20) + 10)}\n{"mailFrom": "a@fabrikam.com", "rcptTo": ["b@example.net"]}\n`);
    const run = await cli(["simulate", "--plan", files.plan("multi-tenant"), "--messages", messages, "--summary-only"]);
    expect([run.code, run.stderr]).toEqual([2, `${messages}:1: bad row skipped: the line has 1,048,586 characters, more than the limit of 1,048,576 (--max-line-length)\n`]);
  });

  test("control characters in echoed rows and file names are escaped", async () => {
    const messages = files.write("esc\u001b[31m.csv", [HEADER, "198.51.100.10,,user@fabrikam.com\u001b]0;owned\u0007,\u202Esomeone@example.net", ""].join("\n"));
    const run = await cli(["simulate", "--plan", files.plan("multi-tenant"), "--messages", messages, "--summary-only"]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202E]/);
    expect(run.stderr).toContain("esc\\u{1B}[31m.csv:2: bad row skipped");
    const missing = await cli(["simulate", "--plan", `${files.dir}/no\u001b[2Jplan.json`, "--messages", messages]);
    expect(missing.stderr).toContain("no\\u{1B}[2Jplan.json");
    expect(missing.stderr).not.toContain("\u001b");
  });

  test("a plan.json of the right shape with an address that is not one, or a dangling path: one line, no stack trace", async () => {
    const messages = files.write("one.csv", [HEADER, GOOD, ""].join("\n"));
    const plan = JSON.parse(fs.readFileSync(files.plan("hybrid"), "utf8"));
    plan.tenants[0].inboundConnectors[0].senderIpAddresses = ["not-an-ip"];
    const badAddress = await cli(["simulate", "--plan", files.write("bad-address.json", JSON.stringify(plan)), "--messages", messages]);
    expect(badAddress.code).toBe(1);
    expect(badAddress.stderr).toMatch(
      /^cdktf-mailflow: the plan .*bad-address\.json holds an invalid value at tenants\[0\]\.inboundConnectors\[0\]\.senderIpAddresses\[0\] \(hybrid\/Contoso\/FromOnPremises\): "not-an-ip" is not an IPv4 address or CIDR range: .*: pass the plan\.json that cdktf synth wrote, unedited\n$/,
    );
    const dangling = JSON.parse(fs.readFileSync(files.plan("hybrid"), "utf8"));
    dangling.organizations[0].sendConnectors[0].tenantPath = "nowhere/Tenant";
    dangling.organizations[0].sendConnectors[0].certificatePath = "nowhere/Certificate";
    const run = await cli(["simulate", "--plan", files.write("dangling.json", JSON.stringify(dangling)), "--messages", messages]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/holds an invalid value at organizations\[0\]\.sendConnectors\[0\]\.tenantPath \(hybrid\/ContosoExchange\/ToExchangeOnline\): "nowhere\/Tenant" is not the path of a tenant in the file \(and 1 more\)/);
    for (const stderr of [badAddress.stderr, run.stderr]) {
      expect(stderr.split("\n")).toHaveLength(2);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});

test("escapeForDisplay leaves text alone and escapes what a terminal acts on", () => {
  expect(escapeForDisplay("user@contoso.com \u00E9 \u4E2D \\ \u{1F600}")).toBe("user@contoso.com \u00E9 \u4E2D \\ \u{1F600}");
  expect(escapeForDisplay("a\u001b[31mb\r\n\t\u0085\u2028\u200B\u202E\uD800")).toBe("a\\u{1B}[31mb\\u{D}\\u{A}\\u{9}\\u{85}\\u{2028}\\u{200B}\\u{202E}\\u{D800}");
});
