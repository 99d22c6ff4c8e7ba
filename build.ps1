#Requires -Version 7.4
<#
.SYNOPSIS
    Builds CellOps, runs its tests and packs the module.
.DESCRIPTION
    Builds CellOps.sln (which assembles the module folder out/CellOps and the host out/cellops),
    runs the xunit tests, runs the Pester suite in tests/pester (tests/run-pester.ps1), and packs
    out/CellOps into artifacts/CellOps-<version>.zip. On Linux it first installs the system libraries
    the native parts need, through eng/setup.sh.
.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -SkipTests -Pack
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    [switch] $SkipTests,
    [switch] $Pack
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
    $manifest = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'out/CellOps/CellOps.psd1')
    $artifacts = New-Item -ItemType Directory -Force (Join-Path $PSScriptRoot 'artifacts')
    $zip = Join-Path $artifacts "CellOps-$($manifest.ModuleVersion).zip"
    Compress-Archive -Path (Join-Path $PSScriptRoot 'out/CellOps') -DestinationPath $zip -Force
    Write-Host "Packed $zip"
}
