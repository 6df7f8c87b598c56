# A fake of the Exchange Management Shell's send connector cmdlets for tests, with the parameter names, types, mandatory
# flags and value sets of Microsoft's cmdlet reference, -WhatIf and -Confirm, and the organization's send connectors kept
# in a JSON file (FakeExchangeState.ps1) named by FAKE_EXCHANGE_ORGANIZATION (default: 'default').
#
# Behaviour kept from Exchange Server: names unique whatever their case; `$null` clears a multi-valued setting; an unknown
# parameter is an error; Remove-SendConnector asks for confirmation unless -Confirm:$false; address spaces read back as
# SMTP:<address>;<cost>; the rules of domain.md section 2 (SmartHosts with DNSRoutingEnabled $false, TlsAuthLevel with
# RequireTLS $true, TlsDomain with DomainValidation, the address space syntax) are checked on every change.
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot '..' '..' 'FakeExchangeState.ps1')

$script:SendProperties = @(
    'Identity', 'Name', 'Guid', 'AddressSpaces', 'AuthenticationCredential', 'CloudServicesMailEnabled', 'Comment', 'ConnectionInactivityTimeOut',
    'ConnectorType', 'DNSRoutingEnabled', 'DomainSecureEnabled', 'Enabled', 'ErrorPolicies', 'ForceHELO', 'Fqdn', 'FrontendProxyEnabled',
    'IgnoreSTARTTLS', 'IsCoexistenceConnector', 'IsScopedConnector', 'MaxMessageSize', 'Port', 'ProtocolLoggingLevel', 'RequireOorg',
    'RequireTLS', 'SmartHostAuthMechanism', 'SmartHosts', 'SmtpMaxMessagesPerConnection', 'SourceIPAddress', 'SourceTransportServers',
    'TlsAuthLevel', 'TlsCertificateName', 'TlsDomain', 'Usage', 'UseExternalDNSServersEnabled'
)
$script:SendLists = @('AddressSpaces', 'SmartHosts', 'SourceTransportServers')

function Get-FakeOrganizationName {
    $name = [string] $env:FAKE_EXCHANGE_ORGANIZATION
    if ([string]::IsNullOrEmpty($name)) { return 'default' }
    return $name
}

function Use-FakeOrganization {
    param([Parameter(Mandatory = $true)] [scriptblock] $Change, [switch] $ReadOnly)
    return Use-FakeExchangeState -Path (Get-FakeExchangeStatePath -Kind ems -Name (Get-FakeOrganizationName)) -New { [ordered]@{ sendConnectors = @() } } -Change $Change -ReadOnly:$ReadOnly
}

# `[type:]address[;cost]` as Exchange shows it: SMTP:<address>;<cost>; throws on anything else.
function ConvertTo-FakeAddressSpace {
    param([Parameter(Mandatory = $true)] [string] $Value)
    if ($Value -notmatch '^(?:(?<type>[A-Za-z0-9]+):)?(?<address>[^;:]+)(?:;(?<cost>\d{1,3}))?$') { Stop-FakeExchange "'$Value' is not an address space ([type:]address[;cost])." }
    $type = if ($Matches['type']) { $Matches['type'] } else { 'SMTP' }
    $cost = if ($Matches['cost']) { [int] $Matches['cost'] } else { 1 }
    $address = $Matches['address']
    if ($cost -lt 1 -or $cost -gt 100) { Stop-FakeExchange "address space '$Value': the cost must be 1 to 100." }
    if ($address -ne '*' -and $address.Contains('*') -and -not ($address.StartsWith('*.') -and $address.LastIndexOf('*') -eq 0)) { Stop-FakeExchange "address space '$Value': a wildcard is allowed only as *.<domain>." }
    return '{0}:{1};{2}' -f $type.ToUpperInvariant(), $address, $cost
}

function Find-FakeSendConnector {
    param($State, [Parameter(Mandatory = $true)] [object] $Identity)
    $text = Get-FakeIdentityText $Identity
    $found = @($State.sendConnectors | Where-Object { (Test-FakeSameName $_.Identity $text) -or (Test-FakeSameName $_.Guid $text) })
    if ($found.Count -eq 0) { throw "The operation couldn't be performed because object '$text' couldn't be found on '$(Get-FakeOrganizationName)'." }
    return $found[0]
}

function Assert-FakeSendConnector {
    param([Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Connector, $State)
    $name = [string] $Connector.Name
    if ($name.Trim().Length -eq 0) { Stop-FakeExchange 'send connector: the Name is empty.' }
    $clash = @($State.sendConnectors | Where-Object { $_.Guid -ne $Connector.Guid -and (Test-FakeSameName $_.Name $name) })
    if ($clash.Count -gt 0) { Stop-FakeExchange "A send connector named '$($clash[0].Name)' already exists: names are unique, whatever their case." }
    if (@($Connector.AddressSpaces).Count -eq 0) { Stop-FakeExchange "send connector '$name': AddressSpaces is required." }
    foreach ($space in @($Connector.AddressSpaces)) { ConvertTo-FakeAddressSpace $space | Out-Null }
    $smartHosts = @($Connector.SmartHosts).Count -gt 0
    if ($smartHosts -and $Connector.DNSRoutingEnabled) { Stop-FakeExchange "send connector '$name': SmartHosts needs DNSRoutingEnabled `$false." }
    if (-not $smartHosts -and -not $Connector.DNSRoutingEnabled) { Stop-FakeExchange "send connector '$name': DNSRoutingEnabled `$false needs SmartHosts." }
    if (-not [string]::IsNullOrEmpty([string] $Connector.TlsAuthLevel) -and -not $Connector.RequireTLS) { Stop-FakeExchange "send connector '$name': TlsAuthLevel needs RequireTLS `$true." }
    if (-not [string]::IsNullOrEmpty([string] $Connector.TlsDomain) -and $Connector.TlsAuthLevel -ne 'DomainValidation') { Stop-FakeExchange "send connector '$name': TlsDomain is valid only with TlsAuthLevel DomainValidation." }
}

function ConvertTo-FakeSendConnectorObject {
    param([Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Stored)
    $object = ConvertTo-FakeExchangeObject -Stored $Stored -Properties $script:SendProperties
    $object.AddressSpaces = [string[]] @($Stored.AddressSpaces | ForEach-Object { ConvertTo-FakeAddressSpace $_ })
    $object
}

function Get-SendConnector {
    [CmdletBinding(PositionalBinding = $false)]
    param([Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity, [string] $DomainController)
    $hasIdentity = $PSBoundParameters.ContainsKey('Identity')
    $connectors = Use-FakeOrganization -ReadOnly -Change {
        param($state)
        if ($hasIdentity) { , @(Find-FakeSendConnector $state $Identity) } else { , @($state.sendConnectors) }
    }
    foreach ($c in $connectors) { ConvertTo-FakeSendConnectorObject $c }
}

function Set-FakeSendSettings {
    param([Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Connector, [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Bound)
    foreach ($key in @($Bound.Keys)) {
        if ($key -in @('Identity', 'WhatIf', 'Confirm', 'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'DomainController', 'Force', 'Custom', 'Internal', 'Internet', 'Partner')) { continue }
        if ($key -in $script:SendLists) { $Connector[$key] = ConvertTo-FakeList $Bound[$key] } else { $Connector[$key] = $Bound[$key] }
    }
}

function New-SendConnector {
    [CmdletBinding(DefaultParameterSetName = 'AddressSpaces', SupportsShouldProcess = $true, ConfirmImpact = 'Medium', PositionalBinding = $false)]
    param(
        [Parameter(Mandatory = $true)] [string] $Name,
        [Parameter(Mandatory = $true, ParameterSetName = 'AddressSpaces')] [object[]] $AddressSpaces,
        [System.Management.Automation.PSCredential] $AuthenticationCredential,
        [bool] $CloudServicesMailEnabled,
        [string] $Comment,
        [timespan] $ConnectionInactivityTimeOut,
        [ValidateSet('Default', 'XPremises')] [string] $ConnectorType,
        [switch] $Custom,
        [bool] $DNSRoutingEnabled,
        [string] $DomainController,
        [bool] $DomainSecureEnabled,
        [bool] $Enabled,
        [ValidateSet('Default', 'DowngradeDnsFailures', 'DowngradeCustomFailures', 'UpgradeCustomFailures')] [string] $ErrorPolicies,
        [switch] $Force,
        [bool] $ForceHELO,
        [string] $Fqdn,
        [bool] $FrontendProxyEnabled,
        [bool] $IgnoreSTARTTLS,
        [switch] $Internal,
        [switch] $Internet,
        [bool] $IsCoexistenceConnector,
        [bool] $IsScopedConnector,
        [object] $MaxMessageSize,
        [switch] $Partner,
        [int] $Port,
        [ValidateSet('None', 'Verbose')] [string] $ProtocolLoggingLevel,
        [bool] $RequireOorg,
        [bool] $RequireTLS,
        [ValidateSet('None', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer', 'ExternalAuthoritative')] [string] $SmartHostAuthMechanism,
        [object[]] $SmartHosts,
        [int] $SmtpMaxMessagesPerConnection,
        [ipaddress] $SourceIPAddress,
        [object[]] $SourceTransportServers,
        [ValidateSet('EncryptionOnly', 'CertificateValidation', 'DomainValidation')] [string] $TlsAuthLevel,
        [string] $TlsCertificateName,
        [string] $TlsDomain,
        [ValidateSet('Custom', 'Internal', 'Internet', 'Partner')] [string] $Usage,
        [bool] $UseExternalDNSServersEnabled
    )
    $bound = $PSBoundParameters
    $whatIf = -not $PSCmdlet.ShouldProcess($Name, 'New-SendConnector')
    Add-FakeExchangeCall -Cmdlet 'New-SendConnector' -Bound $bound -Scope (Get-FakeOrganizationName) -WhatIf $whatIf
    if ($whatIf) { return }
    $stored = Use-FakeOrganization -Change {
        param($state)
        $connector = [ordered]@{}
        foreach ($p in $script:SendProperties) { if ($p -in $script:SendLists) { $connector[$p] = @() } else { $connector[$p] = $null } }
        $defaults = @{ DNSRoutingEnabled = $true; RequireTLS = $false; Enabled = $true; CloudServicesMailEnabled = $false; Port = 25; Usage = 'Custom'; ConnectorType = 'Default'; IsScopedConnector = $false; ProtocolLoggingLevel = 'None' }
        foreach ($key in $defaults.Keys) { $connector[$key] = $defaults[$key] }
        Set-FakeSendSettings -Connector $connector -Bound $bound
        $connector.Guid = [guid]::NewGuid().ToString()
        $connector.Identity = $connector.Name
        Assert-FakeSendConnector -Connector $connector -State $state
        $state.sendConnectors = @($state.sendConnectors) + @($connector)
        return $connector
    }
    ConvertTo-FakeSendConnectorObject $stored
}

function Set-SendConnector {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', PositionalBinding = $false)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [object[]] $AddressSpaces,
        [System.Management.Automation.PSCredential] $AuthenticationCredential,
        [bool] $CloudServicesMailEnabled,
        [string] $Comment,
        [timespan] $ConnectionInactivityTimeOut,
        [ValidateSet('Default', 'XPremises')] [string] $ConnectorType,
        [bool] $DNSRoutingEnabled,
        [string] $DomainController,
        [bool] $DomainSecureEnabled,
        [bool] $Enabled,
        [ValidateSet('Default', 'DowngradeDnsFailures', 'DowngradeCustomFailures', 'UpgradeCustomFailures')] [string] $ErrorPolicies,
        [switch] $Force,
        [bool] $ForceHELO,
        [AllowNull()] [string] $Fqdn,
        [bool] $FrontendProxyEnabled,
        [bool] $IgnoreSTARTTLS,
        [bool] $IsCoexistenceConnector,
        [bool] $IsScopedConnector,
        [object] $LinkedReceiveConnector,
        [object] $MaxMessageSize,
        [string] $Name,
        [int] $Port,
        [ValidateSet('None', 'Verbose')] [string] $ProtocolLoggingLevel,
        [bool] $RequireOorg,
        [bool] $RequireTLS,
        [ValidateSet('None', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer', 'ExternalAuthoritative')] [string] $SmartHostAuthMechanism,
        [object[]] $SmartHosts,
        [int] $SmtpMaxMessagesPerConnection,
        [ipaddress] $SourceIPAddress,
        [object[]] $SourceTransportServers,
        [AllowNull()] [ValidateSet('EncryptionOnly', 'CertificateValidation', 'DomainValidation', $null)] [string] $TlsAuthLevel,
        [AllowNull()] [string] $TlsCertificateName,
        [AllowNull()] [string] $TlsDomain,
        [bool] $UseExternalDNSServersEnabled
    )
    $bound = $PSBoundParameters
    $whatIf = -not $PSCmdlet.ShouldProcess((Get-FakeIdentityText $Identity), 'Set-SendConnector')
    Add-FakeExchangeCall -Cmdlet 'Set-SendConnector' -Bound $bound -Scope (Get-FakeOrganizationName) -WhatIf $whatIf
    if ($whatIf) { return }
    Use-FakeOrganization -Change {
        param($state)
        $connector = Find-FakeSendConnector $state $Identity
        Set-FakeSendSettings -Connector $connector -Bound $bound
        $connector.Identity = $connector.Name
        Assert-FakeSendConnector -Connector $connector -State $state
    } | Out-Null
}

function Remove-SendConnector {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High', PositionalBinding = $false)]
    param([Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity, [string] $DomainController)
    $whatIf = -not $PSCmdlet.ShouldProcess((Get-FakeIdentityText $Identity), 'Remove-SendConnector')
    Add-FakeExchangeCall -Cmdlet 'Remove-SendConnector' -Bound $PSBoundParameters -Scope (Get-FakeOrganizationName) -WhatIf $whatIf
    if ($whatIf) { return }
    Use-FakeOrganization -Change {
        param($state)
        $connector = Find-FakeSendConnector $state $Identity
        $state.sendConnectors = @($state.sendConnectors | Where-Object { $_.Guid -ne $connector.Guid })
    } | Out-Null
}

Export-ModuleMember -Function @('Get-SendConnector', 'New-SendConnector', 'Set-SendConnector', 'Remove-SendConnector')
