<#
.SYNOPSIS
    Imports real blood-smear micrographs that ship with CellOps and cuts them into tile sets.
.DESCRIPTION
    The ten smears in examples/data/bccd are bright-field images from the public BCCD dataset, each
    with a white-cell mask rendered from the dataset's annotations (see data/bccd/SOURCE.md). They
    are not stem-cell images; the mask plays the part a binarized fluorescence image plays in the
    cardiomyocyte study: tile labels come from the positive area fraction of the paired image.

    Runs in pwsh (Import-Module CellOps first) and in the cellops host: out/cellops examples/01-import-and-tile.ps1
.PARAMETER DataPath
    Folder with the smears (*.jpg) and their masks (*_wbc.png).
.PARAMETER TileSize
    Tile width and height in pixels.
#>
param(
    [string] $DataPath = "$PSScriptRoot/data/bccd",
    [ValidateRange(8, 480)]
    [int] $TileSize = 64
)
$ErrorActionPreference = 'Stop'

# One line pairs every smear with its own mask.
$fields = Import-Micrograph "$DataPath/*.jpg" -Role BrightField `
    -PairWith { $_.FullName -replace '\.jpg$', '_wbc.png' } -PairRole Mask
$fields

# Tiles for prediction: overlapping, the last row and column shifted inward so the whole field is covered.
$fields | New-TileSet -Size $TileSize -Overlap ($TileSize / 4) -EdgePolicy Shift

# Labelled tiles, as in the cardiomyocyte study: 1 where at least half of the tile is positive in the
# binarized pair (Otsu's threshold on the mask).
$labelled = $fields | New-TileSet -Size $TileSize -Target Label -AreaFraction 0.5
$labelled

# The same, dropping plain background tiles (mostly empty glass between the cells).
$fields | New-TileSet -Size $TileSize -Target Label -AreaFraction 0.5 -ForegroundFraction 0.25

# White-cell area per field from the labelled tiles: the fraction of positive tiles, the "efficiency"
# a virtual-staining model will later predict without the mask.
$labelled.Sources | ForEach-Object {
    $name = $_.Name
    $mine = @($labelled.Tiles | Where-Object { $_.Source.Name -eq $name })
    $positive = @($mine | Where-Object { $_.Label -eq 1 }).Count
    [pscustomobject]@{
        Micrograph       = $name
        Tiles            = $mine.Count
        PositiveTiles    = $positive
        PositiveFraction = [math]::Round($positive / [math]::Max(1, $mine.Count), 3)
    }
}
