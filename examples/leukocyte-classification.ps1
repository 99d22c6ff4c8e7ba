<#
.SYNOPSIS
    White-blood-cell types with W-Net: train on real cell crops, test on held-out crops, compare two
    ways of countering class imbalance, pre-training on annotated smears against training from
    scratch, and train a small DCGAN per cell type whose synthetic cells go on a contact sheet and,
    as extra training data, are tested for whether they help.
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

    Transfer learning: W-Net is pre-trained to tell the three kinds of blood cell apart (white cells,
    red cells, platelets) on cell crops cut from the boxes of the BCCD smears (../shared/data/bccd-smears,
    New-TileSet -Box: every white cell and platelet, every eighth red cell), then fine-tuned on the
    five types with a new head, once training the whole network and once with the backbone frozen, and
    compared on the same test crops with the balanced-sampling run above, which starts from scratch
    with the same settings. The five-type crops were cut from the same BCCD smears, so every smear
    holding a test crop is left out of pre-training: the backbone never sees a test cell.

    Synthesis: a DCGAN is trained on the training crops of each type with enough of them (not the two
    basophils) for about the same number of steps each; -Count samples of each go on
    synthetic-cells.png beside real-cells.png. Then W-Net is trained once more with those synthetic
    crops added to the real ones (balanced sampling) and tested on the same real test crops.

    Narrates its steps on the host and returns one row per training method (accuracy, balanced accuracy, the Evaluation), so $rows = ./leukocyte-classification.ps1 keeps them.
    From the repository: eng/pwsh examples/leukocyte-classification.ps1
.NOTES
    One full run on the 2-core build machine took 326 s (W-Net with batch normalisation, its default
    since Leukocyte 0.2). Accuracy / balanced accuracy on the 88 real held-out crops: weighted loss
    0.568 / 0.579; balanced sampling from scratch 0.807 / 0.681; pre-trained on 961 smear crops and
    fine-tuned 0.830 / 0.678; fine-tuned with the backbone frozen 0.352 / 0.377; with 160 synthetic
    crops added 0.875 / 0.658. DCGAN last-epoch generator / discriminator losses: eosinophil
    3.95 / 0.50, lymphocyte 2.60 / 0.96, monocyte 4.09 / 0.47, neutrophil 3.18 / 0.86. These are BCCD
    numbers, not the study's.
.PARAMETER DataPath
    The wbc-bccd folder (with BCCD_cropped/<Type>/*.jpg).
.PARAMETER SmearPath
    The bccd-smears folder (BCCD/JPEGImages/*.jpg and test.csv with filename,cell_type,xmin,xmax,ymin,ymax).
.PARAMETER OutputDirectory
    Where the models and reports go.
.PARAMETER Epochs
    Training epochs of each run.
.PARAMETER PretrainEpochs
    Epochs of pre-training on the smear crops.
.PARAMETER GanSteps
    Generator updates per cell type (batches of 16; the epochs follow from the type's crop count).
.PARAMETER SyntheticPerType
    Synthetic crops per type added to the training crops in the augmentation run.
.PARAMETER Quick
    A reduced run that checks the pipeline works: two epochs, one of pre-training, a few GAN steps.
#>
#Requires -Modules CellOps
[CmdletBinding()]
param(
    [string] $DataPath = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', '..', 'shared', 'data', 'wbc-bccd')),
    [string] $SmearPath = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', '..', 'shared', 'data', 'bccd-smears')),
    [string] $OutputDirectory = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'examples', 'leukocyte')),
    [ValidateRange(1, 1000)]
    [int] $Epochs = 30,
    [ValidateRange(1, 1000)]
    [int] $PretrainEpochs = 10,
    [ValidateRange(1, 100000)]
    [int] $GanSteps = 300,
    [ValidateRange(0, 10000)]
    [int] $SyntheticPerType = 40,
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
if ($Quick) { $Epochs = 2; $PretrainEpochs = 1; $GanSteps = 2; $SyntheticPerType = 4 }
$clock = [Diagnostics.Stopwatch]::StartNew()

$cropFolder = [IO.Path]::Combine($DataPath, 'BCCD_cropped')
if (-not [IO.Directory]::Exists($cropFolder)) {
    throw "The white-cell crops are not at '$cropFolder'. This example needs the wbc-bccd data set (BCCD_cropped/<Type>/*.jpg) " +
        "in ../shared/data/wbc-bccd beside the repository; give its folder with -DataPath."
}
$smearFolder = [IO.Path]::Combine($SmearPath, 'BCCD', 'JPEGImages')
$boxTable = [IO.Path]::Combine($SmearPath, 'test.csv')
if (-not [IO.File]::Exists($boxTable) -or -not [IO.Directory]::Exists($smearFolder)) {
    throw "The annotated smears are not at '$SmearPath'. This example needs the bccd-smears data set (BCCD/JPEGImages/*.jpg and test.csv) " +
        "in ../shared/data/bccd-smears beside the repository; give its folder with -SmearPath."
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
Write-Host 'Training crops:'
$train | Out-Host
Write-Host 'Test crops:'
$test | Out-Host

# Two ways of countering the imbalance, otherwise the same run (seed, epochs, network). All training
# crops train: the test crops are the held-out set, so no validation split is taken.
$runs = @(
    @{ Name = 'weighted loss'; Sampling = 'Shuffled'; File = 'wnet-weighted' },
    @{ Name = 'balanced sampling'; Sampling = 'Balanced'; File = 'wnet-balanced' }
)
$results = @{}
$models = @{}
foreach ($run in $runs) {
    Write-Host ("Training W-Net, $($run.Name), $Epochs epochs")
    $model = $train | Start-CellTraining Leukocyte.WNet -Epochs $Epochs -BatchSize 32 -ValidationFraction 0 -Seed 1 `
        -Sampling $run.Sampling -OutFile ([IO.Path]::Combine($OutputDirectory, "$($run.File).cellmodel")) -Force
    $result = $test | Invoke-CellModel $model
    $null = $result | Export-CellReport ([IO.Path]::Combine($OutputDirectory, "$($run.File)-report")) -TrainedModel $model -Force
    Write-Host ("Test crops, $($run.Name):")
    $result.Evaluation | Out-Host
    $results[$run.Name] = $result.Evaluation
    $models[$run.Name] = $model
}
Write-Host ('{0:0} s so far' -f $clock.Elapsed.TotalSeconds)

# --- Transfer learning: pre-train on the kinds of blood cell in the annotated smears ---------------
# The crops of the five types were cut from these smears; a smear that holds a test crop stays out.
$testSmears = @{}
foreach ($crop in $testCrops) { $testSmears[([IO.Path]::GetFileName($crop) -replace '_\d+\.jpg$', '.jpg')] = $true }
$boxes = [Collections.Generic.List[object]]::new()
$lines = [IO.File]::ReadAllLines($boxTable)
$header = $lines[0].Split(',')
$redSeen = 0
for ($i = 1; $i -lt $lines.Count; $i++) {
    $fields = $lines[$i].Split(',')
    $row = @{}
    for ($c = 0; $c -lt $header.Count; $c++) { $row[$header[$c]] = $fields[$c] }
    if ($testSmears.ContainsKey($row.filename)) { continue }
    # Red cells outnumber white cells and platelets each about eleven to one: every eighth keeps
    # pre-training short and less lopsided.
    if ($row.cell_type -eq 'RBC' -and ($redSeen++ % 8) -ne 0) { continue }
    $boxes.Add($row)
}
$smearFiles = [IO.Directory]::GetFiles($smearFolder, '*.jpg') | Where-Object { -not $testSmears.ContainsKey([IO.Path]::GetFileName($_)) }
[Array]::Sort($smearFiles, [StringComparer]::Ordinal)
if ($Quick) { $smearFiles = @($smearFiles)[0..([Math]::Min(19, @($smearFiles).Count - 1))] }
# Boxes of smears not imported (the quick run takes a few) and empty boxes come back as errors, counted here.
$kinds = Import-Micrograph -LiteralPath $smearFiles -Role BrightField |
    New-TileSet -Size 64 -Box $boxes -ErrorAction SilentlyContinue -ErrorVariable boxErrors
Write-Host ('Cell crops from {0} smear(s) without test cells; {1} box(es) left out{2}' -f @($smearFiles).Count, $boxErrors.Count,
    $(if ($boxErrors.Count -gt 0) { ', the first: ' + $boxErrors[0].Exception.Message } else { '.' }))
$kinds | Out-Host

Write-Host ("Pre-training W-Net on blood-cell kinds, $PretrainEpochs epochs")
$base = $kinds | Start-CellTraining Leukocyte.WNet -Epochs $PretrainEpochs -BatchSize 32 -ValidationFraction 0 -Seed 1 -Sampling Balanced `
    -OutFile ([IO.Path]::Combine($OutputDirectory, 'wnet-bccd-kinds.cellmodel')) -Force
$fineTunes = @(
    @{ Name = 'fine-tuned'; Freeze = $false; File = 'wnet-finetuned' },
    @{ Name = 'fine-tuned, frozen'; Freeze = $true; File = 'wnet-finetuned-frozen' }
)
foreach ($run in $fineTunes) {
    Write-Host ("Fine-tuning W-Net on the five types ($($run.Name)), $Epochs epochs")
    $model = $train | Start-CellTraining Leukocyte.WNet -From $base -FreezeBackbone:$run.Freeze -Epochs $Epochs -BatchSize 32 `
        -ValidationFraction 0 -Seed 1 -Sampling Balanced -OutFile ([IO.Path]::Combine($OutputDirectory, "$($run.File).cellmodel")) -Force
    $results[$run.Name] = ($test | Invoke-CellModel $model).Evaluation
}
Write-Host ('{0:0} s so far' -f $clock.Elapsed.TotalSeconds)

# --- Synthesis: a DCGAN per type ------------------------------------------------------------------
# Each type gets about the same number of generator steps, so the rare types get more epochs.
$synthetic = [Collections.Generic.List[object]]::new()
$realSample = [Collections.Generic.List[object]]::new()
$ganLosses = [Collections.Generic.List[object]]::new()
foreach ($type in $types) {
    $own = @($trainCrops | Where-Object { [IO.Path]::GetFileName([IO.Path]::GetDirectoryName($_)) -eq $type })
    if ($own.Count -lt 10) { Write-Host "DCGAN: $type has $($own.Count) training crop(s), too few to learn from; left out."; continue }
    $ganEpochs = [Math]::Max(1, [int][Math]::Ceiling($GanSteps / [Math]::Ceiling($own.Count / 16)))
    Write-Host ("DCGAN: $type, $($own.Count) crops, $ganEpochs epochs")
    $crops = Import-Micrograph -LiteralPath $own -Role BrightField
    $gan = $crops | New-TileSet -Size 64 -WholeImage -ClassFrom Folder |
        Start-CellTraining Leukocyte.DCGAN -Epochs $ganEpochs -BatchSize 16 -ValidationFraction 0 -Seed 1 `
            -OutFile ([IO.Path]::Combine($OutputDirectory, "dcgan-$($type.ToLowerInvariant()).cellmodel")) -Force
    $last = $gan.EpochMetrics[$gan.EpochMetrics.Count - 1]
    $ganLosses.Add(('{0,-11} {1,6} {2,8:0.000} {3,8:0.000} {4,8:0.00}' -f $type, $ganEpochs, $last.Loss,
        $gan.Metrics['loss_d'], $gan.Metrics['d_real']))
    foreach ($m in (Invoke-CellModel $gan -Count ([Math]::Max(16, $SyntheticPerType)) -Seed 1)) { $synthetic.Add($m) }
    foreach ($m in @($crops)[0..([Math]::Min(15, @($crops).Count - 1))]) { $realSample.Add($m) }
}
$null = $synthetic | Where-Object { [int]$_.Metadata['CellOps.Sample'] -lt 16 } |
    Export-ContactSheet ([IO.Path]::Combine($OutputDirectory, 'synthetic-cells.png')) -Columns 16 -Force
$null = $realSample | Export-ContactSheet ([IO.Path]::Combine($OutputDirectory, 'real-cells.png')) -Columns 16 -Force `
    -GroupBy { [IO.Path]::GetFileName([IO.Path]::GetDirectoryName($_.Path)) }
Write-Host 'DCGAN, last epoch (loss: generator; loss_d: discriminator; d_real: its mean score of real crops):'
Write-Host ('{0,-11} {1,6} {2,8} {3,8} {4,8}' -f 'type', 'epochs', 'loss', 'loss_d', 'd_real')
$ganLosses | Out-Host

# --- Augmentation: real training crops plus synthetic ones, tested on real crops only --------------
if ($SyntheticPerType -gt 0 -and $synthetic.Count -gt 0) {
    $extra = $synthetic | Where-Object { [int]$_.Metadata['CellOps.Sample'] -lt $SyntheticPerType } |
        New-TileSet -Size 64 -WholeImage -ClassFrom { $_.Metadata['CellOps.Class'] } -ClassName $types
    Write-Host ("Training W-Net on $($train.Count) real and $($extra.Count) synthetic crops (balanced sampling), $Epochs epochs")
    $model = $train, $extra | Start-CellTraining Leukocyte.WNet -Epochs $Epochs -BatchSize 32 -ValidationFraction 0 -Seed 1 `
        -Sampling Balanced -OutFile ([IO.Path]::Combine($OutputDirectory, 'wnet-augmented.cellmodel')) -Force
    $results['with synthetic'] = ($test | Invoke-CellModel $model).Evaluation
}

# Per-class accuracy is the recall of the class: the share of its test crops called correctly.
Write-Host ('Held-out test crops (BCCD, not the study''s data; the study reports 97% on its own 6,562 images):')
$heading = '{0,-18} {1,8} {2,9}' -f 'training', 'accuracy', 'balanced'
foreach ($type in $types) { $heading += ' {0,11}' -f $type }
Write-Host $heading
foreach ($name in 'weighted loss', 'balanced sampling', 'fine-tuned', 'fine-tuned, frozen', 'with synthetic') {
    $e = $results[$name]
    if ($null -eq $e) { continue }
    $line = '{0,-18} {1,8:0.000} {2,9:0.000}' -f $name, $e.Accuracy, $e.BalancedAccuracy
    $matrix = $e.ConfusionMatrix
    for ($k = 0; $k -lt $types.Count; $k++) {
        $line += ' {0,11}' -f ('{0}/{1}' -f $matrix[$k][$k], $e.PerClass[$k].Support)
    }
    Write-Host $line
}
Write-Host ('Models, reports and contact sheets: {0}' -f $OutputDirectory)
Write-Host ('Total: {0:0} s' -f $clock.Elapsed.TotalSeconds)

# The script's output: one row per training method, shown as a four-column table.
$columns = [Management.Automation.PSPropertySet]::new('DefaultDisplayPropertySet', [string[]] ('Training', 'Accuracy', 'BalancedAccuracy', 'TestCrops'))
foreach ($name in 'weighted loss', 'balanced sampling', 'fine-tuned', 'fine-tuned, frozen', 'with synthetic') {
    if ($null -eq $results[$name]) { continue }
    [pscustomobject]@{
        PSTypeName       = 'CellOps.Example.LeukocyteRun'
        Training         = $name
        Accuracy         = $results[$name].Accuracy
        BalancedAccuracy = $results[$name].BalancedAccuracy
        TestCrops        = $results[$name].Count
        Evaluation       = $results[$name]
    } | Add-Member -MemberType MemberSet -Name PSStandardMembers -Value ([Management.Automation.PSMemberInfo[]] $columns) -PassThru
}
