<#
.SYNOPSIS
    White-blood-cell types with W-Net: train on real cell crops, test on held-out crops, and compare
    two ways of countering class imbalance (a class-weighted loss, and class-balanced sampling).
.DESCRIPTION
    The white-blood-cell study classifies five leukocyte types (basophil, eosinophil, lymphocyte,
    monocyte, neutrophil) from crops of stained blood smears with W-Net, a CNN of a few layers, and
    reports 97% accuracy on its own 6,562 images, which are not public.

    This script runs on other, much smaller real data: the 351 white-cell crops of the public BCCD
    data set (../shared/data/wbc-bccd beside the repository, MIT licence), one folder per type:
    207 neutrophils, 88 eosinophils, 33 lymphocytes, 20 monocytes and 3 basophils. With three
    basophils, no classifier can learn that type from it, and the numbers below are about this data,
    not a reproduction of the study's 97%.

    Steps: import the crops in colour; hold out every fourth crop of each type (88 crops, one
    basophil) as the test set; resize each crop whole to 64×64 RGB, labelled by its folder; train
    W-Net twice on the rest, once with the loss weighted by class (the default) and once with
    class-balanced sampling (-Sampling Balanced); predict the test crops; print overall accuracy,
    balanced accuracy (the mean of the per-class recalls), per-class accuracy and the confusion
    matrix of each, and write the report (confusion matrix and ROC figures) of each.

    Runs in pwsh (Import-Module CellOps first) and in the cellops host, in a few minutes on two cores:
    out/cellops examples/leukocyte-classification.ps1
.PARAMETER DataPath
    The wbc-bccd folder (with BCCD_cropped/<Type>/*.jpg).
.PARAMETER OutputDirectory
    Where the models and reports go.
.PARAMETER Epochs
    Training epochs of each run.
.PARAMETER Quick
    A reduced run that checks the pipeline works: two epochs.
#>
param(
    [string] $DataPath = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', '..', 'shared', 'data', 'wbc-bccd')),
    [string] $OutputDirectory = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'examples', 'leukocyte')),
    [ValidateRange(1, 1000)]
    [int] $Epochs = 30,
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
if ($Quick) { $Epochs = 2 }

$cropFolder = [IO.Path]::Combine($DataPath, 'BCCD_cropped')
if (-not [IO.Directory]::Exists($cropFolder)) {
    throw "The white-cell crops are not at '$cropFolder'. This example needs the wbc-bccd data set (BCCD_cropped/<Type>/*.jpg) " +
        "in ../shared/data/wbc-bccd beside the repository; give its folder with -DataPath."
}
$types = 'Basophil', 'Eosinophil', 'Lymphocyte', 'Monocyte', 'Neutrophil'

# Every fourth crop of each type, by file name, is held out (one of the three basophils): the test
# set has every type in about its share, and the split is the same on every machine.
$trainCrops = [Collections.Generic.List[object]]::new()
$testCrops = [Collections.Generic.List[object]]::new()
foreach ($type in $types) {
    $files = [IO.Directory]::GetFiles([IO.Path]::Combine($cropFolder, $type), '*.jpg')
    [Array]::Sort($files, [StringComparer]::Ordinal)
    for ($i = 0; $i -lt $files.Count; $i++) {
        if ($i % 4 -eq 1) { $testCrops.Add($files[$i]) } else { $trainCrops.Add($files[$i]) }
    }
}

# Colour all the way: three channels, each crop resized whole to the 64×64 the network takes, its
# class the name of its folder. -ClassName fixes the label order for both sets.
$train = Import-Micrograph -LiteralPath $trainCrops -Role BrightField | New-TileSet -Size 64 -WholeImage -ClassFrom Folder -ClassName $types
$test = Import-Micrograph -LiteralPath $testCrops -Role BrightField | New-TileSet -Size 64 -WholeImage -ClassFrom Folder -ClassName $types
'Training crops:' | Out-Default
$train | Out-Default
'Test crops:' | Out-Default
$test | Out-Default

# Two ways of countering the imbalance, otherwise the same run (seed, epochs, network). All training
# crops train: the test crops are the held-out set, so no validation split is taken.
$runs = @(
    @{ Name = 'weighted loss'; Sampling = 'Shuffled'; File = 'wnet-weighted' },
    @{ Name = 'balanced sampling'; Sampling = 'Balanced'; File = 'wnet-balanced' }
)
$results = @{}
foreach ($run in $runs) {
    "Training W-Net, $($run.Name), $Epochs epochs" | Out-Default
    $model = $train | Start-CellTraining Leukocyte.WNet -Epochs $Epochs -BatchSize 32 -ValidationFraction 0 -Seed 1 `
        -Sampling $run.Sampling -OutFile ([IO.Path]::Combine($OutputDirectory, "$($run.File).cellmodel"))
    $result = $test | Invoke-CellModel $model
    $null = $result | Export-CellReport ([IO.Path]::Combine($OutputDirectory, "$($run.File)-report")) -TrainedModel $model -Force
    "Test crops, $($run.Name):" | Out-Default
    $result.Evaluation | Out-Default
    $results[$run.Name] = $result.Evaluation
}

# Per-class accuracy is the recall of the class: the share of its test crops called correctly.
'Held-out test crops (BCCD, not the study''s data; the study reports 97% on its own 6,562 images):' | Out-Default
$header = '{0,-18} {1,8} {2,9}' -f 'training', 'accuracy', 'balanced'
foreach ($type in $types) { $header += ' {0,11}' -f $type }
$header | Out-Default
foreach ($run in $runs) {
    $e = $results[$run.Name]
    $line = '{0,-18} {1,8:0.000} {2,9:0.000}' -f $run.Name, $e.Accuracy, $e.BalancedAccuracy
    $matrix = $e.ConfusionMatrix
    for ($k = 0; $k -lt $types.Count; $k++) {
        $line += ' {0,11}' -f ('{0}/{1}' -f $matrix[$k][$k], $e.PerClass[$k].Support)
    }
    $line | Out-Default
}
'Models and reports: {0}' -f $OutputDirectory | Out-Default
