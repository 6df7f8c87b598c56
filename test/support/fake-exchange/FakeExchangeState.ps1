# Shared by the fake Exchange modules (dot-sourced into each): where the state lives, how it is read and written under
# a lock (Terraform runs several scripts of one tenant at once), the call and session logs, and the comparisons.
#
# FAKE_EXCHANGE_STATE names the folder. In it:
#   exo-<hex of the lower-cased initial domain>.json   one Exchange Online tenant
#   ems-<hex of the lower-cased organization name>.json one Exchange Server organization (FAKE_EXCHANGE_ORGANIZATION)
#   calls.jsonl     one line per call that changes something (or would, under -WhatIf): cmdlet, bound parameters, WhatIf
#   sessions.jsonl  one line per Connect-/Disconnect-ExchangeOnline and New-/Remove-PSSession: count sessions with it
# Every line also has the process id, the time (UTC, round-trip format: sorts as text) and MAILFLOW_OBJECT ('' when unset).
Set-StrictMode -Version Latest

function Get-FakeExchangeStateFolder {
    $folder = [string] $env:FAKE_EXCHANGE_STATE
    if ([string]::IsNullOrEmpty($folder)) { throw 'FAKE_EXCHANGE_STATE is not set: it names the folder of the fake Exchange state.' }
    if (-not [System.IO.Directory]::Exists($folder)) { [void] [System.IO.Directory]::CreateDirectory($folder) }
    return $folder
}

# The file of one tenant or organization: a hex name, so any text (and any case of it) names one file.
function Get-FakeExchangeStatePath {
    param([Parameter(Mandatory = $true)] [ValidateSet('exo', 'ems')] [string] $Kind, [Parameter(Mandatory = $true)] [string] $Name)
    $bytes = [System.Text.Encoding]::UTF8.GetBytes($Name.ToLowerInvariant())
    $hex = [System.Convert]::ToHexString($bytes).ToLowerInvariant()
    return [System.IO.Path]::Combine((Get-FakeExchangeStateFolder), ('{0}-{1}.json' -f $Kind, $hex))
}

$script:FakeUtf8 = [System.Text.UTF8Encoding]::new($false)

# Runs $Change on the state of one tenant or organization, under an exclusive lock, and saves the state unless -ReadOnly;
# returns what $Change returns. $New builds the state of a tenant seen for the first time. The blocks run in this
# module's session state and see their callers' variables, so the variables here have names no caller uses.
function Use-FakeExchangeState {
    param(
        [Parameter(Mandatory = $true)] [string] $Path,
        [Parameter(Mandatory = $true)] [scriptblock] $New,
        [Parameter(Mandatory = $true)] [scriptblock] $Change,
        [switch] $ReadOnly
    )
    $fakeLockPath = $Path + '.lock'
    $fakeLock = $null
    $fakeDeadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($null -eq $fakeLock) {
        try {
            $fakeLock = [System.IO.File]::Open($fakeLockPath, [System.IO.FileMode]::OpenOrCreate, [System.IO.FileAccess]::ReadWrite, [System.IO.FileShare]::None)
        } catch [System.IO.IOException] {
            if ([DateTime]::UtcNow -gt $fakeDeadline) { throw "fake Exchange: the state lock $fakeLockPath was not released within 60 s" }
            Start-Sleep -Milliseconds 15
        }
    }
    try {
        if ([System.IO.File]::Exists($Path)) {
            $fakeState = [System.IO.File]::ReadAllText($Path, $script:FakeUtf8) | ConvertFrom-Json -AsHashtable -DateKind String -Depth 64
        } else {
            $fakeState = & $New
        }
        $fakeResult = & $Change $fakeState
        if (-not $ReadOnly) {
            $fakeJson = ConvertTo-Json -InputObject $fakeState -Depth 64
            $fakeTemporary = $Path + '.' + [guid]::NewGuid().ToString('N') + '.tmp'
            [System.IO.File]::WriteAllText($fakeTemporary, $fakeJson, $script:FakeUtf8)
            [System.IO.File]::Move($fakeTemporary, $Path, $true)
        }
        return $fakeResult
    } finally {
        $fakeLock.Dispose()
    }
}

# Appends one JSON line to a log of the state folder; lines of parallel processes never interleave.
function Add-FakeExchangeLogLine {
    param([Parameter(Mandatory = $true)] [string] $Log, [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Entry)
    # When and for which object (MAILFLOW_OBJECT, as a Terraform provisioner sets it): what tells the order runs made in.
    $Entry['time'] = [DateTime]::UtcNow.ToString('o', [System.Globalization.CultureInfo]::InvariantCulture)
    $Entry['object'] = [string] $env:MAILFLOW_OBJECT
    $line = (ConvertTo-Json -InputObject $Entry -Depth 16 -Compress) + "`n"
    $path = [System.IO.Path]::Combine((Get-FakeExchangeStateFolder), $Log)
    # Opened exclusively (FileShare.None, an advisory lock on Unix), then written at its end: .NET's FileMode.Append only
    # seeks to the end when opening, so two processes appending at once could write over each other's line.
    $stream = $null
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($null -eq $stream) {
        try {
            $stream = [System.IO.FileStream]::new($path, [System.IO.FileMode]::Append, [System.IO.FileAccess]::Write, [System.IO.FileShare]::None)
        } catch [System.IO.IOException] {
            if ([DateTime]::UtcNow -gt $deadline) { throw "fake Exchange: the log $path stayed locked for 60 s" }
            Start-Sleep -Milliseconds 5
        }
    }
    try {
        $bytes = $script:FakeUtf8.GetBytes($line)
        $stream.Write($bytes, 0, $bytes.Length)
    } finally {
        $stream.Dispose()
    }
}

# Records a call that changes (or, under -WhatIf, would change) something, with its bound parameters as plain data.
function Add-FakeExchangeCall {
    param([Parameter(Mandatory = $true)] [string] $Cmdlet, [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Bound, [string] $Scope = '', [bool] $WhatIf = $false)
    $parameters = [ordered]@{}
    foreach ($key in @($Bound.Keys | Sort-Object)) {
        if ($key -in @('WhatIf', 'Confirm', 'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction')) { continue }
        $parameters[$key] = ConvertTo-FakeExchangeData $Bound[$key]
    }
    Add-FakeExchangeLogLine -Log 'calls.jsonl' -Entry ([ordered]@{ cmdlet = $Cmdlet; scope = $Scope; whatIf = $WhatIf; parameters = $parameters; process = $PID })
}

# A bound value as JSON-able data: $null, a string, a bool, a number, or a list of those.
function ConvertTo-FakeExchangeData {
    param($Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [System.Management.Automation.SwitchParameter]) { return $Value.IsPresent }
    if ($Value -is [bool] -or $Value -is [int] -or $Value -is [long]) { return $Value }
    if ($Value -is [string]) { return $Value }
    if ($Value -is [System.Security.SecureString]) { return '(secure string)' }
    if ($Value -is [System.Collections.IEnumerable]) { return , @($Value | ForEach-Object { ConvertTo-FakeExchangeData $_ }) }
    if ($null -ne $Value.PSObject.Properties['Identity']) { return [string] $Value.Identity }
    return [string] $Value
}

# Ordinal, case-insensitive equality: Exchange names and domains are unique whatever their case.
function Test-FakeSameName {
    param([AllowNull()] [AllowEmptyString()] [string] $Left, [AllowNull()] [AllowEmptyString()] [string] $Right)
    return [string]::Equals($Left, $Right, [System.StringComparison]::OrdinalIgnoreCase)
}

# A multi-valued setting as stored: $null clears it (an empty list), a single value becomes a list of one.
function ConvertTo-FakeList {
    param([AllowNull()] [object[]] $Value)
    if ($null -eq $Value) { return , @() }
    return , @($Value | Where-Object { $null -ne $_ } | ForEach-Object { [string] $_ })
}

# The object an -Identity names: its Identity property, else the value as text.
function Get-FakeIdentityText {
    param([Parameter(Mandatory = $true)] [object] $Identity)
    if ($Identity -is [string]) { return $Identity }
    if ($null -ne $Identity.PSObject.Properties['Identity']) { return [string] $Identity.Identity }
    return [string] $Identity
}

# A stored hashtable as the object a Get- cmdlet returns (properties in a fixed order, lists as string arrays).
function ConvertTo-FakeExchangeObject {
    param([Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Stored, [Parameter(Mandatory = $true)] [string[]] $Properties)
    $object = [ordered]@{}
    foreach ($name in $Properties) {
        $value = $Stored[$name]
        if ($value -is [System.Collections.IList]) { $object[$name] = [string[]] @($value) } else { $object[$name] = $value }
    }
    return [pscustomobject] $object
}

# Throws the way Exchange reports a rejected change: the message names the object and the rule.
function Stop-FakeExchange {
    param([Parameter(Mandatory = $true)] [string] $Message)
    throw [System.InvalidOperationException]::new("fake Exchange: $Message")
}
