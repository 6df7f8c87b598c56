import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { exchangeOnlineExportScript, exchangeServerExportScript } from "../../../lib/artifacts/powershell";
import { readLiveEstate } from "../../../lib/live";
import { commandNames, parsePowerShell, syntaxProblems } from "../../support/powershell-parser";
import { findPwsh, runPwsh } from "../../support/pwsh";

const SCRIPTS = [exchangeOnlineExportScript(), exchangeServerExportScript()];

/** Verbs of cmdlets that change something. */
const CHANGING = /^(New|Set|Remove|Add|Enable|Disable|Clear|Update|Install|Uninstall|Start|Stop|Restart|Register|Unregister|Export|Move|Rename|Reset|Grant|Revoke|Suspend|Resume|Send|Invoke|Mount|Dismount|Complete|Approve|Deny|Unblock|Block|Redo|Undo|Sync|Publish|Unpublish|Edit|Lock|Unlock|Push|Pop|Merge|Copy|Restore|Backup|Save|Submit|Request|Repair|Initialize|Optimize|Protect|Unprotect|Confirm|Import)-/i;
/** The only other commands they may call: the session's own (connecting changes nothing in Exchange), and plumbing. */
const SESSION_AND_PLUMBING = new Set([
  "Connect-ExchangeOnline", "Disconnect-ExchangeOnline", "New-PSSession", "Import-PSSession", "Remove-PSSession",
  "ConvertTo-Json", "ConvertTo-SecureString", "Where-Object", "ForEach-Object", "Write-Host", "Out-Null", "Write-MailflowExport",
]);

function offending(names: readonly string[]): string[] {
  return [...new Set(names)].filter((name) => !/^Get-/i.test(name) && !SESSION_AND_PLUMBING.has(name)).sort();
}

describe.each(SCRIPTS.map((s) => [s.fileName, s] as const))("%s", (_name, script) => {
  test("parses without error (tree-sitter) and calls no changing cmdlet: only Get- and the session's own", async () => {
    const tree = await parsePowerShell(script.content);
    expect(syntaxProblems(tree)).toEqual([]);
    const names = commandNames(tree);
    expect(names.filter((n) => /^Get-/.test(n)).length).toBeGreaterThan(3);
    expect(offending(names)).toEqual([]);
    // Of the allowed commands, only session cmdlets have a changing verb.
    expect([...new Set(names.filter((n) => CHANGING.test(n)))].sort()).toEqual(script.fileName.includes("server") ? ["Import-PSSession", "New-PSSession", "Remove-PSSession"] : []);
  });

  test("a changing cmdlet slipped into it would be caught", async () => {
    const tampered = script.content.replace("Write-Host (", "Set-InboundConnector -Identity x\nWrite-Host (");
    expect(offending(commandNames(await parsePowerShell(tampered)))).toContain("Set-InboundConnector");
  });

  test("writes no secret and no fixed tenant: credentials are parameters or MAILFLOW_* variables", () => {
    expect(script.content).toContain("$env:MAILFLOW_");
    expect(script.content).not.toMatch(/onmicrosoft\.com'/);
  });
});

const pwsh = findPwsh();
const withPwsh = pwsh !== undefined ? test : test.skip;
if (pwsh === undefined) console.warn("PowerShell (pwsh) not found: the pwsh parser and run tests of the export scripts are skipped");

describe("with PowerShell's own parser and runtime", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-export-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const script of SCRIPTS) fs.writeFileSync(path.join(dir, script.fileName), script.content, "utf8");

  withPwsh("[Parser]::ParseFile finds no error and the same read-only commands", () => {
    const out = runPwsh(pwsh!, [
      "$result = @{}",
      `foreach ($file in (Get-ChildItem -LiteralPath '${dir}' -Filter *.ps1)) {`,
      "  $tokens = $null; $errors = $null",
      "  $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref] $tokens, [ref] $errors)",
      "  $commands = @($ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() } | Where-Object { $_ })",
      "  $result[$file.Name] = @{ errors = @($errors | ForEach-Object { $_.Message }); commands = $commands }",
      "}",
      "ConvertTo-Json -InputObject $result -Depth 4",
    ].join("\n"));
    const result = JSON.parse(out) as Record<string, { errors: string[]; commands: string[] }>;
    expect(Object.keys(result).sort()).toEqual(SCRIPTS.map((s) => s.fileName).sort());
    for (const [, { errors, commands }] of Object.entries(result)) {
      expect(errors).toEqual([]);
      expect(commands.length).toBeGreaterThan(5);
      expect(offending(commands)).toEqual([]);
    }
  }, 60_000);

  withPwsh("run against stand-in cmdlets, the scripts write files the readers turn into the expected tenant and organization", () => {
    const der = fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "live", "mc1226222-two-tenants", "hoster-relay", "Get-ExchangeCertificate.json"), "utf8");
    const rawData = (JSON.parse(der) as { RawData: string }[])[0].RawData;
    const estate = path.join(dir, "estate");
    // The stand-ins return what Exchange returns (enums as enum-like objects whose ToString is the name); the #Requires
    // line is dropped because the ExchangeOnlineManagement module is not installed here.
    runPwsh(pwsh!, [
      "enum AcceptedDomainType { Authoritative = 0; ExternalRelay = 1; InternalRelay = 2 }",
      "function Get-ConnectionInformation { [pscustomobject] @{ State = 'Connected' } }",
      "function Get-AcceptedDomain { @([pscustomobject] @{ Name = 'adatum.onmicrosoft.com'; DomainName = 'adatum.onmicrosoft.com'; DomainType = [AcceptedDomainType]::Authoritative; Default = $false; InitialDomain = $true; MatchSubDomains = $false; OutboundOnly = $false }, [pscustomobject] @{ Name = 'adatum.com'; DomainName = 'Adatum.com'; DomainType = 'Authoritative'; Default = $true; InitialDomain = $false; MatchSubDomains = $false; OutboundOnly = $false }) }",
      "function Get-InboundConnector { [pscustomobject] @{ Name = 'From relay'; ConnectorType = 'OnPremises'; ConnectorSource = 'AdminUI'; Enabled = $true; SenderDomains = @('smtp:*;1'); SenderIPAddresses = @('198.51.100.25'); TlsSenderCertificateName = $null; CloudServicesMailEnabled = $false; TreatMessagesAsInternal = $false; RequireTls = $true; RestrictDomainsToCertificate = $false; RestrictDomainsToIPAddresses = $false; AssociatedAcceptedDomains = @(); Comment = \"Relay`n[managed-by:cdktf-mailflow path=prod/Adatum/FromRelay]\" } }",
      "function Get-OutboundConnector { }",
      "function Get-TenantAllowBlockListSpoofItems { }",
      "function Get-OrganizationConfig { [pscustomobject] @{ Name = 'Hoster relay'; RejectDirectSend = $true } }",
      "function Get-SendConnector { [pscustomobject] @{ Name = 'To Adatum'; AddressSpaces = @('SMTP:*;1'); SmartHosts = @('adatum-com.mail.protection.outlook.com'); DNSRoutingEnabled = $false; RequireTLS = $true; TlsAuthLevel = 'CertificateValidation'; TlsDomain = $null; TlsCertificateName = '<I>CN=Contoso Test Issuing CA, O=Contoso Ltd, C=US<S>CN=smtp.hoster.example.net, O=Example Hoster, C=US'; CloudServicesMailEnabled = $true; Fqdn = 'smtp.hoster.example.net'; SourceTransportServers = @('RELAY01'); IsScopedConnector = $false; Enabled = $true; Comment = $null } }",
      "function Get-ExchangeServer { [pscustomobject] @{ Name = 'RELAY01'; Fqdn = 'relay01.hoster.example.net'; Site = 'hoster.example.net/Configuration/Sites/Default'; ServerRole = 'Mailbox' } }",
      "function Get-Mailbox { param([string] $ResultSize) if ($ResultSize -ne 'Unlimited') { throw 'expected -ResultSize Unlimited' }; @([pscustomobject] @{ Name = 'Anna'; PrimarySmtpAddress = 'Anna.Lee@Adatum.com'; ServerName = 'RELAY01' }, [pscustomobject] @{ Name = 'Bob'; PrimarySmtpAddress = 'bob@adatum.com'; ServerName = 'RELAY01' }, [pscustomobject] @{ Name = 'Ops'; PrimarySmtpAddress = 'ops@hoster.example.net'; ServerName = 'RELAY01' }) }",
      `function Get-ExchangeCertificate { param([string] $Server) $raw = [System.Convert]::FromBase64String('${rawData}'); [pscustomobject] @{ Thumbprint = 'X'; Subject = 's'; Issuer = 'i'; NotAfter = [datetime]::new(2031, 1, 10); CertificateDomains = @(); Services = 'SMTP'; RawData = $raw } }`,
      `$online = (Get-Content -Raw -LiteralPath '${path.join(dir, "export-exchange-online.ps1")}') -replace '(?m)^.?#Requires.*$', ''`,
      "& ([scriptblock]::Create($online)) -Organization 'adatum.onmicrosoft.com' -AppId 'x' -CertificateFilePath 'x' -OutputFolder " + `'${path.join(estate, "adatum")}'`,
      `& '${path.join(dir, "export-exchange-server.ps1")}' -OutputFolder '${path.join(estate, "hoster")}'`,
    ].join("\n"));
    const read = readLiveEstate([estate]);
    expect(read.problems).toEqual([]);
    expect(read.topology.tenants.map((t) => [t.initialDomain, t.acceptedDomains.map((d) => d.domainName), t.rejectDirectSend])).toEqual([
      ["adatum.onmicrosoft.com", ["adatum.com", "adatum.onmicrosoft.com"], true],
    ]);
    const [inbound] = read.topology.tenants[0].inboundConnectors;
    expect(inbound).toMatchObject({ name: "From relay", senderIpAddresses: ["198.51.100.25/32"], senderDomains: ["*"], requireTls: true, comment: "Relay" });
    expect(read.markers.get(inbound.path)).toEqual(["prod/Adatum/FromRelay"]);
    expect(read.topology.organizations.map((o) => [o.path, o.transportServers, o.sendConnectors.map((c) => [c.name, c.tenantPath, c.tlsAuthLevel])])).toEqual([
      ["live/Hoster relay", ["RELAY01"], [["To Adatum", "live/adatum", "CertificateValidation"]]],
    ]);
    expect(read.topology.certificates.map((c) => [c.dnsNames, c.notAfter])).toEqual([[["smtp.hoster.example.net"], "2031-01-10"]]);
    // The mailbox placement summary: counts per server and primary SMTP domain, no address or name of a user.
    const placement = fs.readFileSync(path.join(estate, "hoster", "MailboxPlacement.json"), "utf8");
    expect(JSON.parse(placement)).toEqual([
      { ServerName: "RELAY01", PrimarySmtpDomain: "adatum.com", Mailboxes: 2 },
      { ServerName: "RELAY01", PrimarySmtpDomain: "hoster.example.net", Mailboxes: 1 },
    ]);
    expect(placement).not.toMatch(/anna|bob|ops@/i);
    expect(read.topology.organizations[0].userMailboxes).toEqual([{ tenantPath: "live/adatum", servers: ["RELAY01"] }]);
  }, 120_000);
});
