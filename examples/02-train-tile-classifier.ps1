<#
.SYNOPSIS
    Trains the cardiomyocyte tile classifier on the shipped blood smears, then predicts held-out smears.
.DESCRIPTION
    The cardiomyocyte study labels phase-contrast tiles from the binarized NKX2.5-GFP image and
    trains a CNN to call them from the phase-contrast image alone; the share of positive tiles per
    field then estimates the differentiation efficiency. Here the same pipeline runs on the real
    smears of examples/data/bccd: the white-cell mask plays the GFP image, so the network learns to
    find white cells from the bright-field image alone.

    Eight smears train (two of them held out for validation by Start-CellTraining), the last two
    are only predicted: Invoke-CellModel reports accuracy, F1, AUC and the confusion matrix on their
    labelled tiles, and the predicted and the true positive fraction of each.

    Shows the tiles, the model and its epochs on the host and returns the PredictionResult of the
    held-out smears, so $result = ./02-train-tile-classifier.ps1 keeps it.
    From the repository: eng/pwsh examples/02-train-tile-classifier.ps1
.PARAMETER DataPath
    Folder with the smears (*.jpg) and their masks (*_wbc.png).
.PARAMETER Epochs
    Training epochs.
.PARAMETER OutFile
    Where to write the model package (replacing one there from an earlier run).
#>
#Requires -Modules CellOps
[CmdletBinding()]
param(
    [string] $DataPath = "$PSScriptRoot/data/bccd",
    [ValidateRange(1, 1000)]
    [int] $Epochs = 15,
    [string] $OutFile = "$PSScriptRoot/../out/examples/wbc-tiles.cellmodel"
)
$ErrorActionPreference = 'Stop'

$fields = Import-Micrograph "$DataPath/BloodImage_0000?.jpg" -Role BrightField `
    -PairWith { $_.FullName -replace '\.jpg$', '_wbc.png' } -PairRole Mask
$train = $fields | Where-Object { $_.Name -notmatch '0000[89]' }
$test = $fields | Where-Object { $_.Name -match '0000[89]' }

# Tiles 1 where at least a fifth of the tile is white cell. Positives are a small minority, so
# Start-CellTraining weights the loss by class.
$tiles = $train | New-TileSet -Size 64 -Target Label -AreaFraction 0.2
$tiles | Out-Host

$model = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs $Epochs -Seed 1 `
    -HyperParameter @{ Depth = 3; BaseWidth = 16 } -LearningRate 0.003 -BatchSize 16 -ValidationFraction 0.25 -OutFile $OutFile -Force
$model | Out-Host
$model.EpochMetrics | Out-Host

$result = $test | New-TileSet -Size 64 -Target Label -AreaFraction 0.2 | Invoke-CellModel $model
$result.Micrographs | Out-Host
$result.Evaluation | Out-Host
$result
