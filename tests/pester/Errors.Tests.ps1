# Errors as a pwsh user meets them: ErrorRecords with a stable id, a category and the offending object;
# non-terminating where the pipeline can go on, so -ErrorAction, -ErrorVariable, $ErrorActionPreference
# and try/catch behave as they do for PowerShell's own cmdlets.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    $data = New-FieldFolder -Count 3 -Seed 5
    $tiles = Import-Field $data | New-TileSet -Size 64 -Target Label -AreaFraction 0.3
    $package = Join-Path $TestDrive 'cm.cellmodel'
    $null = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -ValidationFraction 0 -HyperParameter $TinyClassifier -Threads 1 -OutFile $package
    $good = Join-Path $data 'field0_phase.png'
    $missing = Join-Path $TestDrive 'missing.png'

    # The error a statement ends with, or $null when it ends normally.
    function Get-StatementError([scriptblock] $Statement) {
        try { $null = & $Statement; $null } catch { $_ }
    }
}

Describe 'Import-Micrograph errors' {
    It 'writes a non-terminating MicrographNotFound for a missing file and goes on with the next' {
        $m = Import-Micrograph -LiteralPath $missing, $good -ErrorVariable errs -ErrorAction SilentlyContinue
        @($m).Count | Should -Be 1
        $m.Name | Should -Be 'field0_phase.png'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'MicrographNotFound,CellOps.PowerShell.Commands.ImportMicrographCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be $missing
        $errs[0].Exception.Message | Should -BeLike '*missing.png*'
    }

    It 'stops at the first error with -ErrorAction Stop, and try/catch gets the same record' {
        $err = Get-StatementError { Import-Micrograph -LiteralPath $missing, $good -ErrorAction Stop }
        $err | Should -Not -BeNullOrEmpty
        $err | Get-ErrorId | Should -Be 'MicrographNotFound'
        $err.TargetObject | Should -Be $missing
    }

    It 'stops a script whose $ErrorActionPreference is Stop, and only then' {
        $script = Join-Path $TestDrive 'strict.ps1'
        Set-Content -LiteralPath $script -Value @'
param([string] $Missing, [string] $Good, [string] $Preference)
$ErrorActionPreference = $Preference
$m = Import-Micrograph -LiteralPath $Missing, $Good 2>$null
"imported $(@($m).Count)"
'@
        & $script -Missing $missing -Good $good -Preference Continue | Should -Be 'imported 1'
        $err = Get-StatementError { & $script -Missing $missing -Good $good -Preference Stop }
        $err | Get-ErrorId | Should -Be 'MicrographNotFound'
    }

    It 'reports a damaged TIFF as CorruptImage naming the file' {
        $bad = Join-Path $TestDrive 'damaged.tif'
        # A big-endian TIFF header whose first directory lies past the end of the file.
        [IO.File]::WriteAllBytes($bad, [byte[]](0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x40, 0x00, 0, 0, 0, 0))
        $null = Import-Micrograph -LiteralPath $bad, $good -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0] | Get-ErrorId | Should -Be 'CorruptImage'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errs[0].Exception.Message | Should -BeLike "*'$bad'*damaged*"
    }

    It 'refuses a pair of another size and goes on with the next micrograph' {
        [CellOpsPester.Images]::WriteFlat((Join-Path $TestDrive 'a_phase.png'), 40, 30, 7)
        [CellOpsPester.Images]::WriteFlat((Join-Path $TestDrive 'a_gfp.png'), 40, 31, 7)
        [CellOpsPester.Images]::WriteFlat((Join-Path $TestDrive 'b_phase.png'), 40, 30, 7)
        [CellOpsPester.Images]::WriteFlat((Join-Path $TestDrive 'b_gfp.png'), 40, 30, 7)
        $m = Import-Micrograph (Join-Path $TestDrive '*_phase.png') -PairWith { $_.FullName -replace '_phase', '_gfp' } -ErrorVariable errs -ErrorAction SilentlyContinue
        $m.Name | Should -Be 'b_phase.png'
        $errs.Count | Should -Be 1
        $errs[0] | Get-ErrorId | Should -Be 'PairSizeMismatch'
        $errs[0].Exception.Message | Should -BeLike '*a_gfp.png*40×31*'
    }

    It 'shows the message alone in the console''s error view' {
        $null = Import-Micrograph -LiteralPath $missing -ErrorVariable errs -ErrorAction SilentlyContinue
        $saved = $PSStyle.OutputRendering; $PSStyle.OutputRendering = 'PlainText'
        try { $shown = ($errs[0] | Out-String -Width 200).Trim() } finally { $PSStyle.OutputRendering = $saved }
        $shown | Should -BeLike "Import-Micrograph:*$missing*"
        $shown | Should -Not -BeLike '*   at *'
    }
}

Describe 'Tiling, training and prediction errors' {
    It 'reports a micrograph without the pair its target needs and tiles the others' {
        $lonely = Import-Micrograph $good
        $paired = Import-Field $data | Select-Object -Last 1
        $set = $lonely, $paired | New-TileSet -Size 64 -Target Label -ErrorVariable errs -ErrorAction SilentlyContinue
        $set.Count | Should -Be 9
        $errs.Count | Should -Be 1
        $errs[0] | Get-ErrorId | Should -Be 'TileTargetFailed'
    }

    It 'ends the statement for an unknown model, naming the models there are' {
        $err = Get-StatementError { $tiles | Start-CellTraining Cardiomyocyte.NoSuchModel -Epochs 1 }
        $err | Get-ErrorId | Should -Be 'ModelNotFound'
        $err.Exception.Message | Should -BeLike '*Cardiomyocyte.TileClassifier*'
    }

    It 'ends the statement for a hyperparameter out of range, naming it' {
        $err = Get-StatementError { $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -HyperParameter @{ Depth = 99 } -Epochs 1 }
        $err | Get-ErrorId | Should -Be 'InvalidTrainingInput'
        $err.Exception.Message | Should -BeLike '*Depth*'
    }

    It 'reports a missing package as not found, naming it, for Invoke-CellModel and Start-CellTraining -From' {
        $nowhere = Join-Path $TestDrive 'nowhere.cellmodel'
        foreach ($statement in { $tiles | Invoke-CellModel $nowhere }, { $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -From $nowhere -Epochs 1 -OutFile (Join-Path $TestDrive 'x.cellmodel') }) {
            $err = Get-StatementError $statement
            $err | Get-ErrorId | Should -Be 'ModelPackageNotFound'
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.TargetObject | Should -Be $nowhere
        }
        Test-Path (Join-Path $TestDrive 'x.cellmodel') | Should -BeFalse
    }

    It 'refuses tiles of another size without stopping, and predicts the micrographs that follow' {
        $wrong = Import-Field $data | New-TileSet -Size 32 | Invoke-CellModel $package -Threads 1 -ErrorVariable errs -ErrorAction SilentlyContinue
        $wrong | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0] | Get-ErrorId | Should -Be 'TileSizeMismatch'
        (Import-Field $data | Invoke-CellModel $package -Threads 1).Count | Should -Be 27
    }

    It 'collects errors from several commands into one -ErrorVariable with +' {
        $null = Import-Micrograph -LiteralPath $missing -ErrorVariable collected -ErrorAction SilentlyContinue
        $null = Import-Field $data | New-TileSet -Size 32 | Invoke-CellModel $package -Threads 1 -ErrorVariable +collected -ErrorAction SilentlyContinue
        ($collected | Get-ErrorId) -join ',' | Should -Be 'MicrographNotFound,TileSizeMismatch'
    }
}
