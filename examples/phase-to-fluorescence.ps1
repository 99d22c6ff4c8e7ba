<#
.SYNOPSIS
    Virtual fluorescence: predict DAPI and MAP2 from a phase-contrast z-stack with a U-Net (L1 alone)
    and with pix2pix, curate the training fields by the first model's error and train pix2pix again,
    and score all three on held-out fields of the same well.
.DESCRIPTION
    The cancer-stem-cell study (Int. J. Mol. Sci. 2023, 24, 5323) predicts a fluorescence image from a
    phase-contrast image with pix2pix and improves it by training on a curated set. Its images are not
    public; this script runs the same pipeline on the public pairs of the in-silico-labeling study
    (Christiansen et al., Cell 2018): one well of human motor neurons, 13 phase-contrast z-planes with
    registered confocal DAPI and MAP2 (../shared/data/isl-motor-neurons beside the repository, CC BY 4.0).

    Steps: import the 13 planes as the channels of one micrograph, paired with DAPI and MAP2 as two
    target channels; cut the 1024×1024 well into 16 fields of 256×256; hold out the right column of
    fields (4 fields, x 768-1023) for testing, train on the other 12 (tiles of 128×128 every 32 pixels,
    never crossing a field's edge, validation on whole fields); train CancerStemCell.UNetL1 and
    CancerStemCell.Pix2Pix; curate: predict every training field with the pix2pix model, keep the
    fields whose mean pixel r over both targets is in the better three quarters, and train pix2pix
    again on those; predict the held-out fields with each model, print pixel r, SSIM, PSNR and Dice per
    target beside a baseline that needs no training (the middle phase plane itself, scored against each
    target: what the input alone says), and write the virtual stains, a sheet of phase | true DAPI |
    predicted DAPI | true MAP2 | predicted MAP2 per held-out field, and the report of the model with
    the highest mean r.

    Learning rate: 1e-3 for both networks rather than pix2pix's 2e-4. With a few hundred tiles and a
    few thousand steps, the models at 2e-4 had hardly begun to learn where these settle (see the README).

    Curation scores each training field by the first pix2pix model's own error on it (the study used
    a CNN trained to judge images, which needs labels of image quality we do not have). A field the
    model cannot reproduce after seeing it is most likely one whose pair is poorly registered or
    empty; the cost is that the score also favours easy fields.

    Narrates its steps on the host and returns one summary object (the three PredictionResults, the best model, the files written), so $run = ./phase-to-fluorescence.ps1 keeps them.
    From the repository: eng/pwsh examples/phase-to-fluorescence.ps1
.PARAMETER DataPath
    The isl-motor-neurons folder (phase_z00.png ... phase_z12.png, dapi.png, map2.png).
.PARAMETER OutputDirectory
    Where the models, stains and figures go.
.PARAMETER Epochs
    Training epochs of each model.
.PARAMETER Width
    The generator's (and discriminator's) first width.
.PARAMETER Stride
    Pixels between the training tiles' left (top) edges inside each field.
.PARAMETER LearningRate
    Adam's learning rate for every network.
.PARAMETER Keep
    The share of training fields kept by curation.
.PARAMETER Quick
    A reduced run that checks the pipeline works: the U-Net narrow (width 8, 25 epochs: enough to
    learn well above the baseline), pix2pix and its curated rerun for two epochs at width 4.
#>
#Requires -Modules CellOps
[CmdletBinding()]
param(
    [string] $DataPath = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', '..', 'shared', 'data', 'isl-motor-neurons')),
    [string] $OutputDirectory = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'examples', 'phase-to-fluorescence')),
    [ValidateRange(1, 1000)]
    [int] $Epochs = 40,
    [ValidateRange(2, 128)]
    [int] $Width = 16,
    [ValidateRange(8, 128)]
    [int] $Stride = 32,
    [ValidateRange(1e-6, 1.0)]
    [double] $LearningRate = 1e-3,
    [ValidateRange(0.1, 1.0)]
    [double] $Keep = 0.75,
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
$ganEpochs = $Epochs; $ganWidth = $Width
if ($Quick) { $Epochs = 25; $Width = 8; $ganEpochs = 2; $ganWidth = 4 }
if (-not [IO.File]::Exists([IO.Path]::Combine($DataPath, 'phase_z00.png'))) {
    throw "The isl-motor-neurons data set is not at $DataPath (phase_z00.png ... dapi.png, map2.png); give its folder with -DataPath."
}
$null = [IO.Directory]::CreateDirectory($OutputDirectory)
$clock = [Diagnostics.Stopwatch]::StartNew()

# One micrograph of 13 channels (z00..z12, in that order), paired with DAPI and MAP2 as two channels.
$planes = 0..12 | ForEach-Object { [IO.Path]::Combine($DataPath, ('phase_z{0:D2}.png' -f $_)) }
$well = Import-Micrograph -Path $planes -AsChannels -Role PhaseContrast `
    -PairWith ([IO.Path]::Combine($DataPath, 'dapi.png')), ([IO.Path]::Combine($DataPath, 'map2.png')) -PairChannelName DAPI, MAP2
$fields = @($well | Split-Micrograph -Size 256)
$test = @($fields | Where-Object FieldColumn -eq 3)
$train = @($fields | Where-Object FieldColumn -lt 3)
Write-Host "Well: $($well.Width)×$($well.Height), $($well.ChannelCount) phase planes → DAPI, MAP2; $($train.Count) training fields, $($test.Count) held-out fields (right column)."

$settings = @{ BatchSize = 8; ValidationFraction = 0.17; Seed = 7; LearningRate = $LearningRate; Force = $true }
$generator = @{ GeneratorWidth = $Width }
$adversary = @{ GeneratorWidth = $ganWidth; DiscriminatorWidth = $ganWidth }

function Train-Model([string] $Model, [object[]] $Fields, [hashtable] $HyperParameter, [int] $ModelEpochs, [string] $Name) {
    $tiles = $Fields | New-TileSet -Size 128 -Stride $Stride -Target Image
    $file = [IO.Path]::Combine($OutputDirectory, "$Name.cellmodel")
    $trained = Start-CellTraining $Model -InputObject $tiles -HyperParameter $HyperParameter -Epochs $ModelEpochs -OutFile $file @settings
    $script:trainingLines += '  {0,-16} {1} tiles of {2} fields, {3} epochs, kept epoch {4} (validation L1 {5:0.0000})' -f $Name, $tiles.Count, $Fields.Count, $trained.Epochs, $trained.KeptEpoch, $trained.ValidationLoss
    $file
}
$script:trainingLines = @()

function Show-Scores([string] $Name, $Result) {
    foreach ($channel in $Result.Channels) {
        $s = $Result.ScoresOf($channel)
        Write-Host ('  {0,-16} {1,-5} r {2,6:0.000}  SSIM {3,6:0.000}  PSNR {4,5:0.0}  Dice {5,6:0.000}  MAE {6,7:0}' -f $Name, $channel, $s.Pearson, $s.Ssim, $s.Psnr, $s.Dice, $s.MeanAbsoluteError)
    }
}

Write-Host "Training (U-Net: $Epochs epochs, width $Width; pix2pix: $ganEpochs epochs, width $ganWidth; learning rate $LearningRate):"
$unetFile = Train-Model CancerStemCell.UNetL1 $train $generator $Epochs 'unet-l1'
$pixFile = Train-Model CancerStemCell.Pix2Pix $train $adversary $ganEpochs 'pix2pix'
$script:trainingLines | ForEach-Object { Write-Host $_ }

# Curation: the first pix2pix model's own error on each training field, as the mean pixel r over both targets.
$scored = Invoke-CellModel $pixFile -InputObject $train
$fieldScores = @($scored.Micrographs | ForEach-Object {
    $r = ($_.Scores | ForEach-Object { if ($null -ne $_.Pearson) { $_.Pearson } else { 0 } })
    [pscustomobject]@{ Field = $_.Source; Score = ($r | ForEach-Object -Begin { $t = 0 } -Process { $t += $_ } -End { $t / $r.Count }) }
})
$ranked = [Collections.Generic.List[double]]::new()
$fieldScores | ForEach-Object { $ranked.Add($_.Score) }
$ranked.Sort()
$cut = $ranked[[int][Math]::Floor((1 - $Keep) * $ranked.Count)]
$kept = @($fieldScores | Where-Object Score -ge $cut | ForEach-Object Field)
Write-Host "Curation kept $($kept.Count) of $($train.Count) training fields (mean r ≥ $('{0:0.000}' -f $cut))."
$script:trainingLines = @()
$curatedFile = Train-Model CancerStemCell.Pix2Pix $kept $adversary $ganEpochs 'pix2pix-curated'
$script:trainingLines | ForEach-Object { Write-Host $_ }

Write-Host "Held-out fields ($($test.Count)), pooled:"
# The baseline: the middle phase plane (z06) itself scored against each target. Only its r means
# anything (its units are not the target's); a model must do better than the input alone.
foreach ($c in 0..1) {
    $images = [Collections.Generic.List[CellOps.Runtime.Metrics.TranslationImageScores]]::new()
    foreach ($field in $test) {
        $truth = $field.Pair.OpenPixels(); $phase = $field.OpenPixels()
        try { $images.Add([CellOps.Runtime.Metrics.TranslationMetrics]::Compute($truth, $c, $phase, 6, $null, [Threading.CancellationToken]::None)) }
        finally { $truth.Dispose(); $phase.Dispose() }
    }
    $pooled = [CellOps.Runtime.Metrics.TranslationMetrics]::Pool($images, 4096, 0)
    Write-Host ('  {0,-16} {1,-5} r {2,6:0.000}' -f 'phase z06 alone', $well.Pair.Channels[$c].Name, $pooled.Pearson)
}
$results = [ordered]@{}
foreach ($entry in @(@('UNetL1', $unetFile), @('Pix2Pix', $pixFile), @('Pix2Pix curated', $curatedFile))) {
    $result = Invoke-CellModel $entry[1] -InputObject $test
    $results[$entry[0]] = $result
    Show-Scores $entry[0] $result
}

# The stains, sheet and report are of the model with the highest mean r over both targets.
$bestName = $null; $bestR = [double]::NegativeInfinity
foreach ($name in $results.Keys) {
    $mean = 0; foreach ($score in $results[$name].Scores) { $mean += $score.Pearson / $results[$name].Scores.Count }
    if ($mean -gt $bestR) { $bestName = $name; $bestR = $mean }
}
$best = $results[$bestName]
$bestFile = @{ 'UNetL1' = $unetFile; 'Pix2Pix' = $pixFile; 'Pix2Pix curated' = $curatedFile }[$bestName]
$stains = [IO.Path]::Combine($OutputDirectory, 'stains')
$null = $best | Export-VirtualStain -OutputDirectory $stains -Force

# Phase (z06) | true DAPI | predicted DAPI | true MAP2 | predicted MAP2, one row per held-out field.
function Held-Out([string] $File) { @(Import-Micrograph -LiteralPath ([IO.Path]::Combine($DataPath, $File)) | Split-Micrograph -Size 256 | Where-Object FieldColumn -eq 3) }
$phase06 = Held-Out 'phase_z06.png'; $dapi = Held-Out 'dapi.png'; $map2 = Held-Out 'map2.png'
$sheet = [IO.Path]::Combine($OutputDirectory, 'phase-true-predicted.png')
$null = 0..($test.Count - 1) | ForEach-Object {
    $predicted = [IO.Path]::Combine($stains, "$($best.Micrographs[$_].Source.Name).predicted.tif")
    $phase06[$_]; $dapi[$_]; Import-Micrograph -LiteralPath $predicted -PagesAsChannels -Channel 0
    $map2[$_]; Import-Micrograph -LiteralPath $predicted -PagesAsChannels -Channel 1
} | Export-ContactSheet -Path $sheet -Columns 5 -CellSize 192 -Force
$report = [IO.Path]::Combine($OutputDirectory, 'report')
$null = $best | Export-CellReport -OutputDirectory $report -TrainedModel $bestFile -Force
Write-Host "$bestName had the highest mean r. Its virtual stains of the held-out fields are in $stains;"
Write-Host "phase | true DAPI | predicted DAPI | true MAP2 | predicted MAP2 in $sheet;"
Write-Host "scores, intensity scatters and per-field positive area in $report."
Write-Host ('Done in {0:0} s.' -f $clock.Elapsed.TotalSeconds)

[pscustomobject]@{
    PSTypeName = 'CellOps.Example.TranslationRun'
    Best       = $bestName
    BestModel  = $bestFile
    Results    = $results
    Stains     = $stains
    Sheet      = $sheet
    Report     = $report
}
