import { exchangeServerScript } from "../../../lib/artifacts/powershell/exchange-server-script";
import { managedMarker } from "../../../lib/artifacts/powershell/managed-marker";
import type { OnPremisesOrganizationModel } from "../../../lib/model/topology";
import { commandNames, occursOnlyInStringLiterals, parsePowerShell, stringLiterals } from "../../support/powershell-parser";
import { everyKindTopology, organization, sendConnector, topology } from "../../support/topology";
import {
  HOSTILE_MULTILINE_VALUES, HOSTILE_SINGLE_LINE_VALUES, analyseScript, callsOf, enclosingCondition, enclosingFunction,
  expectChangesGuardedByShouldProcess, settingsOf,
} from "./script-assertions";

function everyKindScript() {
  const t = everyKindTopology();
  return exchangeServerScript(t, t.organizations[0]);
}

/** An organization with one send connector whose every user-supplied text contains `v`. */
function organizationWith(v: string, comment = v): OnPremisesOrganizationModel {
  return organization(`app/stack/Org${v}`, {
    sendConnectors: [
      sendConnector({
        name: `send${v}`, path: `app/stack/Org/Send${v}`, tenantPath: "contoso", certificatePath: "cert", addressSpaces: [`a${v}`],
        smartHosts: [`h${v}`], sourceTransportServers: [`EX${v}`], fqdn: `f${v}`, tlsDomain: `t${v}`, tlsCertificateName: `<I>i${v}<S>s${v}`, comment,
      }),
    ],
  });
}

function scriptOf(org: OnPremisesOrganizationModel) {
  return exchangeServerScript(topology({ organizations: [org] }), org);
}

describe("exchangeServerScript", () => {
  it("names the file after the last segment of the organization's path, sanitized", () => {
    expect(everyKindScript().fileName).toBe("ems-datacenter.ps1");
    expect(scriptOf(organization("app/stack/Zürich DC #2")).fileName).toBe("ems-zurich-dc-2.ps1");
    expect(scriptOf(organization("app/stack/..")).fileName).toBe("ems-unnamed.ps1");
  });

  it("parses as PowerShell and matches the snapshot", async () => {
    const script = everyKindScript();
    await analyseScript(script.content);
    expect(script.content).toMatchSnapshot();
  });

  it("parses for an organization without send connectors", async () => {
    await analyseScript(scriptOf(organization("app/stack/Empty")).content);
  });

  it("takes -Object, -Remove and -ExchangeServer, and opens a Kerberos session only when a server is given", async () => {
    const script = await analyseScript(everyKindScript().content);
    expect(script.source).toContain("[CmdletBinding(SupportsShouldProcess = $true)]\nparam(");
    expect(script.source).toContain("[string] $ExchangeServer = $(if ($env:MAILFLOW_EXCHANGE_SERVER) { $env:MAILFLOW_EXCHANGE_SERVER } else { '' })");
    expect(script.source).toContain("\n$ErrorActionPreference = 'Stop'\nSet-StrictMode -Version 3\n");
    const [session] = callsOf(script, "New-PSSession");
    expect(Object.fromEntries(session.parameters)).toEqual({
      ConfigurationName: "Microsoft.Exchange", ConnectionUri: "('http://{0}/PowerShell/' -f $ExchangeServer)", Authentication: "Kerberos",
    });
    expect(enclosingCondition(session.node)).toBe("$ExchangeServer.Length -gt 0");
    expect(callsOf(script, "Import-PSSession")).toHaveLength(1);
    expect(callsOf(script, "Remove-PSSession")[0].parameters.get("Session")).toBe("$mailflowSession");
    expect(callsOf(script, "Connect-ExchangeOnline")).toEqual([]);
  });

  it("writes the send connector's settings, with -Usage Custom and TlsDomain only with DomainValidation", async () => {
    const script = await analyseScript(everyKindScript().content);
    const [created] = callsOf(script, "New-SendConnector");
    expect(created.node.text.trim()).toBe("New-SendConnector -Usage 'Custom' @mailflowCreate");
    expect(Object.fromEntries(settingsOf(script, "SendConnector")[0])).toEqual({
      Name: "'To Contoso EXO'", AddressSpaces: "@('*')", SmartHosts: "@('contoso-com.mail.protection.outlook.com')",
      DNSRoutingEnabled: "$false", RequireTLS: "$true", TlsAuthLevel: "'DomainValidation'", TlsDomain: "'mail.protection.outlook.com'",
      TlsCertificateName: "'<I>CN=Example Issuing CA, O=Example<S>CN=mail.contoso.com'", CloudServicesMailEnabled: "$true",
      Fqdn: "'mail.contoso.com'", SourceTransportServers: "@('EX01','EX02')", Enabled: "$true",
      Comment: `'${managedMarker("app/stack/Datacenter/ToContoso")}'`,
    });
    const [updated] = callsOf(script, "Set-SendConnector");
    expect(updated.parameters.get("Identity")).toBe("$mailflowTarget.Identity");
    expect(updated.parameters.has("Usage")).toBe(false);
    expectChangesGuardedByShouldProcess(script, /^(New|Set|Remove)-SendConnector$/);

    const certificateValidation = scriptOf(
      organization("app/stack/Org", {
        sendConnectors: [sendConnector({ name: "s", tenantPath: "t", certificatePath: "c", tlsAuthLevel: "CertificateValidation", tlsDomain: "ignored.example" })],
      }),
    );
    const analysed = await analyseScript(certificateValidation.content);
    for (const settings of settingsOf(analysed, "SendConnector")) {
      expect(settings.get("TlsAuthLevel")).toBe("'CertificateValidation'");
      expect(settings.has("TlsDomain")).toBe(false);
    }
  });

  it("leaves source transport servers and absent TLS settings out of New-, and keeps servers when none are declared", async () => {
    const bare = scriptOf(
      organization("app/stack/Org", {
        sendConnectors: [sendConnector({ name: "s", tenantPath: "t", certificatePath: "c", tlsAuthLevel: undefined, tlsDomain: undefined, tlsCertificateName: undefined })],
      }),
    );
    const script = await analyseScript(bare.content);
    // $null values are left out of New- (Get-MailflowCreateSettings) and cleared by Set-; servers are never cleared.
    const settings = settingsOf(script, "SendConnector")[0];
    for (const setting of ["SourceTransportServers", "TlsDomain"]) expect(settings.has(setting)).toBe(false);
    expect(settings.get("TlsAuthLevel")).toBe("$null");
    expect(settings.get("TlsCertificateName")).toBe("$null");
  });

  it("removes only the marked send connector, without prompting", async () => {
    const script = await analyseScript(everyKindScript().content);
    const [removal] = callsOf(script, "Remove-SendConnector");
    expect(removal.parameters.get("Confirm")).toBe("$false");
    expect(removal.parameters.get("Identity")).toBe("$managed[0].Identity");
    expect(enclosingFunction(removal.node)).toBe("Remove-MailflowConnector");
    expect(enclosingCondition(removal.node)).toMatch(/^\$PSCmdlet\.ShouldProcess\(/);
    const [declared] = callsOf(script, "Remove-MailflowConnector").filter((c) => enclosingFunction(c.node) === undefined && c.parameters.has("Name"));
    expect(Object.fromEntries(declared.parameters)).toEqual({ Kind: "'Send'", Path: "'app/stack/Datacenter/ToContoso'", Name: "'To Contoso EXO'" });
    expect(enclosingCondition(declared.node)).toBe("Test-MailflowObject 'app/stack/Datacenter/ToContoso'");
    expect(script.source).toContain("[ValidateSet('Send')] [string] $Kind,");
  });

  describe("escaping", () => {
    const baseline = organizationWith("plain");

    it.each(HOSTILE_SINGLE_LINE_VALUES)("keeps %j inside string literals", async (value) => {
      const script = scriptOf(organizationWith(value));
      expect(script.fileName).toMatch(/^ems-[a-z0-9-]+\.ps1$/);
      const analysed = await analyseScript(script.content);
      const expected = await analyseScript(scriptOf(baseline).content);
      expect(commandNames(analysed.tree)).toEqual(commandNames(expected.tree));
      expect(occursOnlyInStringLiterals(script.content, analysed.tree, value)).toBe(true);
    });

    it.each(HOSTILE_MULTILINE_VALUES)("keeps the multi-line comment %j inside one string literal", async (value) => {
      const script = scriptOf(organizationWith("plain", value));
      const analysed = await analyseScript(script.content);
      expect(commandNames(analysed.tree)).toEqual(commandNames((await analyseScript(scriptOf(baseline).content)).tree));
      const comment = stringLiterals(analysed.tree).find((l) => l.text === settingsOf(analysed, "SendConnector")[0].get("Comment"));
      expect(comment?.value).toBe(`${value}\n${managedMarker("app/stack/Org/Sendplain")}`);
    });

    it("starts with a byte order mark, without which Windows PowerShell 5.1 would read a UTF-8 byte as a closing quote", async () => {
      const script = scriptOf(organizationWith("\u0452"));
      expect(script.content.charCodeAt(0)).toBe(0xfeff);
      await analyseScript(script.content);
      // Without the mark, 5.1 decodes in the ANSI code page: U+0452 (D1 92) becomes "Ñ’", and ’ ends the literal.
      // Windows-1252 is Latin-1 but for 0x80–0x9F; only its single quotes matter here (Node's decoder treats it as Latin-1).
      const cp1252Quotes: Record<string, string> = { "\u0082": "\u201A", "\u0091": "\u2018", "\u0092": "\u2019" };
      const misread = Buffer.from(script.content.slice(1), "utf8").toString("latin1").replace(/[\u0082\u0091\u0092]/g, (c) => cp1252Quotes[c]);
      expect(misread).toContain("-Name 'send\u00D1\u2019'");
      const misreadTree = await parsePowerShell(misread);
      expect(() => stringLiterals(misreadTree)).toThrow(/early|unterminated/);
    });

    it("refuses a line break in a single-line setting, naming the path and the setting", () => {
      const org = organization("app/stack/Org", { sendConnectors: [sendConnector({ name: "s", tenantPath: "t", certificatePath: "c", fqdn: "mail.example.com\nWrite-Host" })] });
      expect(() => scriptOf(org)).toThrow(/Cannot write Fqdn of "org\/s" into a PowerShell script: the value contains the line break or tab U\+000A/);
    });
  });
});
