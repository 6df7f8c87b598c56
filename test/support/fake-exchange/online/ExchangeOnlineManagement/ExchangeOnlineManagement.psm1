# A fake of the Exchange Online PowerShell module for tests: the cmdlets the generated scripts call, with the parameter
# names, types, mandatory flags and value sets of Microsoft's cmdlet reference (learn.microsoft.com, ExchangePowerShell),
# -WhatIf and -Confirm, and the tenant's objects kept in a JSON file per tenant (FakeExchangeState.ps1).
# It is named like the real module so the scripts' `#Requires -Modules ExchangeOnlineManagement` loads it.
#
# Behaviour kept from Exchange Online: app-only Connect-ExchangeOnline needs -Organization; every other cmdlet needs a
# connection; connector names are unique per tenant and kind, whatever their case; `$null` clears a multi-valued setting;
# an unknown parameter is an error (advanced functions without positional binding); Remove-* and Disconnect-ExchangeOnline
# ask for confirmation unless -Confirm:$false; there is no New-AcceptedDomain; the rules Exchange enforces on a connector
# (domain.md section 2) are checked when it is created or changed.
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot '..' '..' 'FakeExchangeState.ps1')

$script:FakeConnection = $null

$script:InboundProperties = @(
    'Identity', 'Name', 'Guid', 'Enabled', 'ConnectorType', 'ConnectorSource', 'Comment', 'SenderIPAddresses', 'SenderDomains',
    'AssociatedAcceptedDomains', 'RequireTls', 'RestrictDomainsToIPAddresses', 'RestrictDomainsToCertificate', 'CloudServicesMailEnabled',
    'TreatMessagesAsInternal', 'TlsSenderCertificateName', 'ClientHostNames', 'EFTestMode', 'EFSkipLastIP', 'EFSkipIPs', 'EFSkipMailGateway',
    'EFUsers', 'ScanAndDropRecipients', 'TrustedOrganizations'
)
$script:OutboundProperties = @(
    'Identity', 'Name', 'Guid', 'Enabled', 'UseMXRecord', 'Comment', 'ConnectorType', 'ConnectorSource', 'RecipientDomains', 'SmartHosts',
    'TlsDomain', 'TlsSettings', 'IsTransportRuleScoped', 'RouteAllMessagesViaOnPremises', 'CloudServicesMailEnabled', 'AllAcceptedDomains',
    'SenderRewritingEnabled', 'TestMode', 'LinkForModifiedConnector', 'MtaStsMode', 'SmtpDaneMode', 'IsValidated', 'LastValidationTimestamp',
    'ValidationRecipients'
)
$script:DomainProperties = @('Identity', 'Name', 'DomainName', 'DomainType', 'Default', 'InitialDomain', 'MatchSubDomains', 'OutboundOnly', 'AddressBookEnabled', 'PendingRemoval', 'PendingCompletion', 'SendingFromDomainDisabled', 'SendingToDomainDisabled')
$script:SpoofProperties = @('Identity', 'SpoofedUser', 'SendingInfrastructure', 'SpoofType', 'Action')

# --- the connection -----------------------------------------------------------------------------------------------------

function Connect-ExchangeOnline {
    [CmdletBinding(PositionalBinding = $false)]
    param(
        [Parameter(Position = 0)] [string] $ConnectionUri,
        [Parameter(Position = 1)] [string] $AzureADAuthorizationEndpointUri,
        [Parameter(Position = 2)] [ValidateSet('O365Default', 'O365GermanyCloud', 'O365China', 'O365USGovGCCHigh', 'O365USGovDoD')] [string] $ExchangeEnvironmentName = 'O365Default',
        [Parameter(Position = 3)] [System.Management.Automation.Remoting.PSSessionOption] $PSSessionOption,
        [Parameter(Position = 4)] [string] $DelegatedOrganization,
        [Parameter(Position = 5)] [string] $Prefix,
        [Parameter(Position = 6)] [string[]] $CommandName,
        [Parameter(Position = 7)] [string[]] $FormatTypeName,
        [string] $AccessToken,
        [string] $AppId,
        [switch] $BypassMailboxAnchoring,
        [System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate,
        [string] $CertificateFilePath,
        [System.Security.SecureString] $CertificatePassword,
        [string] $CertificateThumbprint,
        [System.Management.Automation.PSCredential] $Credential,
        [switch] $Device,
        [switch] $DisableWAM,
        [switch] $EnableErrorReporting,
        [string] $EXOModuleBasePath,
        [switch] $InlineCredential,
        [switch] $LoadCmdletHelp,
        [string] $LogDirectoryPath,
        [ValidateSet('Default', 'All')] [string] $LogLevel,
        [switch] $ManagedIdentity,
        [string] $ManagedIdentityAccountId,
        [string] $Organization,
        [uint32] $PageSize,
        [switch] $ShowBanner,
        [bool] $ShowProgress,
        [System.Security.Cryptography.X509Certificates.X509Certificate2] $SigningCertificate,
        [switch] $SkipLoadingCmdletHelp,
        [switch] $SkipLoadingFormatData,
        [bool] $TrackPerformance,
        [bool] $UseMultithreading,
        [string] $UserPrincipalName,
        [switch] $UseRPSSession
    )
    if ([string]::IsNullOrEmpty($AppId)) {
        throw 'fake Exchange: only app-only authentication (-AppId with a certificate) is available in the tests: an interactive sign-in would wait for a browser.'
    }
    if ([string]::IsNullOrEmpty($Organization)) {
        throw 'Organization cannot be empty: app-only authentication (-AppId) needs -Organization <tenant>.onmicrosoft.com.'
    }
    if ([string]::IsNullOrEmpty($CertificateThumbprint) -and [string]::IsNullOrEmpty($CertificateFilePath) -and $null -eq $Certificate) {
        throw 'fake Exchange: app-only authentication needs -CertificateFilePath, -CertificateThumbprint or -Certificate.'
    }
    if (-not [string]::IsNullOrEmpty($CertificateFilePath) -and -not [System.IO.File]::Exists($CertificateFilePath)) {
        throw "Could not find the certificate file $CertificateFilePath."
    }
    $initial = $Organization.ToLowerInvariant()
    $path = Get-FakeExchangeStatePath -Kind exo -Name $initial
    Use-FakeExchangeState -Path $path -New { New-FakeTenantState -InitialDomain $initial } -Change { param($state) } | Out-Null
    $script:FakeConnection = [pscustomobject] [ordered]@{
        ConnectionId = [guid]::NewGuid().ToString()
        State = 'Connected'
        Id = 1
        Name = 'ExchangeOnline_1'
        UserPrincipalName = $null
        ConnectionUri = 'https://outlook.office365.com'
        TokenStatus = 'Active'
        CertificateAuthentication = $true
        ModuleName = 'tmpEXO_fake'
        ModulePrefix = $Prefix
        Organization = $Organization
        DelegatedOrganization = $DelegatedOrganization
        AppId = $AppId
        PageSize = 1000
        TenantID = $initial
        IsEopSession = $false
    }
    Add-FakeExchangeLogLine -Log 'sessions.jsonl' -Entry ([ordered]@{ event = 'connect'; kind = 'exo'; organization = $Organization; appId = $AppId; process = $PID })
    if ($ShowBanner) { Write-Host 'This is the fake Exchange Online module of the cdktf-mailflow tests.' }
}

function Disconnect-ExchangeOnline {
    [CmdletBinding(DefaultParameterSetName = 'DefaultParameterSet', SupportsShouldProcess = $true, ConfirmImpact = 'High', PositionalBinding = $false)]
    param(
        [Parameter(Mandatory = $true, ParameterSetName = 'ConnectionId')] [string[]] $ConnectionId,
        [Parameter(Mandatory = $true, ParameterSetName = 'ModulePrefix')] [string[]] $ModulePrefix
    )
    if ($null -eq $script:FakeConnection) { return }
    if ($PSCmdlet.ShouldProcess('the Exchange Online session', 'Disconnect')) {
        Add-FakeExchangeLogLine -Log 'sessions.jsonl' -Entry ([ordered]@{ event = 'disconnect'; kind = 'exo'; organization = $script:FakeConnection.Organization; process = $PID })
        $script:FakeConnection = $null
    }
}

function Get-ConnectionInformation {
    [CmdletBinding(DefaultParameterSetName = 'Default', PositionalBinding = $false)]
    param(
        [Parameter(Mandatory = $true, ParameterSetName = 'ConnectionId')] [string[]] $ConnectionId,
        [Parameter(Mandatory = $true, ParameterSetName = 'ModulePrefix')] [string[]] $ModulePrefix
    )
    if ($null -eq $script:FakeConnection) { return }
    if ($PSCmdlet.ParameterSetName -eq 'ConnectionId' -and $ConnectionId -notcontains $script:FakeConnection.ConnectionId) { return }
    $script:FakeConnection
}

function New-FakeTenantState {
    param([Parameter(Mandatory = $true)] [string] $InitialDomain)
    $label = $InitialDomain.Split('.')[0]
    $domain = {
        param([string] $Name, [bool] $Initial, [bool] $Default)
        [ordered]@{
            Identity = $Name; Name = $Name; DomainName = $Name; DomainType = 'Authoritative'; Default = $Default; InitialDomain = $Initial
            MatchSubDomains = $false; OutboundOnly = $false; AddressBookEnabled = $true; PendingRemoval = $false; PendingCompletion = $false
            SendingFromDomainDisabled = $false; SendingToDomainDisabled = $false
        }
    }
    return [ordered]@{
        initialDomain = $InitialDomain
        acceptedDomains = @((& $domain $InitialDomain $true $true), (& $domain "$label.mail.onmicrosoft.com" $false $false))
        inboundConnectors = @()
        outboundConnectors = @()
        spoofItems = @()
        organizationConfig = [ordered]@{ Name = $label; Identity = $label; RejectDirectSend = $false }
    }
}

# Runs $Change on the connected tenant's state; throws as Exchange does when there is no connection.
function Use-FakeTenant {
    param([Parameter(Mandatory = $true)] [scriptblock] $Change, [switch] $ReadOnly)
    if ($null -eq $script:FakeConnection) {
        throw 'You must call the Connect-ExchangeOnline cmdlet before calling any other cmdlets.'
    }
    $initial = $script:FakeConnection.TenantID
    return Use-FakeExchangeState -Path (Get-FakeExchangeStatePath -Kind exo -Name $initial) -New { New-FakeTenantState -InitialDomain $initial } -Change $Change -ReadOnly:$ReadOnly
}

function Get-FakeTenantName {
    return [string] $script:FakeConnection.TenantID
}

# --- accepted domains ---------------------------------------------------------------------------------------------------

function Find-FakeDomain {
    param($State, [Parameter(Mandatory = $true)] [object] $Identity)
    $text = Get-FakeIdentityText $Identity
    $found = @($State.acceptedDomains | Where-Object { (Test-FakeSameName $_.Identity $text) -or (Test-FakeSameName $_.DomainName $text) })
    if ($found.Count -eq 0) { throw "The operation couldn't be performed because object '$text' couldn't be found on '$(Get-FakeTenantName)'." }
    return $found[0]
}

function Get-AcceptedDomain {
    [CmdletBinding(PositionalBinding = $false)]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [string] $DomainController,
        [object] $ResultSize
    )
    $hasIdentity = $PSBoundParameters.ContainsKey('Identity')
    $domains = Use-FakeTenant -ReadOnly -Change {
        param($state)
        if ($hasIdentity) { , @(Find-FakeDomain $state $Identity) } else { , @($state.acceptedDomains) }
    }
    foreach ($d in $domains) { ConvertTo-FakeExchangeObject -Stored $d -Properties $script:DomainProperties }
}

function Set-AcceptedDomain {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', PositionalBinding = $false)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [bool] $AddressBookEnabled,
        [bool] $CanHaveCloudCache,
        [string] $DomainController,
        [ValidateSet('Authoritative', 'InternalRelay', 'ExternalRelay')] [string] $DomainType,
        [bool] $EnableNego2Authentication,
        [bool] $MakeDefault,
        [string] $MailFlowRegion,
        [bool] $MatchSubDomains,
        [string] $Name,
        [bool] $OutboundOnly,
        [bool] $PendingCompletion,
        [bool] $PendingRemoval,
        [bool] $SendingFromDomainDisabled,
        [bool] $SendingToDomainDisabled
    )
    $bound = $PSBoundParameters
    $whatIf = -not $PSCmdlet.ShouldProcess((Get-FakeIdentityText $Identity), 'Set-AcceptedDomain')
    Add-FakeExchangeCall -Cmdlet 'Set-AcceptedDomain' -Bound $bound -Scope (Get-FakeTenantName) -WhatIf $whatIf
    if ($whatIf) { return }
    Use-FakeTenant -Change {
        param($state)
        $domain = Find-FakeDomain $state $Identity
        if ($bound.ContainsKey('DomainType') -and $DomainType -eq 'ExternalRelay') { Stop-FakeExchange 'ExternalRelay accepted domains exist only in on-premises Exchange.' }
        foreach ($key in @('DomainType', 'MatchSubDomains', 'OutboundOnly', 'Name', 'AddressBookEnabled', 'PendingCompletion', 'PendingRemoval', 'SendingFromDomainDisabled', 'SendingToDomainDisabled')) {
            if ($bound.ContainsKey($key)) { $domain[$key] = $bound[$key] }
        }
        if ($bound.ContainsKey('MakeDefault') -and $MakeDefault) { foreach ($d in $state.acceptedDomains) { $d.Default = $false }; $domain.Default = $true }
        if ($domain.MatchSubDomains -and $domain.DomainType -ne 'InternalRelay') {
            Stop-FakeExchange "accepted domain $($domain.DomainName): MatchSubDomains can be set only on an InternalRelay domain."
        }
    } | Out-Null
}

# --- connectors ---------------------------------------------------------------------------------------------------------

$script:ConnectorLists = @{ Inbound = 'inboundConnectors'; Outbound = 'outboundConnectors' }

function Find-FakeConnector {
    param($State, [Parameter(Mandatory = $true)] [string] $Kind, [Parameter(Mandatory = $true)] [object] $Identity)
    $text = Get-FakeIdentityText $Identity
    $found = @($State[$script:ConnectorLists[$Kind]] | Where-Object { (Test-FakeSameName $_.Identity $text) -or (Test-FakeSameName $_.Guid $text) })
    if ($found.Count -eq 0) { throw "The operation couldn't be performed because object '$text' couldn't be found on '$(Get-FakeTenantName)'." }
    return $found[0]
}

function Get-FakeConnectors {
    param([Parameter(Mandatory = $true)] [string] $Kind, $Identity, [bool] $HasIdentity)
    $properties = if ($Kind -eq 'Inbound') { $script:InboundProperties } else { $script:OutboundProperties }
    $connectors = Use-FakeTenant -ReadOnly -Change {
        param($state)
        if ($HasIdentity) { , @(Find-FakeConnector $state $Kind $Identity) } else { , @($state[$script:ConnectorLists[$Kind]]) }
    }
    foreach ($c in $connectors) {
        $object = ConvertTo-FakeExchangeObject -Stored $c -Properties $properties
        # Exchange shows sender domains as address spaces: smtp:<domain>;1.
        if ($Kind -eq 'Inbound') { $object.SenderDomains = [string[]] @($c.SenderDomains | ForEach-Object { if ($_ -match '^[A-Za-z0-9]+:') { $_ } else { "smtp:$_;1" } }) }
        $object
    }
}

# Copies the bound settings onto a connector; `$null` for a multi-valued setting clears it.
function Set-FakeSettings {
    param([Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Connector, [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Bound, [string[]] $Lists)
    foreach ($key in @($Bound.Keys)) {
        if ($key -in @('Identity', 'WhatIf', 'Confirm', 'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction')) { continue }
        if ($key -in $Lists) { $Connector[$key] = ConvertTo-FakeList $Bound[$key] } else { $Connector[$key] = $Bound[$key] }
    }
}

# The rules Exchange Online enforces on a connector's settings (domain.md section 2), after a change.
function Assert-FakeConnector {
    param([Parameter(Mandatory = $true)] [string] $Kind, [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Connector, $State)
    $name = [string] $Connector.Name
    if ($name.Trim().Length -eq 0) { Stop-FakeExchange "$Kind connector: the Name is empty." }
    if ($name.Length -gt 64) { Stop-FakeExchange "$Kind connector '$name': the Name is longer than 64 characters." }
    $clash = @($State[$script:ConnectorLists[$Kind]] | Where-Object { $_.Guid -ne $Connector.Guid -and (Test-FakeSameName $_.Name $name) })
    if ($clash.Count -gt 0) { Stop-FakeExchange "A $Kind connector named '$($clash[0].Name)' already exists: names are unique per tenant, whatever their case." }
    if ($Kind -eq 'Inbound') {
        if ($Connector.TreatMessagesAsInternal -and ($Connector.ConnectorType -ne 'OnPremises' -or $Connector.CloudServicesMailEnabled)) {
            Stop-FakeExchange "inbound connector '$name': TreatMessagesAsInternal needs ConnectorType OnPremises and cannot be combined with CloudServicesMailEnabled."
        }
        if ($Connector.ConnectorType -eq 'OnPremises' -and @($Connector.SenderIPAddresses).Count -eq 0 -and [string]::IsNullOrEmpty([string] $Connector.TlsSenderCertificateName)) {
            Stop-FakeExchange "inbound connector '$name': an OnPremises connector needs SenderIPAddresses or TlsSenderCertificateName."
        }
        foreach ($range in @($Connector.SenderIPAddresses)) {
            if ($range -notmatch '^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(/(\d{1,2}))?$' -or ($null -ne $Matches[6] -and ([int] $Matches[6] -lt 24 -or [int] $Matches[6] -gt 32))) {
                Stop-FakeExchange "inbound connector '$name': SenderIPAddresses value '$range' is not an IPv4 address or a CIDR range from /24 to /32."
            }
        }
        if (@($Connector.SenderDomains).Count -eq 0) { Stop-FakeExchange "inbound connector '$name': SenderDomains is required." }
    } else {
        if (-not $Connector.UseMXRecord -and @($Connector.SmartHosts).Count -eq 0) { Stop-FakeExchange "outbound connector '$name': UseMXRecord `$false needs SmartHosts." }
        if ($Connector.UseMXRecord -and @($Connector.SmartHosts).Count -gt 0) { Stop-FakeExchange "outbound connector '$name': SmartHosts cannot be set with UseMXRecord `$true." }
        if (-not [string]::IsNullOrEmpty([string] $Connector.TlsDomain) -and $Connector.TlsSettings -ne 'DomainValidation') {
            Stop-FakeExchange "outbound connector '$name': TlsDomain is valid only with TlsSettings DomainValidation."
        }
        if (($Connector.AllAcceptedDomains -or $Connector.RouteAllMessagesViaOnPremises) -and $Connector.ConnectorType -ne 'OnPremises') {
            Stop-FakeExchange "outbound connector '$name': AllAcceptedDomains and RouteAllMessagesViaOnPremises need ConnectorType OnPremises."
        }
    }
}

$script:InboundLists = @('SenderIPAddresses', 'SenderDomains', 'AssociatedAcceptedDomains', 'ClientHostNames', 'EFSkipIPs', 'EFSkipMailGateway', 'EFUsers', 'ScanAndDropRecipients', 'TrustedOrganizations')
$script:OutboundLists = @('RecipientDomains', 'SmartHosts', 'ValidationRecipients')

function New-FakeConnector {
    param([Parameter(Mandatory = $true)] [string] $Kind, [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Bound, [Parameter(Mandatory = $true)] [System.Management.Automation.PSCmdlet] $Cmdlet)
    $whatIf = -not $Cmdlet.ShouldProcess([string] $Bound['Name'], "New-$($Kind)Connector")
    Add-FakeExchangeCall -Cmdlet "New-$($Kind)Connector" -Bound $Bound -Scope (Get-FakeTenantName) -WhatIf $whatIf
    if ($whatIf) { return }
    $properties = if ($Kind -eq 'Inbound') { $script:InboundProperties } else { $script:OutboundProperties }
    $lists = if ($Kind -eq 'Inbound') { $script:InboundLists } else { $script:OutboundLists }
    $stored = Use-FakeTenant -Change {
        param($state)
        $guid = [guid]::NewGuid().ToString()
        $connector = [ordered]@{}
        foreach ($p in $properties) { if ($p -in $lists) { $connector[$p] = @() } else { $connector[$p] = $null } }
        $defaults = if ($Kind -eq 'Inbound') {
            @{ Enabled = $true; ConnectorType = 'Partner'; ConnectorSource = 'Default'; RequireTls = $true; RestrictDomainsToIPAddresses = $false; RestrictDomainsToCertificate = $false
               CloudServicesMailEnabled = $false; TreatMessagesAsInternal = $false; EFTestMode = $false; EFSkipLastIP = $false }
        } else {
            @{ Enabled = $true; UseMXRecord = $true; ConnectorType = 'Partner'; ConnectorSource = 'Default'; IsTransportRuleScoped = $false; RouteAllMessagesViaOnPremises = $false
               CloudServicesMailEnabled = $false; AllAcceptedDomains = $false; SenderRewritingEnabled = $false; TestMode = $false; MtaStsMode = 'Opportunistic'; SmtpDaneMode = 'Opportunistic'; IsValidated = $false }
        }
        foreach ($key in $defaults.Keys) { $connector[$key] = $defaults[$key] }
        Set-FakeSettings -Connector $connector -Bound $Bound -Lists $lists
        $connector.Guid = $guid
        $connector.Identity = $connector.Name
        Assert-FakeConnector -Kind $Kind -Connector $connector -State $state
        $state[$script:ConnectorLists[$Kind]] = @($state[$script:ConnectorLists[$Kind]]) + @($connector)
        return $connector
    }
    Get-FakeConnectors -Kind $Kind -Identity $stored.Guid -HasIdentity $true
}

function Set-FakeConnector {
    param([Parameter(Mandatory = $true)] [string] $Kind, [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Bound, [Parameter(Mandatory = $true)] [System.Management.Automation.PSCmdlet] $Cmdlet)
    $whatIf = -not $Cmdlet.ShouldProcess((Get-FakeIdentityText $Bound['Identity']), "Set-$($Kind)Connector")
    Add-FakeExchangeCall -Cmdlet "Set-$($Kind)Connector" -Bound $Bound -Scope (Get-FakeTenantName) -WhatIf $whatIf
    if ($whatIf) { return }
    $lists = if ($Kind -eq 'Inbound') { $script:InboundLists } else { $script:OutboundLists }
    Use-FakeTenant -Change {
        param($state)
        $connector = Find-FakeConnector $state $Kind $Bound['Identity']
        Set-FakeSettings -Connector $connector -Bound $Bound -Lists $lists
        $connector.Identity = $connector.Name
        Assert-FakeConnector -Kind $Kind -Connector $connector -State $state
    } | Out-Null
}

function Remove-FakeConnector {
    param([Parameter(Mandatory = $true)] [string] $Kind, [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Bound, [Parameter(Mandatory = $true)] [System.Management.Automation.PSCmdlet] $Cmdlet)
    $text = Get-FakeIdentityText $Bound['Identity']
    $whatIf = -not $Cmdlet.ShouldProcess($text, "Remove-$($Kind)Connector")
    Add-FakeExchangeCall -Cmdlet "Remove-$($Kind)Connector" -Bound $Bound -Scope (Get-FakeTenantName) -WhatIf $whatIf
    if ($whatIf) { return }
    Use-FakeTenant -Change {
        param($state)
        $connector = Find-FakeConnector $state $Kind $Bound['Identity']
        $state[$script:ConnectorLists[$Kind]] = @($state[$script:ConnectorLists[$Kind]] | Where-Object { $_.Guid -ne $connector.Guid })
    } | Out-Null
}

function Get-InboundConnector {
    [CmdletBinding(PositionalBinding = $false)]
    param([Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity, [object] $ResultSize)
    Get-FakeConnectors -Kind Inbound -Identity $Identity -HasIdentity $PSBoundParameters.ContainsKey('Identity')
}

function New-InboundConnector {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', PositionalBinding = $false)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Name,
        [Parameter(Mandatory = $true)] [AllowNull()] [object[]] $SenderDomains,
        [object[]] $AssociatedAcceptedDomains,
        [object[]] $ClientHostNames,
        [bool] $CloudServicesMailEnabled,
        [string] $Comment,
        [ValidateSet('Default', 'HybridWizard', 'Migrated', 'AdminUI')] [string] $ConnectorSource,
        [ValidateSet('OnPremises', 'Partner')] [string] $ConnectorType,
        [object[]] $EFSkipIPs,
        [bool] $EFSkipLastIP,
        [object[]] $EFSkipMailGateway,
        [bool] $EFTestMode,
        [object[]] $EFUsers,
        [bool] $Enabled,
        [bool] $RequireTls,
        [bool] $RestrictDomainsToCertificate,
        [bool] $RestrictDomainsToIPAddresses,
        [object[]] $ScanAndDropRecipients,
        [object[]] $SenderIPAddresses,
        [string] $TlsSenderCertificateName,
        [bool] $TreatMessagesAsInternal,
        [object[]] $TrustedOrganizations
    )
    New-FakeConnector -Kind Inbound -Bound $PSBoundParameters -Cmdlet $PSCmdlet
}

function Set-InboundConnector {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', PositionalBinding = $false)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [object[]] $AssociatedAcceptedDomains,
        [bool] $CloudServicesMailEnabled,
        [string] $Comment,
        [ValidateSet('Default', 'HybridWizard', 'Migrated', 'AdminUI')] [string] $ConnectorSource,
        [ValidateSet('OnPremises', 'Partner')] [string] $ConnectorType,
        [object[]] $EFSkipIPs,
        [bool] $EFSkipLastIP,
        [object[]] $EFSkipMailGateway,
        [bool] $EFTestMode,
        [object[]] $EFUsers,
        [bool] $Enabled,
        [string] $Name,
        [bool] $RequireTls,
        [bool] $RestrictDomainsToCertificate,
        [bool] $RestrictDomainsToIPAddresses,
        [object[]] $ScanAndDropRecipients,
        [object[]] $SenderDomains,
        [object[]] $SenderIPAddresses,
        [AllowNull()] [string] $TlsSenderCertificateName,
        [bool] $TreatMessagesAsInternal,
        [object[]] $TrustedOrganizations
    )
    Set-FakeConnector -Kind Inbound -Bound $PSBoundParameters -Cmdlet $PSCmdlet
}

function Remove-InboundConnector {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High', PositionalBinding = $false)]
    param([Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity)
    Remove-FakeConnector -Kind Inbound -Bound $PSBoundParameters -Cmdlet $PSCmdlet
}

function Get-OutboundConnector {
    [CmdletBinding(PositionalBinding = $false)]
    param([Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity, [bool] $IncludeTestModeConnectors, [bool] $IsTransportRuleScoped, [object] $ResultSize)
    Get-FakeConnectors -Kind Outbound -Identity $Identity -HasIdentity $PSBoundParameters.ContainsKey('Identity')
}

function New-OutboundConnector {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', PositionalBinding = $false)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Name,
        [bool] $AllAcceptedDomains,
        [bool] $CloudServicesMailEnabled,
        [string] $Comment,
        [ValidateSet('Default', 'HybridWizard', 'Migrated', 'AdminUI')] [string] $ConnectorSource,
        [ValidateSet('OnPremises', 'Partner')] [string] $ConnectorType,
        [bool] $Enabled,
        [bool] $IsTransportRuleScoped,
        [guid] $LinkForModifiedConnector,
        [ValidateSet('Opportunistic', 'None')] [string] $MtaStsMode,
        [object[]] $RecipientDomains,
        [bool] $RouteAllMessagesViaOnPremises,
        [bool] $SenderRewritingEnabled,
        [object[]] $SmartHosts,
        [ValidateSet('Opportunistic', 'Mandatory')] [string] $SmtpDaneMode,
        [bool] $TestMode,
        [string] $TlsDomain,
        [ValidateSet('EncryptionOnly', 'CertificateValidation', 'DomainValidation')] [string] $TlsSettings,
        [bool] $UseMXRecord
    )
    New-FakeConnector -Kind Outbound -Bound $PSBoundParameters -Cmdlet $PSCmdlet
}

function Set-OutboundConnector {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', PositionalBinding = $false)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [bool] $AllAcceptedDomains,
        [bool] $CloudServicesMailEnabled,
        [string] $Comment,
        [ValidateSet('Default', 'HybridWizard', 'Migrated', 'AdminUI')] [string] $ConnectorSource,
        [ValidateSet('OnPremises', 'Partner')] [string] $ConnectorType,
        [bool] $Enabled,
        [bool] $IsTransportRuleScoped,
        [bool] $IsValidated,
        [datetime] $LastValidationTimestamp,
        [ValidateSet('Opportunistic', 'None')] [string] $MtaStsMode,
        [string] $Name,
        [object[]] $RecipientDomains,
        [bool] $RouteAllMessagesViaOnPremises,
        [bool] $SenderRewritingEnabled,
        [object[]] $SmartHosts,
        [ValidateSet('Opportunistic', 'Mandatory')] [string] $SmtpDaneMode,
        [bool] $TestMode,
        [AllowNull()] [string] $TlsDomain,
        # $null (blank) is a documented value of TlsSettings.
        [AllowNull()] [ValidateSet('EncryptionOnly', 'CertificateValidation', 'DomainValidation', $null)] [string] $TlsSettings,
        [bool] $UseMXRecord,
        [string[]] $ValidationRecipients
    )
    Set-FakeConnector -Kind Outbound -Bound $PSBoundParameters -Cmdlet $PSCmdlet
}

function Remove-OutboundConnector {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High', PositionalBinding = $false)]
    param([Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity)
    Remove-FakeConnector -Kind Outbound -Bound $PSBoundParameters -Cmdlet $PSCmdlet
}

# --- spoof entries (Tenant Allow/Block List) ----------------------------------------------------------------------------

function Assert-FakeDefaultPolicy {
    param([Parameter(Mandatory = $true)] [object] $Identity)
    if (-not (Test-FakeSameName (Get-FakeIdentityText $Identity) 'Default')) { throw "The operation couldn't be performed because object '$(Get-FakeIdentityText $Identity)' couldn't be found: the spoof entries belong to the policy 'Default'." }
}

function Get-TenantAllowBlockListSpoofItems {
    [CmdletBinding(PositionalBinding = $false)]
    param(
        [Parameter(Position = 0)] [object] $Identity,
        [ValidateSet('Allow', 'Block')] [string] $Action,
        [ValidateSet('External', 'Internal')] [string] $SpoofType
    )
    if ($PSBoundParameters.ContainsKey('Identity')) { Assert-FakeDefaultPolicy $Identity }
    $bound = $PSBoundParameters
    $items = Use-FakeTenant -ReadOnly -Change { param($state) , @($state.spoofItems) }
    foreach ($item in $items) {
        if ($bound.ContainsKey('Action') -and -not (Test-FakeSameName $item.Action $Action)) { continue }
        if ($bound.ContainsKey('SpoofType') -and -not (Test-FakeSameName $item.SpoofType $SpoofType)) { continue }
        ConvertTo-FakeExchangeObject -Stored $item -Properties $script:SpoofProperties
    }
}

function New-TenantAllowBlockListSpoofItems {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', PositionalBinding = $false)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [object] $Identity,
        [Parameter(Mandatory = $true)] [ValidateSet('Allow', 'Block')] [string] $Action,
        [Parameter(Mandatory = $true)] [string] $SendingInfrastructure,
        [Parameter(Mandatory = $true)] [string] $SpoofedUser,
        [Parameter(Mandatory = $true)] [ValidateSet('External', 'Internal')] [string] $SpoofType
    )
    Assert-FakeDefaultPolicy $Identity
    $bound = $PSBoundParameters
    $whatIf = -not $PSCmdlet.ShouldProcess("$SpoofedUser from $SendingInfrastructure", 'New-TenantAllowBlockListSpoofItems')
    Add-FakeExchangeCall -Cmdlet 'New-TenantAllowBlockListSpoofItems' -Bound $bound -Scope (Get-FakeTenantName) -WhatIf $whatIf
    if ($whatIf) { return }
    $item = Use-FakeTenant -Change {
        param($state)
        $same = @($state.spoofItems | Where-Object { (Test-FakeSameName $_.SpoofedUser $SpoofedUser) -and (Test-FakeSameName $_.SendingInfrastructure $SendingInfrastructure) -and (Test-FakeSameName $_.SpoofType $SpoofType) })
        if ($same.Count -gt 0) { Stop-FakeExchange "the spoof entry $SpoofedUser from $SendingInfrastructure ($SpoofType) already exists." }
        if (@($state.spoofItems).Count -ge 1024) { Stop-FakeExchange 'a tenant holds at most 1024 spoof entries.' }
        $item = [ordered]@{ Identity = [guid]::NewGuid().ToString(); SpoofedUser = $SpoofedUser; SendingInfrastructure = $SendingInfrastructure; SpoofType = $SpoofType; Action = $Action }
        $state.spoofItems = @($state.spoofItems) + @($item)
        return $item
    }
    ConvertTo-FakeExchangeObject -Stored $item -Properties $script:SpoofProperties
}

function Update-FakeSpoofItems {
    param([Parameter(Mandatory = $true)] [string[]] $Ids, [Parameter(Mandatory = $true)] [scriptblock] $SpoofChange)
    Use-FakeTenant -Change {
        param($state)
        foreach ($id in $Ids) {
            if (@($state.spoofItems | Where-Object { Test-FakeSameName $_.Identity $id }).Count -eq 0) { throw "The spoof entry with id '$id' couldn't be found." }
        }
        & $SpoofChange $state
    } | Out-Null
}

function Set-TenantAllowBlockListSpoofItems {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', PositionalBinding = $false)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [object] $Identity,
        [Parameter(Mandatory = $true)] [ValidateSet('Allow', 'Block')] [string] $Action,
        [Parameter(Mandatory = $true)] [string[]] $Ids
    )
    Assert-FakeDefaultPolicy $Identity
    $whatIf = -not $PSCmdlet.ShouldProcess(($Ids -join ', '), 'Set-TenantAllowBlockListSpoofItems')
    Add-FakeExchangeCall -Cmdlet 'Set-TenantAllowBlockListSpoofItems' -Bound $PSBoundParameters -Scope (Get-FakeTenantName) -WhatIf $whatIf
    if ($whatIf) { return }
    Update-FakeSpoofItems -Ids $Ids -SpoofChange { param($state) foreach ($item in $state.spoofItems) { if (@($Ids | Where-Object { Test-FakeSameName $item.Identity $_ }).Count -gt 0) { $item.Action = $Action } } }
}

function Remove-TenantAllowBlockListSpoofItems {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High', PositionalBinding = $false)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [object] $Identity,
        [Parameter(Mandatory = $true)] [string[]] $Ids
    )
    Assert-FakeDefaultPolicy $Identity
    $whatIf = -not $PSCmdlet.ShouldProcess(($Ids -join ', '), 'Remove-TenantAllowBlockListSpoofItems')
    Add-FakeExchangeCall -Cmdlet 'Remove-TenantAllowBlockListSpoofItems' -Bound $PSBoundParameters -Scope (Get-FakeTenantName) -WhatIf $whatIf
    if ($whatIf) { return }
    Update-FakeSpoofItems -Ids $Ids -SpoofChange { param($state) $state.spoofItems = @($state.spoofItems | Where-Object { $item = $_; @($Ids | Where-Object { Test-FakeSameName $item.Identity $_ }).Count -eq 0 }) }
}

# --- organization configuration -----------------------------------------------------------------------------------------

function Get-OrganizationConfig {
    [CmdletBinding(PositionalBinding = $false)]
    param([string] $DomainController)
    $config = Use-FakeTenant -ReadOnly -Change { param($state) $state.organizationConfig }
    [pscustomobject] [ordered]@{ Name = $config.Name; Identity = $config.Identity; RejectDirectSend = [bool] $config.RejectDirectSend }
}

# Only the setting the scripts use is implemented; Set-OrganizationConfig has hundreds, and any other is refused as unknown.
function Set-OrganizationConfig {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', PositionalBinding = $false)]
    param([bool] $RejectDirectSend, [string] $DomainController)
    $bound = $PSBoundParameters
    $whatIf = -not $PSCmdlet.ShouldProcess((Get-FakeTenantName), 'Set-OrganizationConfig')
    Add-FakeExchangeCall -Cmdlet 'Set-OrganizationConfig' -Bound $bound -Scope (Get-FakeTenantName) -WhatIf $whatIf
    if ($whatIf) { return }
    Use-FakeTenant -Change { param($state) if ($bound.ContainsKey('RejectDirectSend')) { $state.organizationConfig.RejectDirectSend = $RejectDirectSend } } | Out-Null
}

Export-ModuleMember -Function @(
    'Connect-ExchangeOnline', 'Disconnect-ExchangeOnline', 'Get-ConnectionInformation',
    'Get-AcceptedDomain', 'Set-AcceptedDomain',
    'Get-InboundConnector', 'New-InboundConnector', 'Set-InboundConnector', 'Remove-InboundConnector',
    'Get-OutboundConnector', 'New-OutboundConnector', 'Set-OutboundConnector', 'Remove-OutboundConnector',
    'Get-TenantAllowBlockListSpoofItems', 'New-TenantAllowBlockListSpoofItems', 'Set-TenantAllowBlockListSpoofItems', 'Remove-TenantAllowBlockListSpoofItems',
    'Get-OrganizationConfig', 'Set-OrganizationConfig'
)
