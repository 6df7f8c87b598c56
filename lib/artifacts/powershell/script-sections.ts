/**
 * Sections shared by the Exchange Online and Exchange Management Shell scripts: the object selection,
 * the ownership checks, the refusal bookkeeping, and the checked way user values become literals.
 *
 * Everything here is fixed text except what passes through {@link checkedLiteral}, {@link checkedArray}
 * or {@link psLiteral}; no user text is ever placed in a comment or a double-quoted string.
 */
import { psArray, psLiteral, unsafeCharacterProblem } from "./literal";
import { MANAGED_MARKER_PREFIX, MANAGED_MARKER_SUFFIX, commentWithMarker } from "./managed-marker";

/**
 * The byte order mark every script starts with. Windows PowerShell 5.1 (the Exchange Management
 * Shell) reads a file without one in the system's ANSI code page; in Windows-1252 the UTF-8
 * continuation bytes 0x82/0x91/0x92 decode to the quotes ‚ ‘ ’, so a value such as `ђ` (D1 92)
 * would end a literal early. With the mark, 5.1 and PowerShell 7 both read UTF-8. Write the file
 * as UTF-8 with the content unchanged: `String.prototype.trim` would remove the mark.
 */
export const SCRIPT_BYTE_ORDER_MARK = "\uFEFF";

/** A generated script: its file name and its full text. */
export interface GeneratedScript {
  /** File name: `[a-z0-9-]` and the `.ps1` extension, never a path. */
  readonly fileName: string;
  /**
   * The script, starting with a UTF-8 byte order mark (U+FEFF) that Windows PowerShell 5.1 needs to
   * read it as UTF-8: write it as UTF-8, unchanged.
   */
  readonly content: string;
}

/** Where a value goes, for the error thrown when it cannot be written. */
export interface ValueContext {
  /** Construct path of the object the value belongs to. */
  readonly path: string;
  /** Name of the setting, e.g. `Name` or `Comment`. */
  readonly setting: string;
  /** Whether the setting may span lines (a comment). @default false */
  readonly multiline?: boolean;
}

/**
 * The PowerShell literal of a user value, after checking it with {@link unsafeCharacterProblem};
 * throws an error naming the construct path and the setting when the value cannot be written safely.
 */
export function checkedLiteral(value: string, context: ValueContext): string {
  const problem = unsafeCharacterProblem(value, { multiline: context.multiline ?? false });
  if (problem !== undefined) {
    throw new Error(`Cannot write ${context.setting} of ${JSON.stringify(context.path)} into a PowerShell script: the value ${problem}.`);
  }
  return psLiteral(value);
}

/** {@link checkedLiteral} for every element of a list, as a PowerShell array. */
export function checkedArray(values: readonly string[], context: ValueContext): string {
  values.forEach((value) => checkedLiteral(value, context));
  return psArray(values);
}

/** The literal of a construct path: a single-line value like any setting. */
export function pathLiteral(path: string): string {
  return checkedLiteral(path, { path, setting: "the construct path" });
}

/** A script's full text: the byte order mark, then the lines joined with `\n` and a final newline. */
export function renderScript(lines: readonly string[]): string {
  return `${SCRIPT_BYTE_ORDER_MARK}${lines.join("\n")}\n`;
}

/** Indents non-empty lines by four spaces per level. */
export function indent(lines: readonly string[], depth = 1): string[] {
  return pushIndented([], lines, "    ".repeat(depth));
}

/**
 * Appends `lines` to `out`, non-empty ones after `pad`, and returns `out`. Plain loops: every object's statements are
 * re-indented at each level they are nested in, and a stack of thousands of tenants renders millions of lines.
 */
function pushIndented(out: string[], lines: readonly string[], pad = "    "): string[] {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    out.push(line === "" ? line : pad + line);
  }
  return out;
}

/**
 * A cmdlet call with one argument per line (backtick continuation), so a changed setting is a
 * one-line diff; `pipeTo` is appended to the last line, e.g. `| Out-Null`.
 */
export function commandLines(name: string, args: readonly (string | undefined)[], pipeTo?: string): string[] {
  const present = args.filter((arg): arg is string => arg !== undefined);
  const tail = pipeTo === undefined ? "" : ` ${pipeTo}`;
  if (present.length === 0) return [`${name}${tail}`];
  return [`${name} \``, ...present.map((arg, i) => `    ${arg}${i === present.length - 1 ? tail : " `"}`)];
}

/** `if (<condition>) {` … `}` around indented lines. */
export function ifBlock(condition: string, body: readonly string[]): string[] {
  return conditional([[condition, body]]);
}

/** An `if` / `} elseif (…) {` / `} else {` chain, each keyword on the line of the closing brace. */
export function conditional(branches: readonly (readonly [string, readonly string[]])[], otherwise?: readonly string[]): string[] {
  const lines: string[] = [];
  branches.forEach(([condition, body], i) => {
    lines.push(`${i === 0 ? "if" : "} elseif"} (${condition}) {`);
    pushIndented(lines, body);
  });
  if (otherwise !== undefined) {
    lines.push("} else {");
    pushIndented(lines, otherwise);
  }
  lines.push("}");
  return lines;
}

/** The `$Object` and `$Remove` parameter declarations that open both scripts' param blocks (more parameters follow). */
export const OBJECT_PARAMETER = [
  "# Construct paths of the objects to act on; default: the lines of MAILFLOW_OBJECT, else every object.",
  "[string[]] $Object = $(if ($env:MAILFLOW_OBJECT) { @($env:MAILFLOW_OBJECT -split '\\r?\\n' | Where-Object { -not [string]::IsNullOrEmpty($_) }) } else { @() }),",
  "# Remove the objects instead of applying them; also when MAILFLOW_ACTION is 'remove'.",
  "[switch] $Remove,",
] as const;

/** Comment-based help of the `-Object` and `-Remove` parameters (fixed text). */
export const OBJECT_PARAMETER_HELP = [
  ".PARAMETER Object",
  "Construct paths of the objects to act on. Default: the lines of the MAILFLOW_OBJECT environment",
  "variable when it is set, else every object of this script. With -Remove, a path this script no",
  "longer declares removes the connector that carries its marker.",
  "",
  ".PARAMETER Remove",
  "Remove the objects instead of creating or updating them, in reverse order; also when the",
  "MAILFLOW_ACTION environment variable is 'remove'.",
] as const;

/** Comment-based help paragraph on replacement safety, shared by both scripts (fixed text). */
export const REPLACEMENT_HELP = [
  "Terraform replaces an object's resource when one of its settings changes, and the destroy step",
  "runs this script with MAILFLOW_ACTION=remove and MAILFLOW_DIGEST, the digest of the settings the",
  "old resource was created with. When the object is still declared here with other settings (another",
  "digest), it is not removed: applying the new resource updates it in place, without an outage.",
  "A 'terraform destroy' run after changing a setting but before applying it therefore leaves that",
  "object in place and says so; remove it with -Remove -Object <construct path>.",
] as const;

/** Comment-based help paragraph on the per-script deployment, shared by both scripts (fixed text). */
export const DEPLOYMENT_HELP = [
  "With the per-script deployment (the default), one Terraform resource runs this whole script with",
  "MAILFLOW_ACTION=deploy whenever anything it declares changes: every object is applied (unchanged",
  "ones are only read), then the objects the journal (MAILFLOW_JOURNAL) recorded and this script no",
  "longer declares are removed, marked connectors and recorded spoof entries only. Before that, the",
  "resource's destroy step runs it with MAILFLOW_ACTION=record, which adds what the old resource",
  "deployed to the journal and connects to nothing. 'terraform destroy' runs it once with",
  "MAILFLOW_ACTION=remove.",
] as const;

/** Comment-based help paragraph on ownership and -WhatIf, shared by both scripts (fixed text). */
export const OWNERSHIP_HELP = [
  "Idempotent: each object is read, then created or updated. Run with -WhatIf for a dry run.",
  "",
  "Every connector this script creates carries a marker line in its Comment:",
  `${MANAGED_MARKER_PREFIX}<construct path>${MANAGED_MARKER_SUFFIX}`,
  "A connector is updated or removed only when it carries the marker of its object. One that exists",
  "under the declared name without the marker is left unchanged: the script warns and, when applying,",
  "fails at the end. To let this script manage such a connector, add the marker line to its Comment;",
  "otherwise rename one of the two.",
] as const;

/**
 * Statements after the param block: strict settings, the declared paths, and the object selection.
 * In apply mode a selected path this script does not declare stops the script before it connects.
 */
export function selectionLines(declaredPaths: readonly string[], declarationDigest: string): string[] {
  const declared =
    declaredPaths.length === 0
      ? ["$MailflowDeclared = @()"]
      : ["$MailflowDeclared = @(", ...indent(declaredPaths.map((p, i) => pathLiteral(p) + (i < declaredPaths.length - 1 ? "," : ""))), ")"];
  return [
    "$ErrorActionPreference = 'Stop'",
    "Set-StrictMode -Version 3",
    "",
    "# Construct paths of the objects this script declares, in creation order.",
    ...declared,
    "# The digest of everything this script declares (paths and settings), which the per-script deployment passes back.",
    `$MailflowDeclarationDigest = ${digestLiteral(declarationDigest)}`,
    "# MAILFLOW_ACTION: apply (default), remove, deploy (apply, then remove what the journal recorded and is no longer",
    "# declared) or record (add MAILFLOW_RECORD_OBJECTS and MAILFLOW_RECORD_SPOOF_PAIRS to the journal, without connecting).",
    "$MailflowAction = ([string] $env:MAILFLOW_ACTION).ToLowerInvariant()",
    ...ifBlock("-not [System.Collections.Generic.HashSet[string]]::new([string[]] @('', 'apply', 'remove', 'deploy', 'record'), [System.StringComparer]::Ordinal).Contains($MailflowAction)", [
      "throw ('MAILFLOW_ACTION is ''{0}'': expected apply, remove, deploy or record.' -f $env:MAILFLOW_ACTION)",
    ]),
    "$MailflowRemoving = $Remove.IsPresent -or [string]::Equals($MailflowAction, 'remove', [System.StringComparison]::Ordinal)",
    "$MailflowDeploying = (-not $MailflowRemoving) -and [string]::Equals($MailflowAction, 'deploy', [System.StringComparison]::Ordinal)",
    "$MailflowRecording = (-not $MailflowRemoving) -and [string]::Equals($MailflowAction, 'record', [System.StringComparison]::Ordinal)",
    "# The journal file of the per-script deployment (relative to the working folder), or none.",
    "$MailflowJournal = [string] $env:MAILFLOW_JOURNAL",
    "# Settings digest the Terraform resource passes: when removing, that of the settings it was created with.",
    "$MailflowResourceDigest = [string] $env:MAILFLOW_DIGEST",
    "$MailflowSelected = @($Object | Where-Object { -not [string]::IsNullOrEmpty($_) })",
    "# Paths and markers are compared ordinally: PowerShell's operators (-eq, -ceq, -contains) compare by culture, and under ICU",
    "# they ignore characters such as U+00AD and U+200B, so two different paths could select the same object.",
    "$MailflowDeclaredSet = [System.Collections.Generic.HashSet[string]]::new([string[]] $MailflowDeclared, [System.StringComparer]::Ordinal)",
    "$MailflowSelectedSet = [System.Collections.Generic.HashSet[string]]::new([string[]] $MailflowSelected, [System.StringComparer]::Ordinal)",
    "$MailflowUndeclared = @($MailflowSelected | Where-Object { -not $MailflowDeclaredSet.Contains($_) })",
    "$script:MailflowRefusals = @()",
    ...ifBlock("$MailflowUndeclared.Count -gt 0 -and -not $MailflowRemoving", [
      "throw ('This script declares no object at: {0}. Synthesize again, or check the paths given in -Object or MAILFLOW_OBJECT.' -f ($MailflowUndeclared -join ', '))",
    ]),
  ];
}

/** A connector kind handled by the shared removal function. */
export interface ConnectorKind {
  /** Value of `-Kind`, e.g. `Inbound`. */
  readonly kind: string;
  /** Words used in messages, e.g. `Inbound connector`. */
  readonly label: string;
  /** The cmdlet that lists every connector of the kind. */
  readonly getCommand: string;
  /** The cmdlet that removes one. */
  readonly removeCommand: string;
}

/**
 * Functions defined in both scripts: object selection, the ownership marker test, refusal
 * bookkeeping, the create-or-update decision, and marker-checked removal of connectors.
 */
export function sharedFunctionLines(kinds: readonly ConnectorKind[]): string[] {
  const kindSet = kinds.map((k) => psLiteral(k.kind)).join(", ");
  const listBranches = kinds.flatMap((k) => [`${psLiteral(k.kind)} { ${k.getCommand} }`]);
  const removeBranches = kinds.flatMap((k) => [
    `${psLiteral(k.kind)} { ${k.removeCommand} -Identity $managed[0].Identity -Confirm:$false }`,
  ]);
  const labelBranches = kinds.flatMap((k) => [`${psLiteral(k.kind)} { ${psLiteral(k.label)} }`]);
  return [
    "# True when the object at this construct path is selected by -Object (every object when none is given).",
    "function Test-MailflowObject {",
    ...indent([
      "param([Parameter(Mandatory = $true)] [string] $Path)",
      "return ($MailflowSelected.Count -eq 0) -or $MailflowSelectedSet.Contains($Path)",
    ]),
    "}",
    "",
    "# Whether the Terraform resource passed, for this one object, a settings digest other than $Digest.",
    "function Test-MailflowOtherDigest {",
    ...indent([
      "param([Parameter(Mandatory = $true)] [string] $Digest)",
      "return (-not [string]::IsNullOrEmpty($MailflowResourceDigest)) -and ($MailflowSelected.Count -eq 1) -and (-not [string]::Equals($MailflowResourceDigest, $Digest, [System.StringComparison]::Ordinal))",
    ]),
    "}",
    "",
    "# Whether removing an object is Terraform replacing its resource for newer settings: the resource passed,",
    "# for this one object, the digest of the settings it was created with, and the declared digest differs.",
    "function Test-MailflowReplacement {",
    ...indent([
      "param([Parameter(Mandatory = $true)] [string] $Digest)",
      "return (Test-MailflowOtherDigest -Digest $Digest)",
    ]),
    "}",
    "",
    "# Says why an object whose resource is being replaced is left in place.",
    "function Write-MailflowReplacementNotice {",
    ...indent([
      "param([Parameter(Mandatory = $true)] [string] $Path, [Parameter(Mandatory = $true)] [string] $Digest)",
      "Write-Host ('{0} is not removed: its settings changed (digest {1}, declared now {2}), so Terraform is replacing its resource, and applying the new resource updates the object in place. To remove it anyway, run this script with -Remove -Object <construct path>.' -f $Path, $MailflowResourceDigest, $Digest)",
    ]),
    "}",
    "",
    "# Stops when the Terraform resource applies other settings than this script declares: the two come from different syntheses.",
    "function Assert-MailflowDigest {",
    ...indent([
      "param([Parameter(Mandatory = $true)] [string] $Path, [Parameter(Mandatory = $true)] [string] $Digest)",
      ...ifBlock("Test-MailflowOtherDigest -Digest $Digest", [
        "throw ('{0}: the Terraform resource applies settings with digest {1}, but this script declares digest {2}. The script and the Terraform configuration come from different syntheses: synthesize again, then plan and apply.' -f $Path, $MailflowResourceDigest, $Digest)",
      ]),
    ]),
    "}",
    "",
    "# The marker line that names the object a connector was created for.",
    "function Get-MailflowMarker {",
    ...indent([
      "param([Parameter(Mandatory = $true)] [string] $Path)",
      `return ${psLiteral(MANAGED_MARKER_PREFIX)} + $Path + ${psLiteral(MANAGED_MARKER_SUFFIX)}`,
    ]),
    "}",
    "",
    "# Whether a Comment has a line that, trimmed, is the marker: compared ordinally, character for character.",
    "function Test-MailflowMarked {",
    ...indent([
      "param([AllowNull()] [AllowEmptyString()] [string] $Comment, [Parameter(Mandatory = $true)] [string] $Marker)",
      "foreach ($line in ($Comment -split '\\r?\\n')) {",
      "    if ([string]::Equals($line.Trim(), $Marker, [System.StringComparison]::Ordinal)) { return $true }",
      "}",
      "return $false",
    ]),
    "}",
    "",
    "# Whether two names are the same: Exchange keeps names and domains unique whatever their case (ordinal, without culture).",
    "function Test-MailflowSameName {",
    ...indent([
      "param([AllowNull()] [AllowEmptyString()] [string] $Left, [AllowNull()] [AllowEmptyString()] [string] $Right)",
      "return [string]::Equals($Left, $Right, [System.StringComparison]::OrdinalIgnoreCase)",
    ]),
    "}",
    "",
    "# The connectors among $Existing whose Comment has a line equal to the marker of $Path.",
    "function Select-MailflowManaged {",
    ...indent([
      "param([object[]] $Existing, [Parameter(Mandatory = $true)] [string] $Path)",
      "$marker = Get-MailflowMarker -Path $Path",
      "return @($Existing | Where-Object { Test-MailflowMarked -Comment ([string] $_.Comment) -Marker $marker })",
    ]),
    "}",
    "",
    ...COMPARISON_FUNCTION_LINES,
    "",
    "# Records an object left unchanged; the script fails at the end so a pipeline notices.",
    "function Add-MailflowRefusal {",
    ...indent([
      "param([Parameter(Mandatory = $true)] [string] $Message)",
      "Write-Warning $Message",
      "$script:MailflowRefusals += $Message",
    ]),
    "}",
    "",
    "# Decides New, Set (the connector carrying the marker) or Skip (a connector of that name that is not ours).",
    "function Resolve-MailflowConnector {",
    ...indent([
      "param(",
      ...indent([
        "[Parameter(Mandatory = $true)] [string] $Label,",
        "[object[]] $Existing,",
        "[Parameter(Mandatory = $true)] [string] $Name,",
        "[Parameter(Mandatory = $true)] [string] $Path",
      ]),
      ")",
      "$managed = @(Select-MailflowManaged -Existing $Existing -Path $Path)",
      ...ifBlock("$managed.Count -gt 1", [
        "Add-MailflowRefusal -Message ('{0} of {1} left unchanged: {2} connectors carry its marker. Keep the marker on one of them only.' -f $Label, $Path, $managed.Count)",
        "return @{ Action = 'Skip'; Identity = $null; Current = $null }",
      ]),
      ...ifBlock("$managed.Count -eq 1", ["return @{ Action = 'Set'; Identity = $managed[0].Identity; Current = $managed[0] }"]),
      ...ifBlock("@($Existing | Where-Object { Test-MailflowSameName -Left ([string] $_.Name) -Right $Name }).Count -gt 0", [
        "Add-MailflowRefusal -Message ('{0} ''{1}'' exists but was not created by cdktf-mailflow: its Comment has no line {2}. It is left unchanged. To let this script manage it, add that line to its Comment; otherwise give the declared connector another name.' -f $Label, $Name, (Get-MailflowMarker -Path $Path))",
        "return @{ Action = 'Skip'; Identity = $null; Current = $null }",
      ]),
      "return @{ Action = 'New'; Identity = $null; Current = $null }",
    ]),
    "}",
    "",
    "# Removes the connector that carries the marker of $Path; never one without it. Returns whether one was found.",
    "function Remove-MailflowConnector {",
    ...indent([
      "[CmdletBinding(SupportsShouldProcess = $true)]",
      "param(",
      ...indent([
        `[Parameter(Mandatory = $true)] [ValidateSet(${kindSet})] [string] $Kind,`,
        "[Parameter(Mandatory = $true)] [string] $Path,",
        "[string] $Name = ''",
      ]),
      ")",
      "$label = switch ($Kind) {",
      ...indent(labelBranches),
      "}",
      "$existing = @(switch ($Kind) {",
      ...indent(listBranches),
      "})",
      "$managed = @(Select-MailflowManaged -Existing $existing -Path $Path)",
      ...ifBlock("$managed.Count -gt 1", [
        "Add-MailflowRefusal -Message ('{0} of {1} not removed: {2} connectors carry its marker. Keep the marker on one of them only.' -f $label, $Path, $managed.Count)",
        "return $true",
      ]),
      ...ifBlock("$managed.Count -eq 1", [
        ...ifBlock("$PSCmdlet.ShouldProcess([string] $managed[0].Name, ('Remove {0}' -f $label))", [
          "switch ($Kind) {",
          ...indent(removeBranches),
          "}",
        ]),
        "return $true",
      ]),
      ...ifBlock("($Name.Length -gt 0) -and (@($existing | Where-Object { Test-MailflowSameName -Left ([string] $_.Name) -Right $Name }).Count -gt 0)", [
        "Write-Warning ('{0} ''{1}'' was not created by cdktf-mailflow (its Comment has no line {2}): left in place.' -f $label, $Name, (Get-MailflowMarker -Path $Path))",
        "return $true",
      ]),
      "Write-Verbose ('No {0} of {1} to remove.' -f $label, $Path)",
      "return $false",
    ]),
    "}",
    "",
    ...JOURNAL_FUNCTION_LINES,
  ];
}

/**
 * The per-script deployment's journal (see DEPLOYMENT_JOURNAL_FOLDER): reading it, adding a record to it, and the step
 * that records and stops before any session is opened, or checks that the Terraform resource deploys this declaration.
 */
const JOURNAL_FUNCTION_LINES: readonly string[] = [
  "# The construct paths and spoof pair identities the journal recorded (none without a journal).",
  "function Read-MailflowJournal {",
  ...indent([
    "$recorded = @{ Objects = @(); SpoofPairs = @() }",
    ...ifBlock("($MailflowJournal.Length -eq 0) -or -not (Test-Path -LiteralPath $MailflowJournal -PathType Leaf)", ["return $recorded"]),
    "$data = Get-Content -LiteralPath $MailflowJournal -Raw -Encoding utf8 | ConvertFrom-Json",
    "$recorded.Objects = @($data.objects | ForEach-Object { [string] $_ })",
    "$recorded.SpoofPairs = @($data.spoofPairs | ForEach-Object { @{ SpoofedUser = [string] $_[0]; SendingInfrastructure = [string] $_[1]; SpoofType = [string] $_[2] } })",
    "return $recorded",
  ]),
  "}",
  "",
  "# Adds what the Terraform resource passed (the declaration it deployed) to the journal; what was recorded before stays.",
  "function Add-MailflowJournalRecord {",
  ...indent([
    ...ifBlock("$MailflowJournal.Length -eq 0", ["throw 'MAILFLOW_ACTION=record needs MAILFLOW_JOURNAL, the file that keeps the record.'"]),
    "$recorded = Read-MailflowJournal",
    "$objects = [System.Collections.Generic.List[string]]::new()",
    "$seen = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::Ordinal)",
    "foreach ($path in @($recorded.Objects) + @(([string] $env:MAILFLOW_RECORD_OBJECTS) -split '\\r?\\n')) {",
    "    if (($path.Length -gt 0) -and $seen.Add($path)) { $objects.Add($path) }",
    "}",
    "$pairs = [System.Collections.Generic.List[object]]::new()",
    "$seenPairs = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::Ordinal)",
    "$given = @(([string] $env:MAILFLOW_RECORD_SPOOF_PAIRS) -split '\\r?\\n' | Where-Object { $_.Length -gt 0 } | ForEach-Object { $p = ConvertFrom-Json -InputObject $_ -NoEnumerate; @{ SpoofedUser = [string] $p[0]; SendingInfrastructure = [string] $p[1]; SpoofType = [string] $p[2] } })",
    "foreach ($pair in @($recorded.SpoofPairs) + $given) {",
    "    if ($seenPairs.Add([string]::Join([char] 0, @($pair.SpoofedUser, $pair.SendingInfrastructure, $pair.SpoofType)))) { $pairs.Add(@($pair.SpoofedUser, $pair.SendingInfrastructure, $pair.SpoofType)) }",
    "}",
    "$folder = Split-Path -Parent $MailflowJournal",
    ...ifBlock("($folder.Length -gt 0) -and -not (Test-Path -LiteralPath $folder -PathType Container)", ["New-Item -ItemType Directory -Path $folder -Force -WhatIf:$false | Out-Null"]),
    "$json = ConvertTo-Json -InputObject ([ordered]@{ objects = @($objects); spoofPairs = @($pairs) }) -Depth 4 -Compress",
    "Set-Content -LiteralPath $MailflowJournal -Value $json -Encoding utf8NoBOM -NoNewline -WhatIf:$false",
    "Write-Host ('Recorded {0} object(s) in {1}: the next run removes those no longer declared.' -f $objects.Count, $MailflowJournal)",
  ]),
  "}",
  "",
  "# Deletes the journal once its records are handled.",
  "function Clear-MailflowJournal {",
  ...indent([
    ...ifBlock("($MailflowJournal.Length -gt 0) -and (Test-Path -LiteralPath $MailflowJournal -PathType Leaf) -and -not $WhatIfPreference", [
      "Remove-Item -LiteralPath $MailflowJournal -Force -WhatIf:$false",
    ]),
  ]),
  "}",
  "",
  "# The construct paths the journal recorded that this script no longer declares.",
  "function Get-MailflowRecordedUndeclared {",
  ...indent([
    "return @((Read-MailflowJournal).Objects | Where-Object { -not $MailflowDeclaredSet.Contains($_) })",
  ]),
  "}",
  "",
  "# Recording connects to nothing: it ends the script here. Deploying checks first that the Terraform resource and this",
  "# script come from the same synthesis.",
  ...conditional([
    ["$MailflowRecording", ["Add-MailflowJournalRecord", "return"]],
    ["$MailflowDeploying -and ($MailflowResourceDigest.Length -gt 0) -and -not [string]::Equals($MailflowResourceDigest, $MailflowDeclarationDigest, [System.StringComparison]::Ordinal)", [
      "throw ('The Terraform resource deploys declarations with digest {0}, but this script declares digest {1}. The script and the Terraform configuration come from different syntheses: synthesize again, then plan and apply.' -f $MailflowResourceDigest, $MailflowDeclarationDigest)",
    ]],
  ]),
];

/**
 * Removal of objects a path selects that this script no longer declares (deleted from the code
 * since the resource was created): the marker identifies connectors; `otherKindsLines` may look for
 * other kinds of object and set `$mailflowFound` when they handled the path.
 */
export function undeclaredRemovalLines(kinds: readonly ConnectorKind[], otherKindsHint: string, otherKindsLines: readonly string[] = []): string[] {
  const calls = kinds.map((k) => `(Remove-MailflowConnector -Kind ${psLiteral(k.kind)} -Path $mailflowPath)`).join(", ");
  return [
    "foreach ($mailflowPath in @($MailflowUndeclared)) {",
    ...indent([
      `$mailflowFound = @(${calls}) -contains $true`,
      ...(otherKindsLines.length > 0 ? ifBlock("-not $mailflowFound", otherKindsLines) : []),
      ...ifBlock("-not $mailflowFound", [
        `Write-Warning (('No connector carries the marker of {0}, so nothing was removed for it. ' -f $mailflowPath) + ${psLiteral(otherKindsHint)})`,
      ]),
    ]),
    "}",
  ];
}

/** The last statement: fail when any object was left unchanged, after everything else was done. */
export const REFUSAL_CHECK = ifBlock("$script:MailflowRefusals.Count -gt 0", [
  "throw ('{0} object(s) were left unchanged; see the warnings above.' -f $script:MailflowRefusals.Count)",
]);

/** The `if (Test-MailflowObject '<path>') { … }` guard around one object's statements. */
export function objectBlock(path: string, body: readonly string[]): string[] {
  return ifBlock(`Test-MailflowObject ${pathLiteral(path)}`, body);
}

/** The literal of a settings digest (`settingsDigest`); anything else is a programming error. */
export function digestLiteral(digest: string): string {
  if (!/^[0-9a-f]{16}$/.test(digest)) throw new Error(`internal: ${JSON.stringify(digest)} is not a settings digest`);
  return psLiteral(digest);
}

/** One object's apply statements, after the check that its resource applies the settings this script declares. */
export function applyBlock(path: string, digest: string, body: readonly string[]): string[] {
  return objectBlock(path, [`Assert-MailflowDigest -Path ${pathLiteral(path)} -Digest ${digestLiteral(digest)}`, ...body]);
}

/**
 * The condition and notice that keep an object when Terraform replaces its resource for newer
 * settings, as the first branch of a removal's `conditional`.
 */
export function replacementBranch(path: string, digest: string, condition = `Test-MailflowReplacement -Digest ${digestLiteral(digest)}`): readonly [string, string[]] {
  return [condition, [`Write-MailflowReplacementNotice -Path ${pathLiteral(path)} -Digest ${digestLiteral(digest)}`]];
}

/** One object's removal statements, skipped with a notice when Terraform is replacing its resource for newer settings. */
export function removalBlock(path: string, digest: string, removal: readonly string[]): string[] {
  return objectBlock(path, conditional([replacementBranch(path, digest)], removal));
}

/** Blocks of lines with one blank line between each two. */
export function separated(blocks: readonly (readonly string[])[]): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.length === 0) continue;
    if (lines.length > 0) lines.push("");
    for (let i = 0; i < block.length; i++) lines.push(block[i]);
  }
  return lines;
}

/** The literal of a connector's Name. */
export function nameLiteral(connector: { readonly path: string; readonly name: string }): string {
  return checkedLiteral(connector.name, { path: connector.path, setting: "Name" });
}

/**
 * The literal of a connector's Comment: the user's comment and the `managedMarker` line.
 * Throws when the user's comment already holds a marker, which would claim another object.
 */
export function commentLiteral(path: string, comment: string | undefined): string {
  if (comment !== undefined && comment.includes(MANAGED_MARKER_PREFIX)) {
    throw new Error(`Cannot write Comment of ${JSON.stringify(path)} into a PowerShell script: it already holds a cdktf-mailflow marker, which would claim another object.`);
  }
  return checkedLiteral(commentWithMarker(comment, path), { path, setting: "Comment", multiline: true });
}

/** One setting of an object: its parameter name and its PowerShell value (`$null` clears it); undefined when not written. */
export type Setting = readonly [name: string, value: string] | undefined;

/**
 * `$mailflowSettings = [ordered]@{ ... }`: the declared settings of one object, one per line (so a changed setting is a
 * one-line diff); settings left undefined are not written, so they are neither compared nor changed.
 */
export function settingsLines(settings: readonly Setting[]): string[] {
  const present = settings.filter((s): s is readonly [string, string] => s !== undefined);
  return ["$mailflowSettings = [ordered]@{", ...indent(present.map(([name, value]) => `${name} = ${value}`)), "}"];
}

/**
 * The statements that apply `$mailflowSettings` to an existing object `target` (an expression) with the Set- cmdlet
 * `command`: only the settings whose value differs are passed, and an object already right is not written at all and
 * said to be unchanged. `what` is a literal naming the object in messages.
 */
export function updateLines(command: string, identity: string, current: string, what: string): string[] {
  return [
    `$mailflowChanges = Get-MailflowChanges -Current ${current} -Desired $mailflowSettings`,
    ...conditional(
      [
        ["$mailflowChanges.Count -eq 0", [`Write-Host ('{0}: unchanged.' -f ${what})`]],
        [`$PSCmdlet.ShouldProcess(${what}, ('${command} -{0}' -f ($mailflowChanges.Keys -join ' -')))`, [`${command} -Identity ${identity} @mailflowChanges`]],
      ],
    ),
  ];
}

/** A connector to create or update: what {@link connectorApplyLines} needs to know. */
export interface ConnectorApply {
  readonly path: string;
  readonly name: string;
  /** Words used in messages, e.g. `Inbound connector`. */
  readonly label: string;
  /** Cmdlet noun, e.g. `InboundConnector` (Get-, New-, Set-). */
  readonly noun: string;
  /** Arguments only New-<noun> takes, e.g. `-Usage 'Custom'`. */
  readonly newOnly?: readonly string[];
  /** The settings after Name, compared with the connector's and written by New- (all but `$null` ones) and Set- (the changed ones). */
  readonly settings: readonly Setting[];
}

/**
 * One connector's apply statements: its declared settings, then find it by its marker, and New-<noun> when there is none,
 * Set-<noun> with the settings that differ on the one carrying the marker (nothing when none differs), or nothing when a
 * connector of that name is not ours (Resolve-MailflowConnector records the refusal). Each change is wrapped in ShouldProcess.
 */
export function connectorApplyLines(c: ConnectorApply): string[] {
  const connectorName = nameLiteral(c);
  const what = psLiteral(`${c.label} '${c.name}' (${c.path})`);
  return [
    ...settingsLines([["Name", connectorName], ...c.settings]),
    `$mailflowTarget = Resolve-MailflowConnector -Label ${psLiteral(c.label)} -Existing @(Get-${c.noun}) -Name ${connectorName} -Path ${pathLiteral(c.path)}`,
    ...conditional([
      ["$mailflowTarget.Action -eq 'New'", ifBlock(`$PSCmdlet.ShouldProcess(${connectorName}, 'New-${c.noun}')`, [
        "$mailflowCreate = Get-MailflowCreateSettings -Settings $mailflowSettings",
        `New-${c.noun}${(c.newOnly ?? []).map((a) => ` ${a}`).join("")} @mailflowCreate | Out-Null`,
      ])],
      ["$mailflowTarget.Action -eq 'Set'", updateLines(`Set-${c.noun}`, "$mailflowTarget.Identity", "$mailflowTarget.Current", what)],
    ]),
  ];
}

/** A list-valued setting: the array when it has values, else `$null` (left out of New-*, cleared by Set-*). */
export function listSetting(setting: string, values: readonly string[], path: string): Setting {
  return [setting, values.length > 0 ? checkedArray(values, { path, setting }) : "$null"];
}

/** An optional single value: its literal when set, else `$null` (left out of New-*, cleared by Set-*). */
export function optionalSetting(setting: string, value: string | undefined, path: string): Setting {
  return [setting, value !== undefined && value !== "" ? checkedLiteral(value, { path, setting }) : "$null"];
}

/** A setting written only when it has a value, and otherwise neither compared nor cleared. */
export function settingWhenSet(setting: string, value: string | undefined, path: string): Setting {
  return value !== undefined && value !== "" ? [setting, checkedLiteral(value, { path, setting })] : undefined;
}

/** A list written only when it has values, and otherwise neither compared nor cleared. */
export function listWhenSet(setting: string, values: readonly string[], path: string): Setting {
  return values.length > 0 ? [setting, checkedArray(values, { path, setting })] : undefined;
}

/**
 * Functions that compare an object's settings with the declared ones before writing: the scripts call Set- only with
 * the settings that differ, and not at all when none does. Values are compared as text, ordinally.
 */
const COMPARISON_FUNCTION_LINES: readonly string[] = [
  "# A setting's value as text, to compare with another: $null and empty lists alike, list items sorted, address spaces as",
  "# <type>:<address>;<cost> (Exchange shows smtp:contoso.com;1 for contoso.com), addresses without /32, and case folded",
  "# except in names, comments and certificate names. Compared ordinally, so no character is ignored.",
  "function ConvertTo-MailflowComparable {",
  ...indent([
    "param([Parameter(Mandatory = $true)] [string] $Setting, [AllowNull()] [object] $Value)",
    "$addressSpace = [string]::Equals($Setting, 'SenderDomains', [System.StringComparison]::Ordinal) -or [string]::Equals($Setting, 'AddressSpaces', [System.StringComparison]::Ordinal)",
    "$caseSensitive = [string]::Equals($Setting, 'Name', [System.StringComparison]::Ordinal) -or [string]::Equals($Setting, 'Comment', [System.StringComparison]::Ordinal) -or [string]::Equals($Setting, 'TlsCertificateName', [System.StringComparison]::Ordinal)",
    "$items = [System.Collections.Generic.List[string]]::new()",
    "foreach ($item in @($Value)) {",
    ...indent([
      "if ($null -eq $item) { continue }",
      "$text = [string] $item",
      "if ($text.Length -eq 0) { continue }",
      ...ifBlock("$addressSpace -and ($text -cmatch '^(?:(?<type>[A-Za-z0-9]+):)?(?<address>[^;]*)(?:;(?<cost>[0-9]+))?$')", [
        "$type = if ($Matches.ContainsKey('type')) { $Matches['type'] } else { 'smtp' }",
        "$cost = if ($Matches.ContainsKey('cost')) { [int] $Matches['cost'] } else { 1 }",
        "$text = '{0}:{1};{2}' -f $type, $Matches['address'], $cost",
      ]),
      ...ifBlock("[string]::Equals($Setting, 'SenderIPAddresses', [System.StringComparison]::Ordinal)", ["$text = $text -creplace '/32$', ''"]),
      ...ifBlock("-not $caseSensitive", ["$text = $text.ToLowerInvariant()"]),
      "$items.Add($text)",
    ]),
    "}",
    "$items.Sort([System.StringComparer]::Ordinal)",
    "return [string]::Join([char] 10, $items)",
  ]),
  "}",
  "",
  "# The settings among $Desired whose value differs from that of the object $Current: what Set- must change.",
  "function Get-MailflowChanges {",
  ...indent([
    "param([Parameter(Mandatory = $true)] [object] $Current, [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Desired)",
    "$changes = [ordered]@{}",
    "foreach ($setting in @($Desired.Keys)) {",
    ...indent([
      "$property = $Current.PSObject.Properties[$setting]",
      "$now = if ($null -eq $property) { $null } else { $property.Value }",
      "$before = ConvertTo-MailflowComparable -Setting $setting -Value $now",
      "$after = ConvertTo-MailflowComparable -Setting $setting -Value $Desired[$setting]",
      ...ifBlock("-not [string]::Equals($before, $after, [System.StringComparison]::Ordinal)", ["$changes[$setting] = $Desired[$setting]"]),
    ]),
    "}",
    "return $changes",
  ]),
  "}",
  "",
  "# The settings to create an object with: the declared ones, without those that are $null (nothing to set).",
  "function Get-MailflowCreateSettings {",
  ...indent([
    "param([Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Settings)",
    "$create = [ordered]@{}",
    "foreach ($setting in @($Settings.Keys)) {",
    "    if ($null -ne $Settings[$setting]) { $create[$setting] = $Settings[$setting] }",
    "}",
    "return $create",
  ]),
  "}",
];

/**
 * The per-script deployment's removal of what the journal recorded and this script no longer declares: the connectors
 * carrying those paths' markers (never another connector), then `otherLines` (a tenant's spoof entries).
 */
export function recordedRemovalLines(kinds: readonly ConnectorKind[], otherLines: readonly string[] = []): string[] {
  return [
    "foreach ($mailflowPath in @(Get-MailflowRecordedUndeclared)) {",
    ...indent(kinds.map((k) => `Remove-MailflowConnector -Kind ${psLiteral(k.kind)} -Path $mailflowPath | Out-Null`)),
    "}",
    ...otherLines,
  ];
}
