# Fakes of the remote-session cmdlets an Exchange Management Shell script uses to reach a server
# (New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://<server>/PowerShell/, Import-PSSession,
# Remove-PSSession). Imported before a script runs, these functions take precedence over PowerShell's cmdlets of the
# same names; Import-PSSession loads the fake send connector cmdlets (FakeExchangeServer) into the global scope. Each
# session opened and closed is a line in sessions.jsonl of the state folder.
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot '..' '..' 'FakeExchangeState.ps1')

$script:FakeSessions = @{}

function New-PSSession {
    [CmdletBinding(DefaultParameterSetName = 'Uri', PositionalBinding = $false)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'Uri')] [uri[]] $ConnectionUri,
        [string] $ConfigurationName,
        [ValidateSet('Default', 'Basic', 'Negotiate', 'NegotiateWithImplicitCredential', 'Credssp', 'Digest', 'Kerberos')] [string] $Authentication,
        [System.Management.Automation.PSCredential] $Credential,
        [switch] $AllowRedirection,
        [string] $CertificateThumbprint,
        [string] $Name,
        [System.Management.Automation.Remoting.PSSessionOption] $SessionOption,
        [int] $ThrottleLimit,
        [switch] $EnableNetworkAccess
    )
    if ($ConfigurationName -ne 'Microsoft.Exchange') { throw "fake Exchange: the session configuration '$ConfigurationName' is not Microsoft.Exchange." }
    $uri = $ConnectionUri[0]
    if ($uri.AbsolutePath -ne '/PowerShell/' -or $uri.Scheme -notin @('http', 'https')) { throw "Connecting to remote server $($uri.Host) failed: '$uri' is not an Exchange PowerShell endpoint (http://<server>/PowerShell/)." }
    $id = $script:FakeSessions.Count + 1
    $session = [pscustomobject] [ordered]@{ Id = $id; Name = "Runspace$id"; ComputerName = $uri.Host; ConfigurationName = $ConfigurationName; State = 'Opened'; Availability = 'Available' }
    $script:FakeSessions[$id] = $session
    Add-FakeExchangeLogLine -Log 'sessions.jsonl' -Entry ([ordered]@{ event = 'connect'; kind = 'ems'; server = $uri.Host; authentication = $Authentication; process = $PID })
    $session
}

function Import-PSSession {
    [CmdletBinding(PositionalBinding = $false)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [object] $Session,
        [Parameter(Position = 1)] [string[]] $CommandName,
        [Parameter(Position = 2)] [string[]] $FormatTypeName,
        [switch] $AllowClobber,
        [string[]] $ArgumentList,
        [ValidateSet('Alias', 'Cmdlet', 'Function', 'Filter', 'ExternalScript', 'Application', 'Script', 'Workflow', 'Configuration', 'All')] [string[]] $CommandType,
        [switch] $DisableNameChecking,
        [string] $Prefix,
        [object] $Certificate
    )
    if ($Session.State -ne 'Opened') { throw 'fake Exchange: the session is not open.' }
    Import-Module (Join-Path $PSScriptRoot '..' 'FakeExchangeServer' 'FakeExchangeServer.psm1') -Global -Force -PassThru
}

function Remove-PSSession {
    [CmdletBinding(SupportsShouldProcess = $true, PositionalBinding = $false)]
    param([Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object[]] $Session)
    process {
        foreach ($s in $Session) {
            if ($PSCmdlet.ShouldProcess($s.ComputerName, 'Remove-PSSession')) {
                $s.State = 'Closed'
                Add-FakeExchangeLogLine -Log 'sessions.jsonl' -Entry ([ordered]@{ event = 'disconnect'; kind = 'ems'; server = $s.ComputerName; process = $PID })
            }
        }
    }
}

Export-ModuleMember -Function @('New-PSSession', 'Import-PSSession', 'Remove-PSSession')
