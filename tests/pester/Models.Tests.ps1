# Get-CellModel and ConvertTo-CellModel in real pwsh: the installed plugins' models, -Verbose, and a
# PyTorch ResNet-18 state dict (a repository fixture) converted, predicting and fine-tuned.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    $resnet = Join-Path $WeightFixtures 'resnet18/resnet18-fp16.pth'
    $weights = Join-Path $WeightFixtures 'weights'
}

Describe 'Get-CellModel' {
    It 'lists every model of the plugins that ship with the module, none failed' {
        $models = Get-CellModel
        $names = $models.Name
        foreach ($expected in 'Cardiomyocyte.TileClassifier', 'IpsColony.ClassDistribution', 'Leukocyte.WNet', 'Leukocyte.DCGAN', 'NeuralFate.ResNet18') {
            $names | Should -Contain $expected
        }
        $models | Where-Object Status -eq 'Failed' | Should -BeNullOrEmpty
        ($models | Group-Object Plugin | Measure-Object).Count | Should -BeGreaterOrEqual 5
    }

    It 'finds models by wildcard and describes the hyperparameters a user can set' {
        $wnet = Get-CellModel 'Leuko*' | Where-Object Name -eq 'Leukocyte.WNet'
        $wnet.Task | Should -Be 'TileClassification'
        $wnet.Plugin | Should -Be 'Leukocyte'
        $wnet.Classes | Should -Contain 'Eosinophil'
        (Get-CellModel 'Leuko*').Name | Sort-Object | Should -Be @('Leukocyte.DCGAN', 'Leukocyte.WNet')
    }

    It 'tells the plugin folders it searched with -Verbose' {
        $verbose = @(Get-CellModel -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Where-Object { $_ -like 'Plugin folder*' } | Should -Not -BeNullOrEmpty
        $verbose | Where-Object { $_ -like 'Plugin Cardiomyocyte*' } | Should -Not -BeNullOrEmpty
        $verbose | Where-Object { $_ -like '*plugin(s) found*model(s) declared*' } | Should -Not -BeNullOrEmpty
    }

    It 'lists without loading any plugin, and using a model loads its plugin alone' {
        # A fresh session, so that no earlier test has loaded a plugin.
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $cellops = Join-Path $PSScriptRoot '../../out/CellOps/CellOps.psd1'
        $script = "Import-Module '$cellops'; `$n = (Get-CellModel).Count; " +
            "`$loaded = { ([AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -like 'CellOps.Plugins.*' | Sort-Object) -join ',' }; " +
            "'listed ' + `$n + ': ' + (& `$loaded); " +
            "ConvertTo-CellModel -Path absent.pt -Model Cardiomyocyte.TileClassifier -ErrorAction SilentlyContinue; " +
            "'used: ' + (& `$loaded); (Get-CellModel Cardiomyocyte.TileClassifier, Leukocyte.WNet).Status -join ','"
        $output = & $pwsh -NoProfile -NonInteractive -Command $script 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
        $output[0] | Should -Match '^listed 1\d: $'
        $output[1] | Should -Be 'used: CellOps.Plugins.Cardiomyocyte'
        $output[2] | Should -Be 'Loaded,Available'
    }
}

Describe 'ConvertTo-CellModel' {
    BeforeAll {
        foreach ($i in 0..2) {
            $null = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'Glia'), (Join-Path $TestDrive 'Neuron')
            [CellOpsPester.Images]::WriteCrop((Join-Path $TestDrive "Glia/g$i.png"), 40, $i, $true)
            [CellOpsPester.Images]::WriteCrop((Join-Path $TestDrive "Neuron/n$i.png"), 40, 10 + $i, $false)
        }
        $imported = ConvertTo-CellModel -LiteralPath $resnet NeuralFate.ResNet18 -OutFile (Join-Path $TestDrive 'r18.cellmodel') -TileSize 32 -WholeImage -Threads 2
    }

    It 'converts a PyTorch ResNet-18 into a package traced by the file''s SHA-256' {
        $imported.Model | Should -Be 'NeuralFate.ResNet18'
        $imported.TileSize | Should -Be 32
        $imported.ClassNames.Count | Should -Be 1000
        $imported.Source | Should -Be 'resnet18-fp16.pth'
        $imported.Sha256 | Should -Be (Get-FileHash -LiteralPath $resnet -Algorithm SHA256).Hash.ToLowerInvariant()
        $imported.Path | Should -Be (Join-Path $TestDrive 'r18.cellmodel')
        Test-Path -LiteralPath $imported.Path | Should -BeTrue
    }

    It 'gives a package that predicts all 1000 classes and that fine-tuning starts from' {
        $prediction = Import-Micrograph (Join-Path $TestDrive 'Glia/g0.png') | Invoke-CellModel $imported -Threads 2
        $prediction.Count | Should -Be 1
        $prediction.Tiles[0].Probabilities.Count | Should -Be 1000
        [math]::Round(($prediction.Tiles[0].Probabilities | Measure-Object -Sum).Sum, 4) | Should -Be 1

        $child = Import-Micrograph (Join-Path $TestDrive '*/*.png') | New-TileSet -Size 32 -WholeImage -ClassFrom Folder |
            Start-CellTraining NeuralFate.ResNet18 -From $imported -Epochs 1 -BatchSize 6 -Threads 2 -ValidationFraction 0 -OutFile (Join-Path $TestDrive 'child.cellmodel')
        $child.Model | Should -Be 'NeuralFate.ResNet18'
        $child.TrainingTiles | Should -Be 6
        (Import-Micrograph (Join-Path $TestDrive 'Glia/g1.png') | Invoke-CellModel $child -Threads 2).ClassNames -join ',' | Should -Be 'Glia,Neuron'
    }

    It 'refuses a hostile pickle as a security error, converts the good file beside it and writes nothing on -WhatIf' {
        $hostile = Join-Path $weights 'hostile-os-system.pth'
        $out = ConvertTo-CellModel -LiteralPath $hostile, $resnet NeuralFate.ResNet18 -OutFile (Join-Path $TestDrive 'one.cellmodel') -Threads 2 -ErrorVariable failed -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $failed.Count | Should -Be 1
        $failed[0] | Get-ErrorId | Should -Be 'UnsafeWeightFile'
        $failed[0].CategoryInfo.Category | Should -Be 'SecurityError'
        $failed[0].TargetObject | Should -Be $hostile
        $failed[0].Exception.Message | Should -BeLike '*os.system*'

        ConvertTo-CellModel -LiteralPath $resnet NeuralFate.ResNet18 -OutFile (Join-Path $TestDrive 'whatif.cellmodel') -WhatIf | Should -BeNullOrEmpty
        Test-Path (Join-Path $TestDrive 'whatif.cellmodel') | Should -BeFalse
    }
}
