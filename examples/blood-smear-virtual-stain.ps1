<#
.SYNOPSIS
    Virtual immunostaining end to end: train a tile classifier on paired images, predict held-out
    fields, write their virtual stains and an evaluation report, and compare predicted with measured
    efficiency.
.DESCRIPTION
    The cardiomyocyte study images differentiating stem cells twice: phase contrast, and the
    fluorescence of a cardiac reporter. Tiles of the phase-contrast image are labelled from the
    binarized fluorescence, a CNN learns to call them from phase contrast alone, and its calls, laid
    back over a whole field, are a "virtual immunostaining" from which the differentiation efficiency
    (the positive share of each field) is read without staining. The study reports a Pearson
    correlation of r = 0.99 between predicted and measured efficiency.

    The study's images are not public. The main job (cardiomyocyte-virtual-stain.ps1) runs this
    pipeline on real phase-contrast/MAP2 pairs; this second example runs it on other real data with the
    same structure: 24 bright-field blood smears of the public BCCD data set (examples/data/bccd, MIT licence), each
    paired with a mask rendered from its white-cell boxes. The mask plays the binarized fluorescence,
    the "efficiency" is the share of each smear covered by white cells, and the network learns to
    stain white cells from the bright-field image alone. The numbers it prints are about this data,
    not about cardiomyocytes.

    Steps: import the 24 pairs; cut the first 12 into labelled 64×64 tiles; search hyperparameters
    with a short Bayesian optimisation (each trial trained and scored on held-out smears); predict
    overlapping tiles of the other 12; write each smear's virtual stain (probability TIFF, binarized
    stain, overlay PNG) and the evaluation report (ROC, confusion matrix, training curves, efficiency
    scatter); print the efficiency table with Pearson's r.

    Narrates its steps on the host and returns one summary object (model, PredictionResult, report,
    headline numbers), so $run = ./blood-smear-virtual-stain.ps1 keeps them.
    From the repository: eng/pwsh examples/blood-smear-virtual-stain.ps1
.PARAMETER DataPath
    Folder with the smears (*.jpg) and their masks (*_wbc.png).
.PARAMETER OutputDirectory
    Where the model, the stains and the report go.
.PARAMETER Trials
    Hyperparameter-search trials.
.PARAMETER Epochs
    Training epochs per trial.
.PARAMETER Quick
    A reduced run that checks the pipeline works (CI): two trials of one epoch, four test smears.
#>
#Requires -Modules CellOps
[CmdletBinding()]
param(
    [string] $DataPath = "$PSScriptRoot/data/bccd",
    [string] $OutputDirectory = "$PSScriptRoot/../out/examples/virtual-stain",
    [ValidateRange(1, 100)]
    [int] $Trials = 4,
    [ValidateRange(1, 1000)]
    [int] $Epochs = 10,
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
if ($Quick) { $Trials = 2; $Epochs = 1 }

# The green channel (1) only: the phase-contrast model takes one channel, and in stained smears the
# green channel is where nuclei stand out most (they absorb green; red cells much less so).
$fields = Import-Micrograph "$DataPath/BloodImage_*.jpg" -Channel 1 -Role BrightField `
    -PairWith { $_.FullName -replace '\.jpg$', '_wbc.png' } -PairRole Mask
$train = $fields | Where-Object { [int]($_.Name -replace '\D', '') -lt 12 }
$test = $fields | Where-Object { [int]($_.Name -replace '\D', '') -ge 12 }
if ($Quick) { $test = $test | Where-Object { [int]($_.Name -replace '\D', '') -lt 16 } }

# A tile is positive where at least a fifth of it is white cell (the study: stained area).
$tiles = $train | New-TileSet -Size 64 -Target Label -AreaFraction 0.2
$tiles | Out-Host

# A short Bayesian search over depth, dropout and learning rate (width fixed to keep it quick):
# every trial trains on 9 smears and is scored by its validation loss on the other 3.
$search = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Optimize -Trials $Trials -InitialTrials 2 `
    -Epochs $Epochs -Seed 1 -HyperParameter @{ BaseWidth = 16 } -BatchSize 16 -ValidationFraction 0.25 `
    -OutFile "$OutputDirectory/wbc-stain.cellmodel" -Force
$search | Where-Object { $_ -is [CellOps.Runtime.Search.SearchTrial] } | Out-Host
$model = $search | Where-Object { $_ -is [CellOps.Runtime.Training.TrainedModel] }
$model | Out-Host

# Overlapping tiles (stride 32) so every pixel of the stain is a blend of four calls, not one.
$result = $test | New-TileSet -Size 64 -Stride 32 -Target Label -AreaFraction 0.2 | Invoke-CellModel $model
$result.Evaluation | Out-Host

$result | Export-VirtualStain -OutputDirectory "$OutputDirectory/stains" -Force
$report = $result | Export-CellReport "$OutputDirectory/report" -TrainedModel $model -Force -PassThru

Write-Host "Efficiency per held-out smear: predicted from the bright-field image, measured from the mask"
$result.Micrographs | Out-Host
Write-Host ('Pearson r, predicted (positive tiles) vs measured: {0:0.000}' -f $result.EfficiencyCorrelation)
Write-Host ('Pearson r, predicted (positive area)  vs measured: {0:0.000}' -f $result.AreaCorrelation)
Write-Host ('Mean IoU of the virtual stain against the mask, pixel by pixel: {0:0.000}' -f $report.MeanStainIou)
Write-Host ('Virtual stains: {0}' -f [IO.Path]::GetFullPath("$OutputDirectory/stains"))
Write-Host ('Report: {0}' -f ($report.Files.Name -join ', '))

[pscustomobject]@{
    PSTypeName            = 'CellOps.Example.VirtualStainRun'
    Model                 = $model
    Result                = $result
    Report                = $report
    EfficiencyCorrelation = $result.EfficiencyCorrelation
    AreaCorrelation       = $result.AreaCorrelation
    MeanStainIou          = $report.MeanStainIou
    OutputDirectory       = [IO.Path]::GetFullPath($OutputDirectory)
}
