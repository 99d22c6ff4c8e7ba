<#
.SYNOPSIS
    One training of the stress check: the reproduction of issue 13 (four smears, 12 epochs, seed 1).
#>
param(
    [Parameter(Mandatory)] [string] $OutFile,
    [string] $DataPath = "$PSScriptRoot/../../examples/data/bccd"
)
$ErrorActionPreference = 'Stop'
$f = Import-Micrograph "$DataPath/BloodImage_0000[0-3].jpg" -Channel 1 -Role BrightField `
        -PairWith { $_.FullName -replace '\.jpg$', '_wbc.png' } -PairRole Mask
$f | New-TileSet -Size 64 -Target Label -AreaFraction 0.2 |
    Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 12 -Seed 1 -HyperParameter @{ Depth = 3; BaseWidth = 16 } `
        -BatchSize 16 -Threads 1 -ValidationFraction 0.25 -OutFile $OutFile | Out-Null
