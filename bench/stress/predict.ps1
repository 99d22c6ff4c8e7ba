<#
.SYNOPSIS
    One inference of the stress check: a trained package over eight smears, overlapping tiles.
#>
param(
    [Parameter(Mandatory)] [string] $Model,
    [string] $DataPath = "$PSScriptRoot/../../examples/data/bccd"
)
$ErrorActionPreference = 'Stop'
$result = Import-Micrograph "$DataPath/BloodImage_0001[0-7].jpg" -Channel 1 -Role BrightField `
        -PairWith { $_.FullName -replace '\.jpg$', '_wbc.png' } -PairRole Mask |
    New-TileSet -Size 64 -Stride 32 -Target Label -AreaFraction 0.2 |
    Invoke-CellModel -Model $Model -Threads 1
if (@($result).Count -ne 1 -or $result.Tiles.Count -lt 100 -or $null -eq $result.Evaluation) { throw "Expected one evaluated result over the smears' tiles, got $(@($result).Count) with $($result.Tiles.Count) tiles." }
