<#
.SYNOPSIS
    W-Net, ResNet-18 and ResNet-50 side by side on real peripheral-blood-cell images: eight cell types and
    one binary question a haematologist asks (mature or immature granulocyte), each network trained from
    scratch and fine-tuned from a base pre-trained on other real cells; Grad-CAM maps of where the best
    network looks; and the path for weights that come from PyTorch.
.DESCRIPTION
    The neural-stem-cell study predicts fate from bright-field images with ResNet-50 (99.7 % binary,
    93.3 % multiclass on its own data, which is not public); the white-blood-cell study compares its
    W-Net with other CNNs. Neither data set is here. This script runs the comparison on real public
    cells instead: 1,600 images of the PBC data set (../shared/data/pbc-blood-cells beside the
    repository: Acevedo et al., Data in Brief 2020, CC BY 4.0; 200 per type of basophil, eosinophil,
    erythroblast, immature granulocyte (ig), lymphocyte, monocyte, neutrophil, platelet). These are
    blood cells, not neural stem cells: the numbers say how the architectures compare on real
    micrographs of single cells, not what the stem-cell study would measure.

    Split: every fifth image of each type (by file name) is the test set, 40 per type, 320 in all; the
    other 1,280 train. Each image is resized whole to -Size pixels (64 by default, W-Net's input; the
    ResNets take any size), in colour.

    Tasks: the eight types; and mature (neutrophil: band and segmented) against immature granulocytes
    (ig: metamyelocytes, myelocytes, promyelocytes), 160 + 160 training and 40 + 40 test images, the
    distinction a left shift turns on.

    Pre-training on other real cells: no ImageNet weights can be downloaded here, so each network is
    first trained to tell the three kinds of blood cell apart (white cells, red cells, platelets) on
    crops cut from the boxes of the BCCD smears (../shared/data/bccd-smears: another laboratory, camera
    and stain), and each task is then also trained starting from that base (Start-CellTraining -From:
    the backbone's weights, a new head). Same seed, epochs and settings otherwise.

    Evaluation on the held-out images: accuracy, balanced accuracy (mean per-type recall), per-type
    recall, and seconds per training epoch. The eight-type results are also grouped by the file-name
    prefix, which names the subtype (BNE band and SNE segmented neutrophils, MMY metamyelocytes, MY
    myelocytes, ...): Invoke-CellModel -GroupBy gives accuracy per subtype. Grad-CAM overlays of the best
    eight-type ResNet's view of the first test image of each type go to attention/.

    Weights from PyTorch: the path a user with ImageNet or lab-trained weights takes is
    ConvertTo-CellModel then Start-CellTraining -From. It is shown here on the ResNet-18 state dict that
    tests/parity/generate_weight_fixtures.py saves with PyTorch (random weights, pruned: it shows the
    path works, not that those weights help), fine-tuned on the binary task like the other runs.

    Narrates its steps on the host and returns one row per task, network and start (accuracy, balanced accuracy, recall per type), so $rows = ./blood-cell-architectures.ps1 keeps them.
    From the repository: eng/pwsh examples/blood-cell-architectures.ps1
.NOTES
    One full run (-Epochs 15) on the 2-core build machine took 2,121 s. Accuracy on the 320 held-out
    images, eight types, scratch / BCCD base: W-Net 0.838 / 0.788, ResNet-18 0.709 / 0.781, ResNet-50
    0.653 / 0.716; mature vs immature granulocytes (80 images): W-Net 0.938 / 0.963, ResNet-18
    0.963 / 0.988, ResNet-50 0.938 / 0.925, ResNet-18 from the PyTorch file 0.838. The README has the
    table with seconds per epoch and what the numbers mean.
.PARAMETER DataPath
    The pbc-blood-cells folder (one folder of JPEGs per type).
.PARAMETER SmearPath
    The bccd-smears folder (BCCD/JPEGImages/*.jpg and test.csv with filename,cell_type,xmin,xmax,ymin,ymax).
.PARAMETER WeightsPath
    A PyTorch state dict of torchvision's ResNet-18 to import (by default the parity fixture).
.PARAMETER OutputDirectory
    Where the models, reports and attention maps go.
.PARAMETER Size
    The size every image is resized to for the ResNets (W-Net always takes 64).
.PARAMETER Epochs
    Training epochs of each run on the tasks.
.PARAMETER PretrainEpochs
    Epochs of pre-training on the smear crops.
.PARAMETER Architecture
    The networks to compare: WNet, ResNet18, ResNet50.
.PARAMETER Quick
    A reduced run that checks the pipeline works: 16 training and 4 test images per type, one epoch each.
#>
#Requires -Modules CellOps
[CmdletBinding()]
param(
    [string] $DataPath = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', '..', 'shared', 'data', 'pbc-blood-cells')),
    [string] $SmearPath = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', '..', 'shared', 'data', 'bccd-smears')),
    [string] $WeightsPath = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', 'tests', 'CellOps.Tests', 'Parity', 'Fixtures', 'resnet18', 'resnet18-fp16.pth')),
    [string] $OutputDirectory = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'examples', 'blood-cell-architectures')),
    [ValidateRange(16, 512)]
    [int] $Size = 64,
    [ValidateRange(1, 1000)]
    [int] $Epochs = 15,
    [ValidateRange(1, 1000)]
    [int] $PretrainEpochs = 5,
    [ValidateSet('WNet', 'ResNet18', 'ResNet50')]
    [string[]] $Architecture = @('WNet', 'ResNet18', 'ResNet50'),
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
if ($Quick) { $Epochs = 1; $PretrainEpochs = 1 }
$clock = [Diagnostics.Stopwatch]::StartNew()

$types = 'basophil', 'eosinophil', 'erythroblast', 'ig', 'lymphocyte', 'monocyte', 'neutrophil', 'platelet'
foreach ($type in $types) {
    if (-not [IO.Directory]::Exists([IO.Path]::Combine($DataPath, $type))) {
        throw "The PBC images are not at '$DataPath' (no '$type' folder). This example needs the pbc-blood-cells data set " +
            "in ../shared/data/pbc-blood-cells beside the repository; give its folder with -DataPath."
    }
}
$smearFolder = [IO.Path]::Combine($SmearPath, 'BCCD', 'JPEGImages')
$boxTable = [IO.Path]::Combine($SmearPath, 'test.csv')
if (-not [IO.File]::Exists($boxTable) -or -not [IO.Directory]::Exists($smearFolder)) {
    throw "The annotated smears are not at '$SmearPath'. This example needs the bccd-smears data set (BCCD/JPEGImages/*.jpg and test.csv) " +
        "in ../shared/data/bccd-smears beside the repository; give its folder with -SmearPath."
}
$null = [IO.Directory]::CreateDirectory($OutputDirectory)
$modelOf = @{ WNet = 'Leukocyte.WNet'; ResNet18 = 'NeuralFate.ResNet18'; ResNet50 = 'NeuralFate.ResNet50' }
# W-Net takes 64×64 crops only; the ResNets pool globally and take -Size.
$sizeOf = @{ WNet = 64; ResNet18 = $Size; ResNet50 = $Size }

# --- The split: every fifth image of each type is held out --------------------------------------
$trainFiles = [Collections.Generic.List[string]]::new()
$testFiles = [Collections.Generic.List[string]]::new()
foreach ($type in $types) {
    $files = [IO.Directory]::GetFiles([IO.Path]::Combine($DataPath, $type), '*.jpg')
    [Array]::Sort($files, [StringComparer]::Ordinal)
    $kept = 0
    for ($i = 0; $i -lt $files.Count; $i++) {
        $test = $i % 5 -eq 2
        if ($Quick -and (($test -and $i -ge 20) -or (-not $test -and $kept -ge 16))) { continue }
        if ($test) { $testFiles.Add($files[$i]) } else { $trainFiles.Add($files[$i]); $kept++ }
    }
}
$trainImages = Import-Micrograph -LiteralPath $trainFiles -Role BrightField
$testImages = Import-Micrograph -LiteralPath $testFiles -Role BrightField
Write-Host ('{0} training and {1} test images of {2} types' -f @($trainImages).Count, @($testImages).Count, $types.Count)

# Mature against immature granulocytes: the neutrophil and ig folders, named for what they mean.
$granulocyte = @{ neutrophil = 'mature'; ig = 'immature' }
$isGranulocyte = { $granulocyte.ContainsKey([IO.Path]::GetFileName([IO.Path]::GetDirectoryName($_.Path))) }
$granulocyteClass = { $granulocyte[[IO.Path]::GetFileName([IO.Path]::GetDirectoryName($_.Path))] }
$tileCache = @{}
function Get-TaskTiles([string] $Task, [string] $Part, [int] $TileSize) {
    $key = "$Task/$Part/$TileSize"
    if (-not $tileCache.ContainsKey($key)) {
        $images = if ($Part -eq 'train') { $trainImages } else { $testImages }
        $tileCache[$key] = if ($Task -eq 'eight types') {
            $images | New-TileSet -Size $TileSize -WholeImage -ClassFrom Folder -ClassName $types
        } else {
            $images | Where-Object $isGranulocyte | New-TileSet -Size $TileSize -WholeImage -ClassFrom $granulocyteClass -ClassName 'immature', 'mature'
        }
    }
    $tileCache[$key]
}

# --- Pre-training bases on other real cells: the kinds of blood cell in the BCCD smears ------------
$boxes = [Collections.Generic.List[object]]::new()
$lines = [IO.File]::ReadAllLines($boxTable)
$header = $lines[0].Split(',')
$redSeen = 0
for ($i = 1; $i -lt $lines.Count; $i++) {
    $fields = $lines[$i].Split(',')
    $row = @{}
    for ($c = 0; $c -lt $header.Count; $c++) { $row[$header[$c]] = $fields[$c] }
    # Red cells outnumber the others about eleven to one: every eighth keeps the kinds less lopsided.
    if ($row.cell_type -eq 'RBC' -and ($redSeen++ % 8) -ne 0) { continue }
    $boxes.Add($row)
}
$smearFiles = [IO.Directory]::GetFiles($smearFolder, '*.jpg')
[Array]::Sort($smearFiles, [StringComparer]::Ordinal)
if ($Quick) { $smearFiles = @($smearFiles)[0..19] }
$smears = Import-Micrograph -LiteralPath $smearFiles -Role BrightField
$bases = @{}
foreach ($arch in $Architecture) {
    # Boxes of smears not imported (the quick run takes a few) come back as errors and are left out.
    $kinds = $smears | New-TileSet -Size $sizeOf[$arch] -Box $boxes -ErrorAction SilentlyContinue
    Write-Host ("Pre-training $arch on $($kinds.Count) BCCD smear crops (white cells, red cells, platelets), $PretrainEpochs epochs")
    $bases[$arch] = $kinds | Start-CellTraining $modelOf[$arch] -Epochs $PretrainEpochs -BatchSize 32 -ValidationFraction 0 -Seed 1 `
        -Sampling Balanced -OutFile ([IO.Path]::Combine($OutputDirectory, "base-$($arch.ToLowerInvariant()).cellmodel")) -Force
}
Write-Host ('{0:0} s so far' -f $clock.Elapsed.TotalSeconds)

# --- Every architecture on both tasks, from scratch and from its base -----------------------------
$subtype = { ([IO.Path]::GetFileNameWithoutExtension($_.Path) -split '_')[0] }
$rows = [Collections.Generic.List[object]]::new()
$best = $null
# Rows show as a table of the four columns that matter at a glance; every property stays on the object.
$columns = [Management.Automation.PSPropertySet]::new('DefaultDisplayPropertySet', [string[]] ('Task', 'Network', 'Start', 'Accuracy'))
function Add-Row($Task, $Arch, $Start, $Trained, $Result) {
    $e = $Result.Evaluation
    $seconds = ($Trained.EpochMetrics | ForEach-Object { $_.Seconds } | Measure-Mean)
    $row = [pscustomobject]@{
        Task = $Task; Network = $Arch; Start = $Start
        Accuracy = $e.Accuracy; BalancedAccuracy = $e.BalancedAccuracy
        Recall = ($e.PerClass | ForEach-Object { '{0}:{1:0.00}' -f $_.Name, $_.Recall }) -join ' '
        SecondsPerEpoch = $seconds
    } | Add-Member -MemberType MemberSet -Name PSStandardMembers -Value ([Management.Automation.PSMemberInfo[]] $columns) -PassThru
    $rows.Add($row)
    $row
}
function Measure-Mean { begin { $sum = 0.0; $n = 0 } process { $sum += $_; $n++ } end { if ($n -gt 0) { $sum / $n } else { 0 } } }

foreach ($task in 'eight types', 'mature vs immature') {
    foreach ($arch in $Architecture) {
        $train = Get-TaskTiles $task 'train' $sizeOf[$arch]
        $test = Get-TaskTiles $task 'test' $sizeOf[$arch]
        foreach ($start in 'scratch', 'BCCD base') {
            $file = '{0}-{1}-{2}' -f ($task -replace '[^a-z]', ''), $arch.ToLowerInvariant(), ($start -replace '[^A-Za-z]', '').ToLowerInvariant()
            Write-Host ("Training $arch on $task from $start ($($train.Count) images, $Epochs epochs)")
            $from = if ($start -eq 'scratch') { @{} } else { @{ From = $bases[$arch] } }
            $model = $train | Start-CellTraining $modelOf[$arch] @from -Epochs $Epochs -BatchSize 32 -ValidationFraction 0 -Seed 1 `
                -OutFile ([IO.Path]::Combine($OutputDirectory, "$file.cellmodel")) -Force
            $result = if ($task -eq 'eight types') { $test | Invoke-CellModel $model -GroupBy $subtype } else { $test | Invoke-CellModel $model }
            $null = $result | Export-CellReport ([IO.Path]::Combine($OutputDirectory, "$file-report")) -TrainedModel $model -Force
            $row = Add-Row $task $arch $start $model $result
            if ($task -eq 'eight types' -and $arch -ne 'WNet' -and ($null -eq $best -or $row.Accuracy -gt $best.Row.Accuracy)) {
                $best = @{ Row = $row; Model = $model; Result = $result }
            }
        }
    }
    Write-Host ('{0:0} s so far' -f $clock.Elapsed.TotalSeconds)
}

# --- Weights from PyTorch: import, then fine-tune like any base ------------------------------------
if ([IO.File]::Exists($WeightsPath) -and $Architecture -contains 'ResNet18') {
    Write-Host ("Importing $([IO.Path]::GetFileName($WeightsPath)) (a torchvision ResNet-18 state dict saved by PyTorch)")
    $imported = ConvertTo-CellModel -LiteralPath $WeightsPath NeuralFate.ResNet18 -TileSize $Size -WholeImage -Force `
        -OutFile ([IO.Path]::Combine($OutputDirectory, 'pytorch-resnet18.cellmodel'))
    $imported | Out-Host
    $train = Get-TaskTiles 'mature vs immature' 'train' $Size
    $test = Get-TaskTiles 'mature vs immature' 'test' $Size
    $model = $train | Start-CellTraining NeuralFate.ResNet18 -From $imported -Epochs $Epochs -BatchSize 32 -ValidationFraction 0 -Seed 1 `
        -OutFile ([IO.Path]::Combine($OutputDirectory, 'matureimmature-resnet18-pytorchfile.cellmodel')) -Force
    $null = Add-Row 'mature vs immature' 'ResNet18' 'PyTorch file' $model ($test | Invoke-CellModel $model)
}

# --- Where the best eight-type ResNet looks ----------------------------------------------------------
if ($null -ne $best) {
    $firstOfEach = foreach ($type in $types) { @($testImages | Where-Object { [IO.Path]::GetFileName([IO.Path]::GetDirectoryName($_.Path)) -eq $type })[0] }
    $maps = $firstOfEach | New-TileSet -Size $Size -WholeImage -ClassFrom Folder -ClassName $types |
        Export-AttentionMap $best.Model ([IO.Path]::Combine($OutputDirectory, 'attention')) -IncludeMap -Force
    Write-Host ("Grad-CAM of $($best.Row.Network) ($($best.Row.Start)), the first test image of each type:")
    $maps | Out-Host
    # The crops themselves above their overlays, one sheet for the eye.
    $sheet = @($firstOfEach) + @(Import-Micrograph -LiteralPath ($maps | ForEach-Object { $_.Path }))
    $null = $sheet | Export-ContactSheet ([IO.Path]::Combine($OutputDirectory, 'attention.png')) -Columns $types.Count -CellSize 128 `
        -GroupBy { if ($_.Name -like '*.attention.png') { 'Grad-CAM' } else { 'test image' } } -Force
    Write-Host 'Accuracy per subtype (file-name prefix) of the same model:'
    $best.Result.Groups | Out-Host
}

Write-Host 'Held-out test images (PBC, not neural stem cells; published full-set accuracy about 0.96-0.97):'
Write-Host ('{0,-19} {1,-8} {2,-12} {3,8} {4,9} {5,8}' -f 'task', 'network', 'start', 'accuracy', 'balanced', 's/epoch')
foreach ($r in $rows) {
    Write-Host ('{0,-19} {1,-8} {2,-12} {3,8:0.000} {4,9:0.000} {5,8:0.0}' -f $r.Task, $r.Network, $r.Start, $r.Accuracy, $r.BalancedAccuracy, $r.SecondsPerEpoch)
}
Write-Host 'Per-type recall:'
foreach ($r in $rows) { Write-Host ('{0,-19} {1,-8} {2,-12} {3}' -f $r.Task, $r.Network, $r.Start, $r.Recall) }
Write-Host ('Models, reports and attention maps: {0}' -f $OutputDirectory)
Write-Host ('Total: {0:0} s' -f $clock.Elapsed.TotalSeconds)

$rows
