# Runs generated scripts for the tests, many per pwsh process (pwsh takes about a second to start): reads one JSON request
# per line on standard input and answers each with one line on standard output, `@@result <json>`.
#
# Request: { "id", "script", "parameters": { name: value }, "env": { name: value or null }, "prelude": "<PowerShell>" }.
# Each request runs in a new runspace (as a new process would: no module, variable or connection left from the request
# before), with strict mode Latest in its global scope; the prelude runs first in that runspace (to import the fake
# Exchange Management Shell, or connect to another tenant), then the script with the parameters (true for a switch).
# The environment variables are set for the request and restored after it.
# Answer: { "id", "ok": whether the script ended without a terminating error, "error", "errors", "warnings",
# "information" (Write-Host), "output" }.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function ConvertTo-Plain {
    param($Record)
    if ($null -eq $Record) { return $null }
    return [string] $Record
}

function Invoke-Request {
    param([Parameter(Mandatory = $true)] $Request)
    $saved = @{}
    foreach ($name in @($Request.env.Keys)) {
        $saved[$name] = [System.Environment]::GetEnvironmentVariable($name)
        [System.Environment]::SetEnvironmentVariable($name, $Request.env[$name])
    }
    $runspace = [runspacefactory]::CreateRunspace([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
    $runspace.Open()
    $answer = [ordered]@{ id = $Request.id; ok = $true; error = $null; errors = @(); warnings = @(); information = @(); output = @() }
    $shells = [System.Collections.Generic.List[powershell]]::new()
    try {
        $steps = @(@{ Text = 'Set-StrictMode -Version Latest'; Script = $false })
        if (-not [string]::IsNullOrEmpty([string] $Request.prelude)) { $steps += @{ Text = [string] $Request.prelude; Script = $false } }
        $steps += @{ Text = [string] $Request.script; Script = $true }
        foreach ($step in $steps) {
            $shell = [powershell]::Create($runspace)
            $shells.Add($shell)
            if ($step.Script) {
                [void] $shell.AddCommand($step.Text)
                foreach ($name in @($Request.parameters.Keys)) { [void] $shell.AddParameter($name, $Request.parameters[$name]) }
            } else {
                [void] $shell.AddScript($step.Text)
            }
            try {
                $output = $shell.Invoke()
                $answer.output += @($output | ForEach-Object { ConvertTo-Plain $_ })
            } catch {
                $inner = $_.Exception
                while ($inner -is [System.Management.Automation.MethodInvocationException] -and $null -ne $inner.InnerException) { $inner = $inner.InnerException }
                $answer.ok = $false
                $answer.error = $inner.Message
            } finally {
                $answer.errors += @($shell.Streams.Error | ForEach-Object { [string] $_ })
                $answer.warnings += @($shell.Streams.Warning | ForEach-Object { $_.Message })
                $answer.information += @($shell.Streams.Information | ForEach-Object { [string] $_.MessageData })
            }
            if (-not $answer.ok) { break }
        }
    } finally {
        foreach ($shell in $shells) { $shell.Dispose() }
        $runspace.Dispose()
        foreach ($name in $saved.Keys) { [System.Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
    return $answer
}

[Console]::OutputEncoding = [System.Text.UTF8Encoding]::new($false)
$reader = [System.IO.StreamReader]::new([Console]::OpenStandardInput(), [System.Text.UTF8Encoding]::new($false))
while ($null -ne ($line = $reader.ReadLine())) {
    if ($line.Length -eq 0) { continue }
    $request = ConvertFrom-Json -InputObject $line -AsHashtable -DateKind String
    try {
        $answer = Invoke-Request -Request $request
    } catch {
        $answer = [ordered]@{ id = $request.id; ok = $false; error = "the script server failed: $($_.Exception.Message)"; errors = @(); warnings = @(); information = @(); output = @() }
    }
    [Console]::Out.WriteLine('@@result ' + (ConvertTo-Json -InputObject $answer -Depth 8 -Compress))
    [Console]::Out.Flush()
}
