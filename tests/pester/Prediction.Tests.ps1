# Invoke-CellModel in real pwsh: a tiny tile classifier trained once for the file predicts its fields; a tiny
# IpsColony model segments generated colonies; results go through Select-Object, Sort-Object, Export-Csv and
# the default tables in 80 columns.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    $data = New-FieldFolder -Count 6 -Seed 17
    $fields = Import-Field $data
    $tiles = $fields | New-TileSet -Size 64 -Target Label -AreaFraction 0.3
    $model = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 8 -Seed 3 -LearningRate 0.01 -HyperParameter $TinyClassifier -Threads 1 -OutFile (Join-Path $TestDrive 'cm.cellmodel')
    $result = $tiles | Invoke-CellModel $model -Threads 1

    # Lines of a table as a CI log shows it: plain text, 80 columns.
    function Get-TableLine {
        param([Parameter(Mandatory)] [object[]] $InputObject, [switch] $AutoSize)
        $saved = $PSStyle.OutputRendering
        $PSStyle.OutputRendering = 'PlainText'
        try {
            $text = if ($AutoSize) { $InputObject | Format-Table -AutoSize | Out-String -Width 80 } else { $InputObject | Out-String -Width 80 }
        } finally { $PSStyle.OutputRendering = $saved }
        @($text -split '\r?\n' | Where-Object { $_.Trim() })
    }
}

Describe 'Invoke-CellModel' {
    It 'predicts every tile and scores the labelled set well' {
        @($result).Count | Should -Be 1
        $result.Count | Should -Be 54
        $result.Micrographs.Count | Should -Be 6
        $result.ClassNames -join ',' | Should -Be 'negative,positive'
        $result.Evaluation.Accuracy | Should -BeGreaterOrEqual 0.9
        $result.Evaluation.RocAuc | Should -BeGreaterOrEqual 0.95
        # A third of each field's nine tiles holds a cell.
        $result.Micrographs | ForEach-Object { $_.LabelledPositiveFraction | Should -Be (3 / 9) }
    }

    It 'cuts whole micrographs as the package says and gives the same predictions' {
        $fromFields = $fields | Invoke-CellModel $model -Threads 1
        $fromFields.Count | Should -Be 54
        ($fromFields.Tiles | ForEach-Object PredictedClass) -join '' | Should -Be (($result.Tiles | ForEach-Object PredictedClass) -join '')
    }

    It 'emits one object per tile with -PerTile, which Sort-Object and Select-Object handle' {
        $perTile = $tiles | Invoke-CellModel $model -Threads 1 -PerTile
        $perTile.Count | Should -Be 54
        ($perTile | Group-Object Micrograph).Count | Should -Be 6
        $surest = $perTile | Sort-Object Probability -Descending | Select-Object -First 5 Micrograph, ClassName, Probability
        $surest.Count | Should -Be 5
        $surest[0].Probability | Should -BeGreaterOrEqual $surest[4].Probability
        ($perTile | Where-Object { $_.PredictedClass -eq $_.Label }).Count / 54 | Should -BeGreaterOrEqual 0.9
    }

    It 'writes per-micrograph results that Export-Csv and Import-Csv carry whole' {
        $csv = Join-Path $TestDrive 'efficiency.csv'
        $result.Micrographs | Select-Object Micrograph, Tiles, PositiveFraction, MeasuredEfficiency | Export-Csv -LiteralPath $csv -NoTypeInformation
        $rows = Import-Csv -LiteralPath $csv
        $rows.Count | Should -Be 6
        (Get-Content -LiteralPath $csv -TotalCount 1) | Should -Be '"Micrograph","Tiles","PositiveFraction","MeasuredEfficiency"'
        ($rows.Micrograph | Sort-Object) -join ',' | Should -Be ((0..5 | ForEach-Object { "field${_}_phase.png" }) -join ',')
        foreach ($row in $rows) {
            $summary = $result.Micrographs | Where-Object Micrograph -eq $row.Micrograph
            [int] $row.Tiles | Should -Be 9
            [double]::Parse($row.MeasuredEfficiency, [cultureinfo]::InvariantCulture) | Should -Be $summary.MeasuredEfficiency
        }
        ($rows | Measure-Object { [double] $_.MeasuredEfficiency } -Average).Average | Should -BeGreaterThan 0.05
    }
}

Describe 'Invoke-CellModel on a segmentation model' {
    BeforeAll {
        $segmented = Invoke-TinySegmentation -Epochs 2
    }

    It 'maps whole micrographs and scores them against their label images' {
        $segmented.ClassNames -join ',' | Should -Be 'bg,diff,undiff'
        $segmented.MapCoverage | Should -Be '2×2 cells per tile'
        # Centred every 32 pixels: 4×4 tiles per 128-pixel colony.
        $segmented.Count | Should -Be 48
        $segmented.Segmentation.PerClass.Count | Should -Be 3
        $segmented.Micrographs | ForEach-Object { $_.MeanIou | Should -Not -BeNullOrEmpty }
    }

    It 'maps a slide too large for memory as it predicts and writes full-size TIFFs and a reduced overlay' {
        # 4200×4100 16-bit: just over the 4096² that maps are built in memory and overlays drawn at.
        $slide = Join-Path $TestDrive 'slide.tif'
        $options = [CellOps.Imaging.Tiff.TiffWriteOptions]@{ PixelType = 'UInt16'; TileWidth = 256; Compression = 'Deflate' }
        [CellOps.Imaging.Tiff.TiffWriter]::Write($slide, 4200, 4100, $options, [byte[]]::new(4200 * 4100 * 2))
        $result = Import-Micrograph $slide | Invoke-CellModel (Join-Path $TestDrive 'cd.cellmodel') -Stride 64 -Threads 1
        $result.MapsBuilt | Should -BeTrue
        $result.MapCoverage | Should -Be '2×2 cells per tile'

        $stain = $result | Export-VirtualStain (Join-Path $TestDrive 'slide-out') -PassThru
        $stain.OverlayScale | Should -Be 2
        $labels = Import-Micrograph $stain.StainFile.FullName
        "$($labels.Width)×$($labels.Height)" | Should -Be '4200×4100'
        $overlay = Get-PngSize $stain.OverlayFile.FullName
        "$($overlay.Width)×$($overlay.Height)" | Should -Be '2100×2050'
    }
}

Describe 'Invoke-CellModel -Count on a generator' {
    BeforeAll {
        $crops = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'Eosinophil')
        foreach ($i in 0..2) { [CellOpsPester.Images]::WriteCrop((Join-Path $crops "e$i.png"), 40 + 4 * $i, 300 + $i, $true) }
        $generator = Import-Micrograph (Join-Path $crops '*.png') | New-TileSet -Size 64 -WholeImage -ClassFrom Folder |
            Start-CellTraining Leukocyte.DCGAN -HyperParameter @{ LatentSize = 8; GeneratorWidth = 4; DiscriminatorWidth = 4 } `
                -Threads 1 -Epochs 1 -BatchSize 3 -ValidationFraction 0 -OutFile (Join-Path $TestDrive 'gen.cellmodel')
    }

    It 'makes synthetic micrographs, the same for the same seed, that tile like imported ones' {
        $made = Invoke-CellModel $generator -Count 3 -Seed 5 -Threads 1
        $made.Count | Should -Be 3
        $made | ForEach-Object {
            $_.Synthetic | Should -BeTrue
            '{0}x{1}x{2}' -f $_.Width, $_.Height, $_.ChannelCount | Should -Be '64x64x3'
        }
        $made[0].Metadata['CellOps.Class'] | Should -Be 'Eosinophil'
        $set = $made | New-TileSet -Size 64 -WholeImage -ClassFrom { $_.Metadata['CellOps.Class'] }
        $set.Count | Should -Be 3
        $set.ClassNames -join ',' | Should -Be 'Eosinophil'

        # The same seed gives the same pixels: exported, the files hash alike.
        $first = Invoke-CellModel $generator -Count 1 -Seed 5 -Threads 1 | Export-Micrograph (Join-Path $TestDrive 'a') -PassThru
        $again = Invoke-CellModel $generator -Count 1 -Seed 5 -Threads 1 | Export-Micrograph (Join-Path $TestDrive 'b') -PassThru
        (Get-FileHash $first.FullName).Hash | Should -Be (Get-FileHash $again.FullName).Hash
    }
}

Describe 'Default tables in 80 columns' {
    It 'prints <Name> whole, with every column and its numbers uncut' -ForEach @(
        @{ Name = 'a prediction'; Get = { $result }; Headers = 'Model', 'Fields', 'Positive', 'Acc', 'F1', 'AUC', 'EffR', 'IoU', 'Complete'; Value = '1.000' }
        @{ Name = 'the per-micrograph results'; Get = { $result.Micrographs }; Headers = 'Micrograph', 'Tiles', 'Positive', 'PredEff', 'LabelEff', 'MeasEff', 'MeanIoU'; Value = '0.333' }
        @{ Name = 'a trained model'; Get = { $model }; Headers = 'Name', 'Epochs', 'Kept', 'Loss', 'ValAcc', 'ValF1', 'ValAUC'; Value = 'cm.cellmodel' }
        @{ Name = 'a tile set'; Get = { $tiles }; Headers = 'Count', 'TileSize', 'Stride', 'Target', 'Sources', 'ClassCounts'; Value = '0:36 1:18' }
        @{ Name = 'micrographs'; Get = { $fields }; Headers = 'Name', 'Size', 'Ch', 'Type', 'Role', 'PixelSize'; Value = '192×192' }
        @{ Name = 'the installed models'; Get = { Get-CellModel }; Headers = 'Name', 'Version', 'Task', 'Status'; Value = 'Cardiomyocyte.TileClassifier' }
    ) {
        foreach ($autoSize in $false, $true) {
            $lines = Get-TableLine -InputObject (& $Get) -AutoSize:$autoSize
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_' (AutoSize $autoSize)" }
            $header = @($lines[0] -split '\s+' | Where-Object { $_ })
            foreach ($h in $Headers) { $header | Should -Contain $h -Because "the header is '$($lines[0])' (AutoSize $autoSize)" }
            ($lines -join "`n") | Should -Match ([regex]::Escape($Value))
            $lines | Should -Not -Match '…\d'
        }
    }
}
