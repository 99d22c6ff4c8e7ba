#Requires -Version 7.4
<#
.SYNOPSIS
    Builds CellOps, runs its tests and packs the module.
.DESCRIPTION
    Builds CellOps.sln (which assembles the module folder out/CellOps),
    runs the xunit tests, runs the Pester suite in tests/pester (tests/run-pester.ps1), and packs
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

    # The Pester suite runs in a fresh pwsh through the runner tests/run.sh uses: on Linux the repository's
    # pwsh and Pester (eng/setup.sh installs them), elsewhere the pwsh on PATH with its own Pester 5.
    if ($IsLinux) {
        bash eng/pwsh -File tests/run-pester.ps1
    } else {
        pwsh -NoProfile -File (Join-Path $PSScriptRoot 'tests/run-pester.ps1')
    }
    if ($LASTEXITCODE) { throw 'Pester tests failed (see the summary above).' }
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
