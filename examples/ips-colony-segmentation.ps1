<#
.SYNOPSIS
    Pixel-level segmentation three ways on the same patches: class-distribution learning (the iPS colony
    study's method), centre-pixel patch classification, and a fully convolutional network (a small U-Net).
.DESCRIPTION
    The iPS colony study labels colony images pixel by pixel (background, differentiated,
    undifferentiated, and an "uncertain" class experts could not call). Its CNN learns, for 64×64
    patches, the class distribution of each cell of an r×r grid at several r at once, leaving the
    uncertain pixels out of the loss; it reports a mean Jaccard index (IoU) of 82.6% against 80.7% for
    classifying each patch's centre pixel and 80.5% for an FCN. Its colony images are not public.

    This script runs the same comparison on other real data: the 30 electron-microscopy sections of
    the ISBI 2012 membrane challenge (../shared/data/isbi2012-membranes beside the repository; 512×512
    grey images with masks, 255 = cell interior, 0 = membrane). That is two classes and no uncertain
    region, not the study's three plus one: the plugin and the metrics handle K classes and an ignore
    value (the tests run them with K = 3), and the numbers below are about this data.

    Steps: import the sections with their masks as pairs; train on sections 0–23 (four of them are the
    validation split), test on 24–29. Cut 64×64 patches side by side (every 64 pixels) twice from the same sections:
    with class histograms on 8×8, 4×4, 2×2 and 1×1 grids (for the class-distribution model and the
    U-Net, which learns the same pixels one by one), and with the class of each patch's centre pixel
    (for the patch classifier). Train the three models with the same seed and epochs; predict the test
    sections with each, as whole images (patches reflected at the edges, overlaps blended): centred every 12
    pixels for the class-distribution model, so that its 8-pixel cells fall at other offsets in
    neighbouring patches and their blend resolves finer than a cell (every 32 pixels, where all cells
    line up, scores about 0.04 lower); every 8 for the patch classifier, whose call covers the 8×8
    block around its centre; every 32 for the U-Net, whose output is already per pixel; score each map against the
    masks (per-class and mean IoU and Dice); print the table; write each model's label TIFFs and
    overlays (Export-VirtualStain) and one figure with the maps next to the truth (Export-SegmentationFigure).

    One run on the 2-core build machine (13 minutes) gave mean IoU 0.646 for class distributions,
    0.498 for patch classification and 0.725 for the U-Net (the study, on its colonies: 0.826, 0.807,
    0.805): EM membranes are a few pixels wide, finer than the 8-pixel cells; see the README.

    Narrates its steps on the host and returns the three methods' PredictionResults (their segmentation scores and label maps), so $results = ./ips-colony-segmentation.ps1 keeps them.
    From the repository: eng/pwsh examples/ips-colony-segmentation.ps1
.PARAMETER DataPath
    The isbi2012-membranes folder (image/N.png and label/N.png).
.PARAMETER OutputDirectory
    Where the models, maps and figure go.
.PARAMETER Epochs
    Training epochs of each model.
.PARAMETER Quick
    A reduced run that checks the pipeline works: 8 training and 2 test sections, training patches
    every 16 pixels, 12 epochs.
#>
#Requires -Modules CellOps
[CmdletBinding()]
param(
    [string] $DataPath = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', '..', 'shared', 'data', 'isbi2012-membranes')),
    [string] $OutputDirectory = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'examples', 'ips-colony')),
    [ValidateRange(1, 1000)]
    [int] $Epochs = 15,
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
$clock = [Diagnostics.Stopwatch]::StartNew()

$imageFolder = [IO.Path]::Combine($DataPath, 'image')
if (-not [IO.Directory]::Exists($imageFolder)) {
    throw "The EM sections are not at '$imageFolder'. This example needs the isbi2012-membranes data set (image/N.png, label/N.png) " +
        "in ../shared/data beside the repository; give its folder with -DataPath."
}
$trainIds = 0..23
$testIds = 24..29
$patchStride = 8
# Training patches do not overlap: 64 per section, 1,536 in all, each flipped and turned at random every epoch.
$trainStride = 64
if ($Quick) {
    # Enough steps (7 a epoch, 84 in all) for the networks to learn something on the CI's sections,
    # so that a quick run can be held to scores a broken pipeline would not reach.
    $Epochs = 12
    $trainStride = 16
    $trainIds = 0..7
    $testIds = 24..25
    $patchStride = 16
}
$null = [IO.Directory]::CreateDirectory($OutputDirectory)

function Import-Section([int[]] $Ids) {
    $files = foreach ($id in $Ids) { [IO.Path]::Combine($imageFolder, "$id.png") }
    Import-Micrograph -LiteralPath $files -PairWith { $_ -replace '([\\/])image([\\/])', '$1label$2' } -PairRole Mask
}
$train = Import-Section $trainIds
$test = Import-Section $testIds

# The masks store 0 (membrane) and 255 (interior): -LabelValue maps them to classes 0 and 1.
$labels = @{ LabelValue = 0, 255; ClassName = 'membrane', 'interior' }
$histograms = $train | New-TileSet -Size 64 -Stride $trainStride -Target ClassHistogram -Grid 1, 2, 4, 8 @labels
$centres = $train | New-TileSet -Size 64 -Stride $trainStride -Target CenterClass @labels
Write-Host 'Training patches (class histograms; centre classes):'
$histograms | Out-Host
$centres | Out-Host

$methods = @(
    @{ Name = 'class distribution'; Model = 'IpsColony.ClassDistribution'; Tiles = $histograms; File = 'class-distribution'
       HyperParameter = @{ Grid = 8; Levels = 4 }; Stride = 12; Study = 0.826 },
    @{ Name = 'patch classification'; Model = 'IpsColony.PatchClassifier'; Tiles = $centres; File = 'patch-classifier'
       HyperParameter = @{}; Stride = $patchStride; Study = 0.807 },
    @{ Name = 'U-Net (FCN)'; Model = 'IpsColony.FullyConvolutional'; Tiles = $histograms; File = 'fcn'
       HyperParameter = @{}; Stride = 32; Study = 0.805 }
)
$results = [Collections.Generic.List[object]]::new()
foreach ($method in $methods) {
    Write-Host ("Training $($method.Name) ($($method.Model)), $Epochs epochs")
    $package = [IO.Path]::Combine($OutputDirectory, "$($method.File).cellmodel")
    $model = $method.Tiles | Start-CellTraining $method.Model -Epochs $Epochs -BatchSize 32 -Seed 1 `
        -HyperParameter $method.HyperParameter -OutFile $package -Force
    $result = $test | Invoke-CellModel $model -Stride $method.Stride
    $null = $result | Export-VirtualStain -OutputDirectory ([IO.Path]::Combine($OutputDirectory, $method.File)) -Force
    $results.Add($result)
}

Write-Host ('Held-out sections {0}–{1} (ISBI 2012 EM membranes, not the study''s iPS colonies; the study reports mean IoU on its own images):' -f $testIds[0], $testIds[-1])
$header = '{0,-22} {1,8} {2,9} {3,9} {4,13} {5,13} {6,10}' -f 'method', 'mean IoU', 'mean Dice', 'pixel acc', 'membrane IoU', 'interior IoU', 'study IoU'
Write-Host $header
for ($i = 0; $i -lt $methods.Count; $i++) {
    $s = $results[$i].Segmentation
    Write-Host ('{0,-22} {1,8:0.000} {2,9:0.000} {3,9:0.000} {4,13:0.000} {5,13:0.000} {6,10:0.000}' -f $methods[$i].Name, $s.MeanIou, $s.MeanDice,
        $s.PixelAccuracy, $s.PerClass[0].Iou, $s.PerClass[1].Iou, $methods[$i].Study)
}

$figure = [IO.Path]::Combine($OutputDirectory, 'comparison.png')
$null = $results | Export-SegmentationFigure $figure -Title ($methods | ForEach-Object { $_.Name }) -MaxMicrographs 3 -PanelSize 256 -Force
Write-Host ('Figure (micrograph, truth, then each method; membrane black, interior green): {0}' -f $figure)
Write-Host ('Models, label maps and overlays: {0}' -f $OutputDirectory)
Write-Host ('Elapsed: {0:mm\:ss}' -f $clock.Elapsed)

$results
