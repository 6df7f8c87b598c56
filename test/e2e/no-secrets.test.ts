/**
 * No secret lands in cdktf.out: an app with connection settings is synthesized while the process environment
 * holds a certificate password, app secrets and other secret-looking values, and every file written is scanned
 * for them (as written, base64, hex and URL-encoded). The scripts take the password only from a parameter or
 * the MAILFLOW_CERTIFICATE_PASSWORD variable at run time, as a SecureString.
 */
import { App, TerraformStack } from "cdktf";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EXECUTOR_CONTEXT, InboundConnector, InvalidPropsError, OnPremisesOrganization, SYNTHESIS_DATE_CONTEXT, SendConnector, Certificate, Tenant } from "../../lib";
import { allNodes, parsePowerShell, stringLiterals } from "../support/powershell-parser";

const secret = (label: string) => `${label}-${randomBytes(12).toString("hex")}`;

/** Secret-looking environment variables a pipeline that runs cdktf synth may well have. */
const SECRETS: Record<string, string> = {
  MAILFLOW_CERTIFICATE_PASSWORD: secret("pfx-password"),
  MAILFLOW_APP_SECRET: secret("app-secret"),
  MAILFLOW_CLIENT_SECRET: secret("client-secret"),
  AZURE_CLIENT_SECRET: secret("azure-client-secret"),
  ARM_CLIENT_SECRET: secret("arm-client-secret"),
  EXCHANGE_ADMIN_PASSWORD: secret("exchange-admin"),
  TF_VAR_certificate_password: secret("tf-var"),
  GITHUB_TOKEN: `ghp_${randomBytes(18).toString("hex")}`,
};

/** Every file under `dir`, as raw bytes. */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(path.relative(dir, full), fs.readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

/** The forms a secret could take in a file. */
function encodings(value: string): string[] {
  return [value, Buffer.from(value).toString("base64"), Buffer.from(value).toString("hex"), encodeURIComponent(value), JSON.stringify(value).slice(1, -1)];
}

describe("no secret lands in cdktf.out", () => {
  let outdir: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-secrets-"));
    for (const [name, value] of Object.entries(SECRETS)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    try {
      for (const executor of ["null_resource", "terraform_data"] as const) {
        const app = new App({ outdir: path.join(outdir, executor), context: { [SYNTHESIS_DATE_CONTEXT]: "2026-11-22", [EXECUTOR_CONTEXT]: executor } });
        const stack = new TerraformStack(app, "secrets");
        const tenant = new Tenant(stack, "Contoso", {
          initialDomain: "contoso.onmicrosoft.com",
          connection: { appId: "6b1d3f0e-8c55-4c0f-9b6f-3f1d2c9a7e10", certificateFilePath: "/etc/mailflow/contoso.pfx", certificateThumbprint: "6F2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C" },
        });
        tenant.addAcceptedDomain("contoso.com");
        new InboundConnector(tenant, "FromOnPremises", { connectorType: "OnPremises", tlsSenderCertificateName: "mail.contoso.com" });
        const certificate = new Certificate(stack, "Cert", { subject: "CN=mail.contoso.com", issuer: "CN=Example CA" });
        new SendConnector(new OnPremisesOrganization(stack, "OnPrem", { transportServers: ["EX01"] }), "ToCloud", { tenant, certificate });
        app.synth();
      }
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("no file of the output holds any secret of the environment, in any encoding", () => {
    const written = files(outdir);
    expect([...written.keys()].filter((f) => f.endsWith(".ps1")).length).toBe(4);
    for (const [file, bytes] of written) {
      const text = bytes.toString("utf8");
      for (const [name, value] of Object.entries(SECRETS)) {
        for (const form of encodings(value)) expect({ file, name, leaked: text.includes(form) || bytes.includes(Buffer.from(form)) }).toEqual({ file, name, leaked: false });
      }
    }
  });

  test("the connection settings that are not secrets are written as parameter defaults", () => {
    const script = fs.readFileSync(path.join(outdir, "terraform_data", "stacks", "secrets", "mailflow", "scripts", "exo-contoso.ps1"), "utf8");
    expect(script).toContain("'6b1d3f0e-8c55-4c0f-9b6f-3f1d2c9a7e10'");
    expect(script).toContain("'/etc/mailflow/contoso.pfx'");
  });

  test("the script takes the certificate password only from -CertificatePassword or MAILFLOW_CERTIFICATE_PASSWORD, as a SecureString", async () => {
    const source = fs.readFileSync(path.join(outdir, "terraform_data", "stacks", "secrets", "mailflow", "scripts", "exo-contoso.ps1"), "utf8");
    const tree = await parsePowerShell(source);
    const parameter = allNodes(tree).find((n) => n.type === "script_parameter" && n.text.includes("$CertificatePassword"))!;
    expect(parameter.text).toBe(
      "[securestring] $CertificatePassword = $(if ($env:MAILFLOW_CERTIFICATE_PASSWORD) { ConvertTo-SecureString -String $env:MAILFLOW_CERTIFICATE_PASSWORD -AsPlainText -Force } else { $null })",
    );
    // The variable is read nowhere else; the parameter is only passed on to Connect-ExchangeOnline (by splatting).
    const variables = allNodes(tree).filter((n) => n.type === "variable").map((n) => n.text);
    expect(variables.filter((v) => /password/i.test(v))).toEqual([
      "$CertificatePassword", "$env:MAILFLOW_CERTIFICATE_PASSWORD", "$env:MAILFLOW_CERTIFICATE_PASSWORD",
      "$mailflowPassword", "$CertificatePassword", "$mailflowPassword", "$CertificatePassword", "@mailflowPassword",
    ]);
    expect(source).toContain("$mailflowPassword['CertificatePassword'] = $CertificatePassword");
    expect(source).toContain("-CertificateFilePath $CertificateFilePath @mailflowPassword -ShowBanner:$false");
    // No literal holds anything but the splatting key and messages.
    expect(stringLiterals(tree).map((l) => l.value ?? "").filter((v) => /password/i.test(v) && v !== "CertificatePassword" && !v.startsWith("No certificate: pass"))).toEqual([]);
  });

  test("the provisioners pass no secret: their environment names the object, the action and the digest", () => {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "null_resource", "stacks", "secrets", "cdk.tf.json"), "utf8"));
    for (const resource of Object.values<{ provisioner?: { "local-exec": { environment: Record<string, string> } }[] }>(json.resource.null_resource)) {
      for (const p of resource.provisioner ?? []) {
        expect(Object.keys(p["local-exec"].environment).every((k) => /^MAILFLOW_(OBJECT|ACTION|DIGEST|SPOOFED_USER|SENDING_INFRASTRUCTURE|SPOOF_TYPE|JOURNAL|RECORD_OBJECTS|RECORD_SPOOF_PAIRS)$/.test(k))).toBe(true);
      }
    }
  });

  test("the props have no place for a password: one given anyway is refused, naming the prop", () => {
    const stack = new TerraformStack(new App(), "s");
    let error: unknown;
    try {
      new Tenant(stack, "T", { initialDomain: "t.onmicrosoft.com", connection: { certificatePassword: "hunter2" } as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidPropsError);
    expect((error as InvalidPropsError).problems.map((p) => p.prop)).toEqual(["connection.certificatePassword"]);
  });
});
