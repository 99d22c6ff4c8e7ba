# Start-CellTraining in real pwsh: a tiny Cardiomyocyte tile classifier on generated fields (the sizes the
# xunit tests train with), trained once for the file; -WhatIf, -Force, -HoldOutBy and the result's numbers
# through the real Utility cmdlets.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    $data = New-FieldFolder -Count 6 -Seed 17
    $tiles = Import-Field $data | New-TileSet -Size 64 -Target Label -AreaFraction 0.3
    $package = Join-Path $TestDrive 'cm.cellmodel'
    $trained = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 4 -Seed 3 -LearningRate 0.01 -HyperParameter $TinyClassifier -Threads 1 -OutFile $package
}

Describe 'Start-CellTraining' {
    It 'trains a tiny classifier and writes its package' {
        @($trained).Count | Should -Be 1
        $trained.Model | Should -Be 'Cardiomyocyte.TileClassifier'
        $trained.Path | Should -Be $package
        $trained.Epochs | Should -Be 4
        $trained.TrainingTiles | Should -Be 54
        # Validation holds out whole micrographs by default.
        $trained.HeldOutBy | Should -Be 'micrograph'
        @($trained.HeldOut | Where-Object { $_ -like 'field*_phase.png' }).Count | Should -BeGreaterThan 0
        $trained.EpochMetrics.Count | Should -Be 4
        $trained.Fingerprint | Should -Match '^[0-9a-f]{64}$'
        (Get-Item -LiteralPath $package).Length | Should -BeGreaterThan 1000
    }

    It 'keeps the epoch of lowest validation loss, as Sort-Object finds it' {
        $best = $trained.EpochMetrics | Sort-Object ValidationLoss | Select-Object -First 1
        $trained.KeptEpoch | Should -Be $best.Epoch
        $trained.ValidationLoss | Should -Be $best.ValidationLoss
        $losses = $trained.EpochMetrics | Measure-Object Loss -Minimum -Maximum
        $losses.Count | Should -Be 4
        $losses.Maximum | Should -BeGreaterThan $losses.Minimum
        # Four epochs of tiny steps on clear disks: the loss falls.
        $trained.EpochMetrics[-1].Loss | Should -BeLessThan $trained.EpochMetrics[0].Loss
    }

    It 'trains nothing, writes nothing and returns nothing with -WhatIf' {
        $out = Join-Path $TestDrive 'whatif.cellmodel'
        $result = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -HyperParameter $TinyClassifier -Threads 1 -OutFile $out -WhatIf
        $result | Should -BeNullOrEmpty
        Test-Path -LiteralPath $out | Should -BeFalse
    }

    It 'refuses an existing -OutFile before training and replaces it with -Force' {
        $kept = Join-Path $TestDrive 'kept.cellmodel'
        Set-Content -LiteralPath $kept -Value 'an earlier package' -NoNewline
        $err = $null
        try {
            $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -HyperParameter $TinyClassifier -Threads 1 -OutFile $kept
        } catch { $err = $_ }
        $err | Get-ErrorId | Should -Be 'OutputExists'
        $err.CategoryInfo.Category | Should -Be 'ResourceExists'
        $err.TargetObject | Should -Be $kept
        Get-Content -LiteralPath $kept -Raw | Should -Be 'an earlier package'

        $forced = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -ValidationFraction 0 -HyperParameter $TinyClassifier -Threads 1 -OutFile $kept -Force
        $forced.Path | Should -Be $kept
        # A package is a zip file: it starts with "PK".
        (Get-Content -LiteralPath $kept -AsByteStream -TotalCount 2) -join ',' | Should -Be '80,75'
    }

    It 'holds out whole columns of fields with -HoldOutBy and says so with -Verbose' {
        $fields = Import-Field $data | Split-Micrograph 64 | New-TileSet -Size 64 -Target Label -AreaFraction 0.3
        $records = $fields | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -Seed 3 -ValidationFraction 0.3 -HoldOutBy 'CellOps.FieldColumn' `
            -HyperParameter $TinyClassifier -Threads 1 -OutFile (Join-Path $TestDrive 'held.cellmodel') -Verbose 4>&1
        $model = $records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $model.HeldOutBy | Should -Be "metadata 'CellOps.FieldColumn'"
        @($model.HeldOut).Count | Should -Be 1
        $column = $model.HeldOut[0]
        # Six 192-pixel images in 64-pixel fields: three columns of 18 fields each.
        $records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like "*held out by metadata 'CellOps.FieldColumn': $column; 18 micrograph(s)*" } |
            Should -Not -BeNullOrEmpty
    }
}
