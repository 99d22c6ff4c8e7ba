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

    It 'refuses a pair of another size and goes on with the next file' {
        # OpenCvSharp ships with the module, so the test can make images of any size.
        foreach ($f in @(@('a_phase.png', 30), @('a_gfp.png', 31), @('b_phase.png', 30), @('b_gfp.png', 30))) {
            $mat = [OpenCvSharp.Mat]::new($f[1], 40, [OpenCvSharp.MatType]::CV_8UC1, [OpenCvSharp.Scalar]::new(7))
            [OpenCvSharp.Cv2]::ImWrite((Join-Path $TestDrive $f[0]), $mat) | Out-Null
        }
        $m = Import-Micrograph (Join-Path $TestDrive '*_phase.png') -PairWith { $_.FullName -replace '_phase', '_gfp' } -ErrorVariable errs -ErrorAction SilentlyContinue
        $m.Name | Should -Be 'b_phase.png'
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'PairSizeMismatch,*'
        $errs[0].Exception.Message | Should -BeLike '*a_gfp.png*40×31*'
    }
}
