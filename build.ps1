#Requires -Version 7.4
<#
.SYNOPSIS
    Builds CellOps, runs its tests and packs the module.
.DESCRIPTION
    Builds CellOps.sln (which assembles the module folder out/CellOps and the host out/cellops),
    runs the xunit tests, runs the Pester suite in tests/pester when Pester 5 is installed, and packs
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
    $manifest = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'out/CellOps/CellOps.psd1')
    $artifacts = New-Item -ItemType Directory -Force (Join-Path $PSScriptRoot 'artifacts')
    $zip = Join-Path $artifacts "CellOps-$($manifest.ModuleVersion).zip"
    Compress-Archive -Path (Join-Path $PSScriptRoot 'out/CellOps') -DestinationPath $zip -Force
    Write-Host "Packed $zip"
}
