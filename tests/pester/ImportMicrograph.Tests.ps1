# Mirrors tests/CellOps.Tests/PowerShell/ImportMicrographTests.cs for people with pwsh and Pester 5.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/CellOps/CellOps.psd1') -Force
    $smears = Join-Path $PSScriptRoot '../../examples/data/bccd'
}

Describe 'Import-Micrograph' {
    It 'imports every smear a wildcard matches' {
        $m = Import-Micrograph (Join-Path $smears 'BloodImage_*.jpg')
        $m.Count | Should -Be 10
        $m | ForEach-Object { $_.Width | Should -Be 640; $_.Height | Should -Be 480; $_.ChannelCount | Should -Be 3 }
    }

    It 'attaches each file''s own mask with a -PairWith script block' {
        $m = Import-Micrograph (Join-Path $smears '*.jpg') -PairWith { $_.FullName -replace '\.jpg$', '_wbc.png' } -PairRole Mask
        $m | ForEach-Object { $_.Pair.Name | Should -Be ($_.Name -replace '\.jpg$', '_wbc.png'); $_.Pair.Role | Should -Be 'Mask' }
    }

    It 'binds Get-ChildItem output from the pipeline' {
        $m = Get-ChildItem $smears -Filter '*_wbc.png' | Import-Micrograph -Role Mask
        $m.Count | Should -Be 10
    }

    It 'writes a non-terminating error for a missing file and goes on' {
        $good = Join-Path $smears 'BloodImage_00000.jpg'
        $m = Import-Micrograph -LiteralPath (Join-Path $TestDrive 'missing.png'), $good -ErrorVariable errs -ErrorAction SilentlyContinue
        $m.Count | Should -Be 1
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'MicrographNotFound,*'
        $errs[0].Exception.Message | Should -BeLike '*missing.png*'
    }

    It 'refuses a pair of another size' {
        Copy-Item (Join-Path $smears 'BloodImage_00000.jpg') (Join-Path $TestDrive 'a_phase.jpg')
        Copy-Item (Join-Path $PSScriptRoot '../../examples/data/bccd/BloodImage_00000_wbc.png') (Join-Path $TestDrive 'a_gfp.png')
        [System.IO.File]::WriteAllBytes((Join-Path $TestDrive 'b_gfp.png'), [System.IO.File]::ReadAllBytes((Join-Path $smears 'BloodImage_00001_wbc.png')))
        $m = Import-Micrograph (Join-Path $TestDrive 'a_phase.jpg') -PairWith (Join-Path $TestDrive 'a_gfp.png')
        $m.Pair | Should -Not -BeNullOrEmpty
    }
}
