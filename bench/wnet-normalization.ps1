<#
.SYNOPSIS
    W-Net with and without normalisation on the white-cell crops: held-out accuracy per variant.
.DESCRIPTION
    The white-cell example's crops and split (every fourth crop of each type held out), W-Net trained
    with each -HyperParameter @{ Normalization = ... } (None, Group, Batch), each way of countering
    the class imbalance (weighted loss, balanced sampling) and each seed, everything else as the
    example. Prints one line per run and the means per variant. Needs ../shared/data/wbc-bccd.
    eng/pwsh bench/wnet-normalization.ps1 [-Epochs 30] [-SeedCount 5]
#>
param(
    [string] $DataPath = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', '..', 'shared', 'data', 'wbc-bccd')),
    [int] $Epochs = 30,
    [ValidateRange(1, 100)]
    [int] $SeedCount = 5,
    [string[]] $Normalization = @('None', 'Group', 'Batch')
)
$ErrorActionPreference = 'Stop'
$types = 'Basophil', 'Eosinophil', 'Lymphocyte', 'Monocyte', 'Neutrophil'
$cropFolder = [IO.Path]::Combine($DataPath, 'BCCD_cropped')
$trainCrops = [Collections.Generic.List[object]]::new()
$testCrops = [Collections.Generic.List[object]]::new()
foreach ($type in $types) {
    $files = [IO.Directory]::GetFiles([IO.Path]::Combine($cropFolder, $type), '*.jpg')
    [Array]::Sort($files, [StringComparer]::Ordinal)
    for ($i = 0; $i -lt $files.Count; $i++) {
        if ($i % 4 -eq 1) { $testCrops.Add($files[$i]) } else { $trainCrops.Add($files[$i]) }
    }
}
$train = Import-Micrograph -LiteralPath $trainCrops -Role BrightField | New-TileSet -Size 64 -WholeImage -ClassFrom Folder -ClassName $types
$test = Import-Micrograph -LiteralPath $testCrops -Role BrightField | New-TileSet -Size 64 -WholeImage -ClassFrom Folder -ClassName $types
$rows = [Collections.Generic.List[object]]::new()
foreach ($norm in $Normalization) {
    foreach ($sampling in 'Shuffled', 'Balanced') {
        foreach ($seed in 1..$SeedCount) {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $model = $train | Start-CellTraining Leukocyte.WNet -Epochs $Epochs -BatchSize 32 -ValidationFraction 0 -Seed $seed `
                -Sampling $sampling -HyperParameter @{ Normalization = $norm }
            $evaluation = ($test | Invoke-CellModel $model).Evaluation
            $row = [pscustomobject]@{ Normalization = $norm; Sampling = $sampling; Seed = $seed
                Accuracy = $evaluation.Accuracy; Balanced = $evaluation.BalancedAccuracy; Seconds = [int]$clock.Elapsed.TotalSeconds }
            $rows.Add($row)
            'run: {0,-6} {1,-9} seed {2}: accuracy {3:0.000}, balanced {4:0.000} ({5} s)' -f $norm, $sampling, $seed, $row.Accuracy, $row.Balanced, $row.Seconds | Out-Default
        }
    }
}
# Means per variant (plain loops).
foreach ($norm in $Normalization) {
    foreach ($sampling in 'Shuffled', 'Balanced') {
        $mine = @($rows | Where-Object { $_.Normalization -eq $norm -and $_.Sampling -eq $sampling })
        $accuracy = 0.0; $balanced = 0.0
        foreach ($r in $mine) { $accuracy += $r.Accuracy / $mine.Count; $balanced += $r.Balanced / $mine.Count }
        'mean: {0,-6} {1,-9} over {2} seed(s): accuracy {3:0.000}, balanced {4:0.000}' -f $norm, $sampling, $mine.Count, $accuracy, $balanced | Out-Default
    }
}
