#Requires -Version 7.4
<#
.SYNOPSIS
    Builds CellOps, runs its tests and packs the module.
.DESCRIPTION
    Builds CellOps.sln (which assembles the module folder out/CellOps),
    runs the xunit tests, runs the Pester suite in tests/pester when Pester 5 is installed, and packs
    out/CellOps through eng/pack.ps1 into artifacts/CellOps-<version>.zip (the module folder) and
    artifacts/CellOps.<version>.nupkg (for Publish-PSResource -NupkgPath). On Linux it first installs
    the system libraries the native parts need, through eng/setup.sh.

    The repository's manifest has no ProjectUri, LicenseUri or HelpInfoUri, and the cmdlet help no
    online address, because CellOps has no public site; whoever publishes passes them here and they
    are written into the packed copy only.
.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -SkipTests -Pack
.EXAMPLE
    ./build.ps1 -SkipTests -Pack -ProjectUri https://example.org/cellops -LicenseUri https://example.org/cellops/LICENSE
    Publish-PSResource -NupkgPath artifacts/CellOps.0.1.0.nupkg -Repository MyRepository

    Packs with the publisher's links, then publishes the package to a registered repository.
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    [switch] $SkipTests,
    [switch] $Pack,
    # Links written into the packed manifest (eng/pack.ps1); none is invented when left out.
    [uri] $ProjectUri,
    [uri] $LicenseUri,
    [uri] $IconUri,
    [uri] $HelpInfoUri,
    # Each cmdlet's online help, for Get-Help -Online; {0} stands for the cmdlet's name.
    [string] $OnlineHelpUri
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

if ($IsLinux) {
    bash eng/setup.sh
} else {
    dotnet build CellOps.sln -c $Configuration -nologo
}
if ($LASTEXITCODE) { throw "The build failed (exit code $LASTEXITCODE)." }

if (-not $SkipTests) {
    dotnet test CellOps.sln -c $Configuration -nologo --no-build
    if ($LASTEXITCODE) { throw "xunit tests failed (exit code $LASTEXITCODE)." }

    $pester = Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0' | Sort-Object Version -Descending | Select-Object -First 1
    if ($pester) {
        Import-Module $pester
        $config = New-PesterConfiguration
        $config.Run.Path = Join-Path $PSScriptRoot 'tests/pester'
        $config.Run.Exit = $false
        $config.Run.PassThru = $true
        $config.Output.Verbosity = 'Normal'
        $run = Invoke-Pester -Configuration $config
        if ($run.FailedCount) { throw "$($run.FailedCount) Pester test(s) failed." }
    } else {
        Write-Warning 'Pester 5 is not installed; skipping tests/pester (the same cases run in xunit).'
    }
}

if ($Pack -or -not $SkipTests) {
    $links = @{}
    foreach ($name in 'ProjectUri', 'LicenseUri', 'IconUri', 'HelpInfoUri', 'OnlineHelpUri') {
        if ($PSBoundParameters.ContainsKey($name)) { $links[$name] = $PSBoundParameters[$name] }
    }
    $packages = & (Join-Path $PSScriptRoot 'eng/pack.ps1') -ModulePath (Join-Path $PSScriptRoot 'out/CellOps') `
        -DestinationPath (Join-Path $PSScriptRoot 'artifacts') -Format Zip, Nupkg @links
    foreach ($package in $packages) { Write-Host "Packed $($package.FullName) ($([math]::Round($package.Length / 1MB)) MB)" }
}
