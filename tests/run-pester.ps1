<#
.SYNOPSIS
    Runs CellOps' Pester suite (every tests/pester/*.Tests.ps1) and ends with one summary line.
.DESCRIPTION
    Meant for the repository's pwsh: eng/pwsh tests/run-pester.ps1. tests/run.sh and build.ps1 call it.
    The last line is "pester: N passed, N failed, N skipped". A block or file that fails outside its
    tests (a BeforeAll that throws, a file that does not parse) counts as one failure more, so a broken
    file can never pass as zero tests. Exits 0 only when nothing failed.
.PARAMETER Path
    Test files or folders; every *.Tests.ps1 in tests/pester by default.
.PARAMETER ResultPath
    Where to write the results as NUnit XML; none when not given.
.PARAMETER Verbosity
    Pester's output: None, Normal (failures and one line per file), Detailed (every test) or Diagnostic.
#>
[CmdletBinding()]
param(
    [string[]] $Path = (Join-Path $PSScriptRoot 'pester'),
    [string] $ResultPath,
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Verbosity = 'Normal'
)
$ErrorActionPreference = 'Stop'

try {
    Import-Module Pester -MinimumVersion 5.0 -ErrorAction Stop
    $config = New-PesterConfiguration
    $config.Run.Path = $Path
    $config.Run.PassThru = $true
    $config.Run.Exit = $false
    $config.Output.Verbosity = $Verbosity
    # Colour codes only where a terminal shows them, not in CI logs.
    if ([Console]::IsOutputRedirected) { $config.Output.RenderMode = 'Plaintext' }
    if ($ResultPath) {
        $config.TestResult.Enabled = $true
        $config.TestResult.OutputFormat = 'NUnitXml'
        $config.TestResult.OutputPath = $ResultPath
    }
    $run = Invoke-Pester -Configuration $config
    if (-not $run) { throw "Invoke-Pester returned no result for $($Path -join ', ')." }
} catch {
    Write-Host "pester: could not run: $($_.Exception.Message)"
    Write-Host 'pester: 0 passed, 1 failed, 0 skipped'
    exit 1
}

$failed = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
if ($run.TotalCount -eq 0 -and $failed -eq 0) {
    Write-Host "pester: no tests found in $($Path -join ', ')"
    $failed = 1
}
Write-Host "pester: $($run.PassedCount) passed, $failed failed, $($run.SkippedCount + $run.NotRunCount) skipped"
exit ([int] ($failed -gt 0))
