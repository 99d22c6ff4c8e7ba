<#
.SYNOPSIS
    Virtual immunostaining end to end on real phase-contrast/fluorescence pairs: label tiles from the
    binarized marker, search a tile classifier's hyperparameters, predict held-out fields, write their
    virtual stains and report, and compare predicted with measured differentiation efficiency.
.DESCRIPTION
    The cardiomyocyte study images differentiating stem cells twice: phase contrast, and the
    fluorescence of a differentiation marker. Tiles of the phase-contrast image are labelled from the
    binarized fluorescence, a CNN learns to call them from phase contrast alone, and its calls, laid
    back over a whole field, are a "virtual immunostaining" from which the differentiation efficiency
    (the positive share of each field) is read without staining. The study reports, on its own images,
    tile F1 0.77, accuracy 0.96, ROC AUC 0.98, and Pearson r = 0.99 between predicted and measured
    efficiency.

    The study's images are not public. This script runs its pipeline on real public pairs of the same
    kind: one well of cultured human motor neurons from the in-silico-labeling study (Christiansen et al.,
    Cell 2018; CC BY 4.0), phase contrast with registered confocal MAP2, a marker of neuronal
    differentiation; the two images ship in examples/data/isl-motor-neurons (see its SOURCE.md). "Efficiency" is the MAP2-positive share of a field.

    Steps: import the middle phase plane (z06) paired with MAP2; binarize MAP2 with Otsu's threshold of
    the whole well (one threshold for every field, so an empty field's faint background is not called
    positive); cut the 1024×1024 well into 64 fields of 128×128 and hold out the right quarter (16
    fields, x 768-1023: spatially apart from training, no tile on both sides); label 64×64 tiles
    (every 32 pixels inside each field) positive where at least a tenth of the tile is MAP2-positive;
    search the tile classifier's hyperparameters (Bayesian, validation on whole fields); train the
    texture baseline (a logistic regression on each tile's brightness, contrast and texture) on the
    same tiles; predict the held-out fields with both; print tile F1, accuracy and AUC, the efficiency
    table with Pearson's r, write the virtual stains and the report.

    Narrates its steps on the host and returns one summary object (the models, the CNN's
    PredictionResult, the report and the headline numbers), so $run = ./cardiomyocyte-virtual-stain.ps1
    keeps them. From the repository: eng/pwsh examples/cardiomyocyte-virtual-stain.ps1
.PARAMETER DataPath
    A folder with phase_z06.png and map2.png (default: the copy shipped in examples/data/isl-motor-neurons).
.PARAMETER OutputDirectory
    Where the models, the stains and the report go.
.PARAMETER Trials
    Hyperparameter-search trials.
.PARAMETER Epochs
    Training epochs per trial.
.PARAMETER AreaFraction
    The MAP2-positive share of a tile at which it is labelled positive.
.PARAMETER Quick
    A reduced run that checks the pipeline works (CI): two trials of four epochs.
#>
#Requires -Modules CellOps
[CmdletBinding()]
param(
    [string] $DataPath = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, 'data', 'isl-motor-neurons')),
    [string] $OutputDirectory = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'examples', 'virtual-stain')),
    [ValidateRange(1, 100)]
    [int] $Trials = 4,
    [ValidateRange(1, 1000)]
    [int] $Epochs = 15,
    [ValidateRange(0.01, 1.0)]
    [double] $AreaFraction = 0.1,
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
if ($Quick) { $Trials = 2; $Epochs = 4 }
$phase = [IO.Path]::Combine($DataPath, 'phase_z06.png')
if (-not [IO.File]::Exists($phase)) {
    throw "The isl-motor-neurons data set is not at $DataPath (phase_z06.png, map2.png); give its folder with -DataPath."
}
$null = [IO.Directory]::CreateDirectory($OutputDirectory)
$clock = [Diagnostics.Stopwatch]::StartNew()

$well = Import-Micrograph $phase -Role PhaseContrast -PairWith ([IO.Path]::Combine($DataPath, 'map2.png')) -PairChannelName MAP2
$pixels = $well.Pair.OpenPixels()
try { $threshold = [CellOps.Imaging.Tiling.OtsuThreshold]::Compute($pixels, 0, [Threading.CancellationToken]::None) } finally { $pixels.Dispose() }
$fields = @($well | Split-Micrograph -Size 128)
$train = @($fields | Where-Object FieldColumn -lt 6)
$test = @($fields | Where-Object FieldColumn -ge 6)
Write-Host ('Well {0}×{1}: MAP2 positive above {2} (Otsu, whole well); {3} training fields, {4} held-out fields (columns 6-7).' -f `
    $well.Width, $well.Height, $threshold, $train.Count, $test.Count)

$tiles = $train | New-TileSet -Size 64 -Stride 32 -Target Label -AreaFraction $AreaFraction -Threshold $threshold
Write-Host ('{0} training tiles: {1} negative, {2} positive (at least {3:P0} MAP2-positive).' -f $tiles.Count, $tiles.ClassCounts[0], $tiles.ClassCounts[1], $AreaFraction)

# A short Bayesian search over depth, dropout, learning rate and weight decay (width fixed to keep it
# quick): every trial trains on 80 % of the training fields and is scored on the other fields.
$search = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Optimize -Trials $Trials -InitialTrials ([Math]::Min(2, $Trials)) `
    -Epochs $Epochs -Seed 1 -HyperParameter @{ BaseWidth = 16 } -BatchSize 32 -ValidationFraction 0.2 `
    -OutFile ([IO.Path]::Combine($OutputDirectory, 'map2-stain.cellmodel')) -Force
$search | Where-Object { $_ -is [CellOps.Runtime.Search.SearchTrial] } | Out-Host
$model = $search | Where-Object { $_ -is [CellOps.Runtime.Training.TrainedModel] }
$baseline = $tiles | Start-CellTraining Cardiomyocyte.TextureBaseline -Epochs 30 -Seed 1 -BatchSize 32 -ValidationFraction 0.2 `
    -OutFile ([IO.Path]::Combine($OutputDirectory, 'texture-baseline.cellmodel')) -Force

# Held-out fields cut into overlapping tiles, labelled the same way, so tile metrics can be computed.
$testTiles = $test | New-TileSet -Size 64 -Stride 32 -Target Label -AreaFraction $AreaFraction -Threshold $threshold
$result = $testTiles | Invoke-CellModel $model -PairThreshold $threshold
$plain = $testTiles | Invoke-CellModel $baseline -PairThreshold $threshold

Write-Host "Held-out fields ($($test.Count)), $($result.Count) tiles: the CNN beside the texture baseline and the study (its own data)."
Write-Host ('  {0,-26} {1,8} {2,8} {3,8} {4,10} {5,10}' -f '', 'F1', 'accuracy', 'AUC', 'r (tiles)', 'r (area)')
foreach ($row in @(@('TileClassifier (CNN)', $result), @('TextureBaseline', $plain))) {
    $e = $row[1].Evaluation
    Write-Host ('  {0,-26} {1,8:0.000} {2,8:0.000} {3,8:0.000} {4,10:0.000} {5,10:0.000}' -f $row[0], $e.F1, $e.Accuracy, $e.RocAuc, $row[1].EfficiencyCorrelation, $row[1].AreaCorrelation)
}
Write-Host ('  {0,-26} {1,8:0.00} {2,8:0.00} {3,8:0.00} {4,10:0.00} {5,10}' -f 'the study (cardiomyocytes)', 0.77, 0.96, 0.98, 0.99, '')

$result | Export-VirtualStain -OutputDirectory ([IO.Path]::Combine($OutputDirectory, 'stains')) -Force
$report = $result | Export-CellReport ([IO.Path]::Combine($OutputDirectory, 'report')) -TrainedModel $model -PairThreshold $threshold -Force -PassThru

Write-Host "Efficiency per held-out field: predicted from phase contrast, measured from MAP2"
$result.Micrographs | Out-Host
Write-Host ('Pearson r, predicted (positive tiles) vs measured: {0:0.000}' -f $result.EfficiencyCorrelation)
Write-Host ('Pearson r, predicted (positive area)  vs measured: {0:0.000}' -f $result.AreaCorrelation)
Write-Host ('Mean IoU of the virtual stain against the binarized MAP2, pixel by pixel: {0:0.000}' -f $report.MeanStainIou)
Write-Host ('Virtual stains: {0}' -f [IO.Path]::Combine($OutputDirectory, 'stains'))
Write-Host ('Report: {0}' -f ($report.Files.Name -join ', '))
Write-Host ('Done in {0:0} s.' -f $clock.Elapsed.TotalSeconds)

[pscustomobject]@{
    PSTypeName            = 'CellOps.Example.VirtualStainRun'
    Model                 = $model
    Baseline              = $baseline
    Result                = $result
    BaselineResult        = $plain
    Report                = $report
    EfficiencyCorrelation = $result.EfficiencyCorrelation
    AreaCorrelation       = $result.AreaCorrelation
    MeanStainIou          = $report.MeanStainIou
    OutputDirectory       = $OutputDirectory
}
