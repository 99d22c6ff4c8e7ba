# Tab completion through TabExpansion2, as pwsh's console asks for it: model names, hyperparameters, class
# names of a package, enum values and parameter names.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')

    function Get-Completion([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }
}

Describe 'Tab completion' {
    It 'completes model names by prefix for Get-CellModel, with the description as tooltip' {
        $found = Get-Completion 'Get-CellModel Leu'
        $found.CompletionText | Should -Contain 'Leukocyte.WNet'
        $found.CompletionText | Should -Contain 'Leukocyte.DCGAN'
        $found | ForEach-Object { $_.CompletionText | Should -BeLike 'Leukocyte.*' }
        $wnet = $found | Where-Object CompletionText -eq 'Leukocyte.WNet'
        $wnet.ToolTip | Should -Not -Be 'Leukocyte.WNet'
        $wnet.ToolTip | Should -BeLike '*white-blood-cell*'
    }

    It 'completes Start-CellTraining''s model case-insensitively' {
        $texts = (Get-Completion 'Start-CellTraining neuralfate.r').CompletionText
        $texts | Should -Contain 'NeuralFate.ResNet18'
        $texts | Should -Contain 'NeuralFate.ResNet50'
        $texts | ForEach-Object { $_ | Should -BeLike 'NeuralFate.ResNet*' }
    }

    It 'completes ConvertTo-CellModel''s model by its bare name and by wildcard' {
        (Get-Completion 'ConvertTo-CellModel -Model ResNet5').CompletionText | Should -Contain 'NeuralFate.ResNet50'
        (Get-Completion 'ConvertTo-CellModel -Model *WN').CompletionText | Should -Contain 'Leukocyte.WNet'
    }

    It 'completes a hyperparameter of the bound model to a hashtable with its default, which parses' {
        $depth = Get-Completion 'Start-CellTraining Leukocyte.WNet -HyperParameter Dep'
        $depth.Count | Should -Be 1
        $depth[0].ListItemText | Should -Be 'Depth'
        $depth[0].CompletionText | Should -Be '@{ Depth = 4 }'
        $table = Invoke-Expression $depth[0].CompletionText
        $table.Depth | Should -Be 4
        Get-Completion 'Start-CellTraining Leukocyte.DCGAN -HyperParameter Dep' | Should -BeNullOrEmpty
    }

    It 'completes the class names of a package for Export-AttentionMap -Class' {
        $data = New-FieldFolder -Count 3 -Seed 9
        $package = Join-Path $TestDrive 'cm.cellmodel'
        $null = Import-Field $data | New-TileSet -Size 64 -Target Label -AreaFraction 0.3 |
            Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -ValidationFraction 0 -HyperParameter $TinyClassifier -Threads 1 -OutFile $package
        (Get-Completion "Export-AttentionMap -Model '$package' -Class pos").CompletionText | Should -Be 'positive'
    }

    It 'completes enum values and parameter names' {
        (Get-Completion 'New-TileSet -Target ClassH').CompletionText | Should -Be 'ClassHistogram'
        (Get-Completion 'New-TileSet -EdgePolicy S').CompletionText | Should -Be 'Shift'
        (Get-Completion 'Import-Micrograph -Pair').CompletionText | Sort-Object | Should -Be @('-PairChannelName', '-PairRole', '-PairWith')
    }
}
