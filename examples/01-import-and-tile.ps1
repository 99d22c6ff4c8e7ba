<#
.SYNOPSIS
    Imports real blood-smear micrographs that ship with CellOps and cuts them into tile sets.
.DESCRIPTION
    The ten smears in examples/data/bccd are bright-field images from the public BCCD dataset, each
    with a white-cell mask rendered from the dataset's annotations (see data/bccd/SOURCE.md). They
    are not stem-cell images; the mask plays the part a binarized fluorescence image plays in the
    cardiomyocyte study: tile labels come from the positive area fraction of the paired image.

    Shows the micrographs and tile sets on the host and returns one object per smear (its tiles and
    positive tiles), so $perSmear = ./01-import-and-tile.ps1 keeps them.
    From the repository: eng/pwsh examples/01-import-and-tile.ps1
.PARAMETER DataPath
    Folder with the smears (*.jpg) and their masks (*_wbc.png).
.PARAMETER TileSize
    Tile width and height in pixels.
#>
#Requires -Modules CellOps
[CmdletBinding()]
param(
    [string] $DataPath = "$PSScriptRoot/data/bccd",
    [ValidateRange(8, 480)]
    [int] $TileSize = 64
)
$ErrorActionPreference = 'Stop'

# One line pairs every smear with its own mask. Each section is shown with Out-Host so that each
# kind of object prints as its own table, and only the per-smear summary is the script's output.
$fields = Import-Micrograph "$DataPath/*.jpg" -Role BrightField `
    -PairWith { $_.FullName -replace '\.jpg$', '_wbc.png' } -PairRole Mask
$fields | Out-Host

# Tiles for prediction: overlapping, the last row and column shifted inward so the whole field is
# covered. Labelled tiles, as in the cardiomyocyte study: 1 where at least half of the tile is
# positive in the binarized pair (Otsu's threshold on the mask). And the same, keeping only tiles
# where at least 2% of the pixels stand out from the smear's background (the stained white cells):
# the positive class is no longer a small minority.
$prediction = $fields | New-TileSet -Size $TileSize -Overlap ($TileSize / 4) -EdgePolicy Shift
$labelled = $fields | New-TileSet -Size $TileSize -Target Label -AreaFraction 0.5
$focused = $fields | New-TileSet -Size $TileSize -Target Label -AreaFraction 0.5 -ForegroundFraction 0.02
$prediction, $labelled, $focused | Out-Host

# White-cell area per field from the labelled tiles: the fraction of positive tiles, the
# "efficiency" a virtual-staining model will later predict without the mask.
$perField = @{}
foreach ($tile in $labelled.Tiles) {
    $counts = $perField[$tile.Source.Name]
    if (-not $counts) { $counts = $perField[$tile.Source.Name] = @(0, 0) }
    $counts[$tile.Label]++
}
$fields | ForEach-Object {
    $counts = $perField[$_.Name]
    [pscustomobject]@{
        Micrograph       = $_.Name
        Tiles            = $counts[0] + $counts[1]
        PositiveTiles    = $counts[1]
        PositiveFraction = [math]::Round($counts[1] / [math]::Max(1, $counts[0] + $counts[1]), 3)
    }
}
