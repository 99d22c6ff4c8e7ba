# The Export cmdlets in real pwsh: what each writes, -WhatIf (nothing), -PassThru items as Get-Item gives
# them, existing files kept without -Force. One tiny tile classifier, one tiny segmenter and one tiny W-Net
# are trained for the file.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    $data = New-FieldFolder -Count 4 -Seed 23
    $fields = Import-Field $data
    $model = $fields | New-TileSet -Size 64 -Target Label -AreaFraction 0.3 |
        Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 6 -Seed 3 -LearningRate 0.01 -HyperParameter $TinyClassifier -Threads 1 -ValidationFraction 0.25 -OutFile (Join-Path $TestDrive 'm.cellmodel')
    $result = $fields | New-TileSet -Size 64 -Stride 32 -Target Label -AreaFraction 0.3 | Invoke-CellModel $model -Threads 1

    function Test-Png([string] $Path) {
        $bytes = Get-Content -LiteralPath $Path -AsByteStream -TotalCount 4
        ($bytes[1..3] | ForEach-Object { [char] $_ }) -join '' | Should -Be 'PNG' -Because "$Path is a PNG"
    }
}

Describe 'Export-VirtualStain' {
    It 'writes nothing with -WhatIf' {
        $result | Export-VirtualStain -OutputDirectory (Join-Path $TestDrive 'none') -WhatIf | Should -BeNullOrEmpty
        Test-Path (Join-Path $TestDrive 'none') | Should -BeFalse
    }

    It 'writes the probability map, overlay and mask of every field and passes them through' {
        $out = Join-Path $TestDrive 'stain'
        $stains = $result | Export-VirtualStain -OutputDirectory $out -PassThru
        $stains.Count | Should -Be 4
        ($stains.Micrograph | Sort-Object) -join ',' | Should -Be 'field0_phase.png,field1_phase.png,field2_phase.png,field3_phase.png'
        foreach ($stain in $stains) {
            @($stain.Files.All).Count | Should -Be 3
            $stain.Files.All | ForEach-Object { Test-Path -LiteralPath $_ | Should -BeTrue }
            $stem = Join-Path $out ([IO.Path]::GetFileNameWithoutExtension($stain.Micrograph))
            $stain.Files.Overlay | Should -Be "$stem.overlay.png"
            Test-Png $stain.Files.Overlay
        }
        @(Get-ChildItem $out -File).Count | Should -Be 12
    }

    It 'keeps existing files with one non-terminating error per field, and replaces them with -Force' {
        $out = Join-Path $TestDrive 'stain'
        $overlay = (Get-ChildItem $out -Filter 'field0_phase*overlay*')[0].FullName
        Set-Content -LiteralPath $overlay -Value 'a file the user wants to keep' -NoNewline
        $again = $result | Export-VirtualStain -OutputDirectory $out -ErrorVariable refused -ErrorAction SilentlyContinue
        $again | Should -BeNullOrEmpty
        $refused.Count | Should -Be 4
        $refused | Get-ErrorId | Sort-Object -Unique | Should -Be 'OutputExists'
        $refused[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-Content -LiteralPath $overlay -Raw | Should -Be 'a file the user wants to keep'

        $result | Export-VirtualStain -OutputDirectory $out -Force -ErrorAction Stop
        Test-Png $overlay
    }
}

Describe 'Export-CellReport' {
    It 'writes the figures and the numbers, and metrics.json reads back with ConvertFrom-Json' {
        $out = Join-Path $TestDrive 'report'
        $report = $result | Export-CellReport $out -TrainedModel $model -PassThru
        @($report).Count | Should -Be 1
        foreach ($png in 'roc.png', 'confusion.png', 'training.png', 'efficiency.png') {
            $report.Files.Name | Should -Contain $png
            Test-Png (Join-Path $out $png)
        }
        $metrics = Get-Content -LiteralPath (Join-Path $out 'metrics.json') -Raw | ConvertFrom-Json
        $metrics.model | Should -Be 'Cardiomyocyte.TileClassifier'
        $metrics.meanStainIou | Should -Be $report.MeanStainIou
        # One row per epoch, one per field.
        @(Import-Csv -LiteralPath (Join-Path $out 'training.csv')).Count | Should -Be 6
        @(Import-Csv -LiteralPath (Join-Path $out 'efficiency.csv')).Count | Should -Be 4
    }

    It 'writes nothing with -WhatIf and refuses a folder that holds a report' {
        $result | Export-CellReport (Join-Path $TestDrive 'report-whatif') -WhatIf | Should -BeNullOrEmpty
        Test-Path (Join-Path $TestDrive 'report-whatif') | Should -BeFalse
        # One report per call: a report that cannot be written ends the statement.
        $err = $null
        try { $result | Export-CellReport (Join-Path $TestDrive 'report') } catch { $err = $_ }
        $err | Get-ErrorId | Should -Be 'OutputExists'
        $err.CategoryInfo.Category | Should -Be 'ResourceExists'
        $err.Exception.Message | Should -BeLike '*metrics.json already exists; use -Force*'
    }
}

Describe 'Export-SegmentationFigure' {
    BeforeAll {
        $segmented = Invoke-TinySegmentation -Epochs 1
    }

    It 'writes one figure of micrograph, truth and prediction panels and passes it through' {
        $figure = Join-Path $TestDrive 'figure.png'
        $item = $segmented | Export-SegmentationFigure $figure -Title 'class distribution' -MaxMicrographs 2 -PanelSize 64 -PassThru
        $item.FullName | Should -Be $figure
        $size = Get-PngSize $figure
        # Three panels of 64 pixels (micrograph, truth, one model) with 6-pixel gaps.
        $size.Width | Should -Be (3 * 64 + 4 * 6)
        $size.Height | Should -BeGreaterThan (2 * 64 + 3 * 6)
    }

    It 'writes nothing with -WhatIf and keeps an existing figure' {
        $segmented | Export-SegmentationFigure (Join-Path $TestDrive 'other.png') -WhatIf
        Test-Path (Join-Path $TestDrive 'other.png') | Should -BeFalse
        $before = (Get-Item (Join-Path $TestDrive 'figure.png')).LastWriteTimeUtc
        $err = $null
        try { $segmented | Export-SegmentationFigure (Join-Path $TestDrive 'figure.png') } catch { $err = $_ }
        $err | Get-ErrorId | Should -Be 'OutputExists'
        $err.TargetObject | Should -Be (Join-Path $TestDrive 'figure.png')
        (Get-Item (Join-Path $TestDrive 'figure.png')).LastWriteTimeUtc | Should -Be $before
    }
}

Describe 'Export-Micrograph and Export-ContactSheet' {
    BeforeAll {
        [CellOpsPester.Images]::WriteCrop((Join-Path $TestDrive 'a[1].png'), 40, 1, $true)
        [CellOpsPester.Images]::WriteCrop((Join-Path $TestDrive 'b.png'), 48, 2, $false)
        $crops = Import-Micrograph -LiteralPath (Join-Path $TestDrive 'a[1].png'), (Join-Path $TestDrive 'b.png')
        $folder = Join-Path $TestDrive 'png'
    }

    It 'writes nothing with -WhatIf' {
        $crops | Export-Micrograph (Join-Path $TestDrive 'none') -WhatIf | Should -BeNullOrEmpty
        $crops | Export-ContactSheet (Join-Path $TestDrive 'none.png') -WhatIf | Should -BeNullOrEmpty
        Test-Path (Join-Path $TestDrive 'none') | Should -BeFalse
        Test-Path (Join-Path $TestDrive 'none.png') | Should -BeFalse
    }

    It 'passes through file items as Get-Item gives them, even for names with brackets' {
        $written = @($crops | Export-Micrograph $folder -PassThru) + @($crops | Export-ContactSheet (Join-Path $folder 'sheet[2].png') -Columns 2 -CellSize 16 -PassThru)
        $written.Name -join ',' | Should -Be 'a[1].png,b.png,sheet[2].png'
        foreach ($file in $written) {
            $file | Should -BeOfType System.IO.FileInfo
            $file.PSChildName | Should -Be $file.Name
            $file.PSIsContainer | Should -BeFalse
            $file.PSProvider.Name | Should -Be 'FileSystem'
            $file.PSParentPath | Should -BeLike "*$folder"
            $file.Exists | Should -BeTrue
        }
        # The FileSystem table, as Get-Item prints: mode, time, length and name all filled in.
        $saved = $PSStyle.OutputRendering; $PSStyle.OutputRendering = 'PlainText'
        try { $table = $written | Out-String -Width 80 } finally { $PSStyle.OutputRendering = $saved }
        $table | Should -BeLike "*Directory: $folder*"
        $row = ($table -split '\r?\n') | Where-Object { $_ -like '*b.png' }
        $row | Should -Match ('^-\S+\s.*\d:\d\d\s+{0} b\.png$' -f $written[1].Length)

        (Get-PngSize (Join-Path $folder 'b.png')).Width | Should -Be 48
        # Two columns of 16-pixel cells with 2-pixel gaps.
        (Get-PngSize (Join-Path $folder 'sheet[2].png')).Width | Should -Be 38
    }

    It 'keeps an existing file with a non-terminating error and goes on' {
        $fresh = Join-Path $TestDrive 'fresh'
        $null = New-Item -ItemType Directory $fresh
        Copy-Item -LiteralPath (Join-Path $folder 'b.png') -Destination $fresh
        $out = $crops | Export-Micrograph $fresh -PassThru -ErrorVariable refused -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'a[1].png'
        $refused.Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -Be 'OutputExists,CellOps.PowerShell.Commands.ExportMicrographCommand'
        $refused[0].CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'groups a contact sheet into captioned bands with a -GroupBy script block' {
        $sheet = Join-Path $TestDrive 'grouped.png'
        $crops | Export-ContactSheet $sheet -Columns 4 -CellSize 16 -GroupBy { if ($_.Width -eq 40) { 'small' } else { 'large' } }
        $one = Join-Path $TestDrive 'one-band.png'
        $crops | Export-ContactSheet $one -Columns 4 -CellSize 16
        # Two bands of one image each: as wide as one cell, taller than one band by a band and its gap.
        (Get-PngSize $sheet).Width | Should -Be (2 + 18)
        (Get-PngSize $one).Width | Should -Be (2 + 2 * 18)
        (Get-PngSize $sheet).Height | Should -BeGreaterThan ((Get-PngSize $one).Height + 18)
    }
}

Describe 'Export-AttentionMap' {
    BeforeAll {
        foreach ($i in 0..2) {
            $null = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'crops/blob'), (Join-Path $TestDrive 'crops/plain')
            [CellOpsPester.Images]::WriteCrop((Join-Path $TestDrive "crops/blob/b$i.png"), 48, 100 + $i, $true)
            [CellOpsPester.Images]::WriteCrop((Join-Path $TestDrive "crops/plain/p$i.png"), 48, 200 + $i, $false)
        }
        $cropTiles = Import-Micrograph (Join-Path $TestDrive 'crops/*/*.png') | New-TileSet -Size 64 -WholeImage -ClassFrom Folder
        $wnet = $cropTiles | Start-CellTraining Leukocyte.WNet -HyperParameter $TinyWNet -Threads 1 -Epochs 1 -ValidationFraction 0 -Seed 2 -OutFile (Join-Path $TestDrive 'wnet.cellmodel')
        $maps = Join-Path $TestDrive 'maps'
    }

    It 'writes nothing with -WhatIf' {
        $cropTiles | Export-AttentionMap $wnet $maps -WhatIf -Threads 1 | Should -BeNullOrEmpty
        Test-Path $maps | Should -BeFalse
    }

    It 'writes an overlay and a map per crop and describes each' {
        $written = $cropTiles | Export-AttentionMap $wnet $maps -IncludeMap -Threads 1
        $written.Count | Should -Be 6
        ($written.Micrograph | Sort-Object) -join ',' | Should -Be 'b0.png,b1.png,b2.png,p0.png,p1.png,p2.png'
        foreach ($map in $written) {
            $stem = [IO.Path]::GetFileNameWithoutExtension($map.Micrograph)
            $map.Path | Should -Be (Join-Path $maps "$stem.attention.png")
            $map.MapPath | Should -Be (Join-Path $maps "$stem.attention-map.png")
            $map.Class | Should -Be $map.PredictedClass
            $map.Class | Should -BeIn 'blob', 'plain'
            $map.Probability | Should -BeGreaterOrEqual 0.5
            $map.PeakX | Should -BeLessThan 64
            (Get-PngSize $map.Path).Width | Should -Be 64
        }
        @(Get-ChildItem $maps -File).Count | Should -Be 12
    }

    It 'refuses a class the model lacks, naming the classes it has' {
        $err = $null
        try { $cropTiles | Export-AttentionMap $wnet (Join-Path $TestDrive 'nomaps') -Class Neutrophil -Threads 1 } catch { $err = $_ }
        $err | Get-ErrorId | Should -Be 'UnknownClass'
        $err.Exception.Message | Should -BeLike '*blob, plain*'
        Test-Path (Join-Path $TestDrive 'nomaps') | Should -BeFalse
    }
}
