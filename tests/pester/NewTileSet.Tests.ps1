# Mirrors tests/CellOps.Tests/PowerShell/NewTileSetTests.cs for people with pwsh and Pester 5.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/CellOps/CellOps.psd1') -Force
    $smears = Join-Path $PSScriptRoot '../../examples/data/bccd'

    function New-GrayPng([string] $Path, [int] $Width, [int] $Height, [scriptblock] $Value) {
        $mat = [OpenCvSharp.Mat]::new($Height, $Width, [OpenCvSharp.MatType]::CV_8UC1)
        for ($y = 0; $y -lt $Height; $y++) {
            for ($x = 0; $x -lt $Width; $x++) { $mat.Set[byte]($y, $x, [byte](& $Value $x $y)) }
        }
        [OpenCvSharp.Cv2]::ImWrite($Path, $mat) | Out-Null
    }
}

Describe 'New-TileSet' {
    It 'drops the partial edge tiles by default' {
        New-GrayPng (Join-Path $TestDrive 'field.png') 100 70 { param($x, $y) ($x * 7 + $y * 13) % 256 }
        $set = Import-Micrograph (Join-Path $TestDrive 'field.png') | New-TileSet -Size 32
        $set.Count | Should -Be 6
        $set.Stride | Should -Be 32
    }

    It 'sets the stride from -Overlap and covers the far edges with Shift' {
        $set = Import-Micrograph (Join-Path $TestDrive 'field.png') | New-TileSet -Size 32 -Overlap 8 -EdgePolicy Shift
        $set.Stride | Should -Be 24
        $set.Count | Should -Be 12
    }

    It 'labels tiles from the area fraction of the binarized pair' {
        New-GrayPng (Join-Path $TestDrive 'a_phase.png') 64 64 { param($x, $y) 100 }
        New-GrayPng (Join-Path $TestDrive 'a_gfp.png') 64 64 { param($x, $y) if ($x -lt 40) { 200 } else { 20 } }
        $set = Import-Micrograph (Join-Path $TestDrive 'a_phase.png') -PairWith { $_.FullName -replace '_phase', '_gfp' } |
            New-TileSet -Size 32 -Target Label
        ($set.Tiles | ForEach-Object Label) -join ',' | Should -Be '1,0,1,0'
        $set.ClassCounts -join ',' | Should -Be '2,2'
    }

    It 'reports a micrograph without the pair its target needs and tiles the others' {
        $lonely = Import-Micrograph (Join-Path $TestDrive 'field.png')
        $paired = Import-Micrograph (Join-Path $TestDrive 'a_phase.png') -PairWith (Join-Path $TestDrive 'a_gfp.png')
        $set = $lonely, $paired | New-TileSet -Size 32 -Target Label -ErrorVariable errs -ErrorAction SilentlyContinue
        $set.Count | Should -Be 4
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TileTargetFailed,*'
    }

    It 'tiles the shipped smears into a labelled set with both classes' {
        $set = Import-Micrograph (Join-Path $smears '*.jpg') -PairWith { $_.FullName -replace '\.jpg$', '_wbc.png' } -PairRole Mask |
            New-TileSet -Size 64 -Target Label
        $set.Count | Should -Be 700
        $set.ClassCounts[1] | Should -BeGreaterThan 20
    }
}
