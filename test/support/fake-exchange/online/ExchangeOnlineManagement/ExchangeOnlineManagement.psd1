@{
    # The fake Exchange Online module of the cdktf-mailflow tests (test/support/fake-exchange). Named and versioned like
    # the real module so the scripts' #Requires -Modules loads it when its folder is on PSModulePath.
    RootModule = 'ExchangeOnlineManagement.psm1'
    ModuleVersion = '3.0.0'
    GUID = '7f4e5c1a-1d9b-4f0e-9a51-2f3c2d1b6a01'
    Author = 'cdktf-mailflow tests'
    Description = 'Fake Exchange Online cmdlets for tests; state in JSON files under FAKE_EXCHANGE_STATE.'
    PowerShellVersion = '7.4'
    FunctionsToExport = @(
        'Connect-ExchangeOnline', 'Disconnect-ExchangeOnline', 'Get-ConnectionInformation',
        'Get-AcceptedDomain', 'Set-AcceptedDomain',
        'Get-InboundConnector', 'New-InboundConnector', 'Set-InboundConnector', 'Remove-InboundConnector',
        'Get-OutboundConnector', 'New-OutboundConnector', 'Set-OutboundConnector', 'Remove-OutboundConnector',
        'Get-TenantAllowBlockListSpoofItems', 'New-TenantAllowBlockListSpoofItems', 'Set-TenantAllowBlockListSpoofItems', 'Remove-TenantAllowBlockListSpoofItems',
        'Get-OrganizationConfig', 'Set-OrganizationConfig'
    )
    CmdletsToExport = @()
    VariablesToExport = @()
    AliasesToExport = @()
}
