<#
.SYNOPSIS
    The soak check: a long headless run (import, tile, predict, export) whose memory must stay flat
    and whose time must grow linearly with the number of micrographs.
.DESCRIPTION
    Makes -Count micrographs (256×256 crops of the shipped BCCD smears, each a distinct file), trains a
    tiny tile classifier once, then runs the pipeline a user would script over them in batches of
    -BatchSize: Import-Micrograph, New-TileSet, Invoke-CellModel, Export-VirtualStain. After each batch
    it records the process's resident memory (after a full garbage collection, so that only what is
    really kept counts) and the batch's time. Prints one line per batch and the figures: the memory
    slope (least squares, MB per 100 micrographs, over the second half so that warm-up does not count)
    and the time per micrograph in the first and the last quarter. Ends with "N passed, N failed"
    against the bounds: slope under 5 MB per 100 micrographs, last quarter at most 1.25× the first.
.EXAMPLE
    eng/pwsh bench/soak/run.ps1 -Count 1000
#>
#Requires -Modules CellOps
[CmdletBinding()]
param(
    [ValidateRange(50, 100000)]
    [int] $Count = 1000,
    [ValidateRange(10, 1000)]
    [int] $BatchSize = 50,
    [string] $WorkFolder = [IO.Path]::Combine([IO.Path]::GetTempPath(), 'cellops-soak')
)
$ErrorActionPreference = 'Stop'
$images = [IO.Path]::Combine($WorkFolder, 'images')
$stains = [IO.Path]::Combine($WorkFolder, 'stains')
foreach ($folder in $images, $stains) { if (Test-Path $folder) { Remove-Item $folder -Recurse -Force }; $null = New-Item -ItemType Directory $folder }

# Distinct files: crops at different offsets of the 24 smears, written as PNG by the module itself.
$smears = @(Import-Micrograph ([IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'data', 'bccd', '*.jpg')))
$fields = @($smears | Split-Micrograph -Size 256 | Where-Object { $_.Width -eq 256 -and $_.Height -eq 256 })
Write-Host ("Writing {0} micrographs of 256×256 from {1} crops of {2} smears" -f $Count, $fields.Count, $smears.Count)
$made = 0
while ($made -lt $Count) {
    foreach ($field in $fields) {
        if ($made -ge $Count) { break }
        $null = $field | Export-Micrograph -OutputDirectory $images -Force
        Rename-Item ([IO.Path]::Combine($images, [IO.Path]::GetFileNameWithoutExtension($field.Name) + '.png')) ('{0:D6}.png' -f $made)
        $made++
    }
}

$training = Import-Micrograph ([IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'data', 'bccd', 'BloodImage_0000[0-3].jpg')) -Role BrightField `
    -PairWith { $_.FullName -replace '\.jpg$', '_wbc.png' } -PairRole Mask
$model = $training | New-TileSet -Size 64 -Target Label -AreaFraction 0.2 |
    Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -HyperParameter @{ Depth = 2; BaseWidth = 8 } -Threads 2 `
        -OutFile ([IO.Path]::Combine($WorkFolder, 'soak.cellmodel')) -Force

$files = @(Get-ChildItem $images -Filter *.png | Sort-Object Name)
$rows = [Collections.Generic.List[object]]::new()
$process = [Diagnostics.Process]::GetCurrentProcess()
for ($start = 0; $start -lt $files.Count; $start += $BatchSize) {
    $batch = $files[$start..([Math]::Min($files.Count, $start + $BatchSize) - 1)]
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $batch | Import-Micrograph | New-TileSet -Size 64 -Stride 64 | Invoke-CellModel $model -Threads 2 |
        Export-VirtualStain -OutputDirectory $stains -Force
    $seconds = $clock.Elapsed.TotalSeconds
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    $process.Refresh()
    $row = [pscustomobject]@{ Done = $start + $batch.Count; Seconds = $seconds; PerImageMs = 1000 * $seconds / $batch.Count; RssMb = $process.WorkingSet64 / 1MB; ManagedMb = [GC]::GetTotalMemory($false) / 1MB }
    $rows.Add($row)
    Write-Host ('{0,6} micrographs  {1,6:0.0} s  {2,6:0} ms each  RSS {3,6:0} MB  managed {4,5:0} MB' -f $row.Done, $row.Seconds, $row.PerImageMs, $row.RssMb, $row.ManagedMb)
}

# Least-squares slope of RSS over the second half, in MB per 100 micrographs.
$half = @($rows | Select-Object -Skip ([Math]::Floor($rows.Count / 2)))
$mx = ($half | Measure-Object Done -Average).Average; $my = ($half | Measure-Object RssMb -Average).Average
$sxy = 0.0; $sxx = 0.0
foreach ($r in $half) { $sxy += ($r.Done - $mx) * ($r.RssMb - $my); $sxx += ($r.Done - $mx) * ($r.Done - $mx) }
$slope = if ($sxx -gt 0) { 100 * $sxy / $sxx } else { 0 }
$quarter = [Math]::Max(1, [Math]::Floor($rows.Count / 4))
$first = ($rows | Select-Object -First $quarter | Measure-Object PerImageMs -Average).Average
$last = ($rows | Select-Object -Last $quarter | Measure-Object PerImageMs -Average).Average
$stainCount = @(Get-ChildItem $stains -Filter *.stain.tif).Count

Write-Host ''
Write-Host ('Soak: {0} micrographs in {1:0} s; {2} stains written' -f $files.Count, ($rows | Measure-Object Seconds -Sum).Sum, $stainCount)
Write-Host ('  memory slope over the second half: {0:0.00} MB per 100 micrographs (RSS {1:0} → {2:0} MB)' -f $slope, $rows[0].RssMb, $rows[-1].RssMb)
Write-Host ('  time per micrograph: first quarter {0:0} ms, last quarter {1:0} ms ({2:0.00}×)' -f $first, $last, ($last / $first))
$passed = 0; $failed = 0
if ($slope -lt 5) { $passed++ } else { $failed++; Write-Host '  memory is not flat' }
if ($last -le 1.25 * $first) { $passed++ } else { $failed++; Write-Host '  time per micrograph grows' }
if ($stainCount -eq $files.Count) { $passed++ } else { $failed++; Write-Host "  $stainCount stains for $($files.Count) micrographs" }
"$passed passed, $failed failed"
