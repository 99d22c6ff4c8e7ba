# Import-Micrograph in real pwsh: wildcards, pairs, pipeline binding from files and CSV rows, -Verbose,
# the shared data sets, and a script's output captured into a variable.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    $smearFiles = @(Get-ChildItem $Smears -Filter 'BloodImage_*.jpg')
}

Describe 'Import-Micrograph' {
    It 'imports every smear a wildcard matches, with its size and channels' {
        $m = Import-Micrograph (Join-Path $Smears 'BloodImage_*.jpg')
        $smearFiles.Count | Should -BeGreaterThan 1
        $m.Count | Should -Be $smearFiles.Count
        ($m.Name | Sort-Object) -join ',' | Should -Be (($smearFiles.Name | Sort-Object) -join ',')
        $m | ForEach-Object { "$($_.Width)x$($_.Height)x$($_.ChannelCount) $($_.PixelType)" } | Sort-Object -Unique |
            Should -Be '640x480x3 UInt8'
    }

    It 'attaches each file''s own mask with a -PairWith script block' {
        $m = Import-Micrograph (Join-Path $Smears '*.jpg') -PairWith { $_.FullName -replace '\.jpg$', '_wbc.png' } -PairRole Mask
        $m.Count | Should -Be $smearFiles.Count
        $m | ForEach-Object {
            $_.Pair.Name | Should -Be ($_.Name -replace '\.jpg$', '_wbc.png')
            $_.Pair.Role | Should -Be 'Mask'
        }
    }

    It 'binds Get-ChildItem output literally, even a name with brackets' {
        [CellOpsPester.Images]::WriteFlat((Join-Path $TestDrive 'well[1].png'), 20, 12, 90)
        $m = Get-ChildItem -LiteralPath (Join-Path $TestDrive 'well[1].png') | Import-Micrograph
        $m.Name | Should -Be 'well[1].png'
        $m.Width | Should -Be 20
        $m.Height | Should -Be 12

        $masks = Get-ChildItem $Smears -Filter '*_wbc.png' | Import-Micrograph -Role Mask
        $masks.Count | Should -Be $smearFiles.Count
        $masks.Role | Sort-Object -Unique | Should -Be 'Mask'
    }

    It 'binds the Path column of Import-Csv rows by property name, with wildcards' {
        [CellOpsPester.Images]::WriteFlat((Join-Path $TestDrive 'a_phase.png'), 16, 16, 90)
        [CellOpsPester.Images]::WriteFlat((Join-Path $TestDrive 'b_phase.png'), 24, 16, 90)
        $csv = Join-Path $TestDrive 'plate.csv'
        @(
            [pscustomobject]@{ Path = (Join-Path $TestDrive 'a_*.png'); Day = 1 }
            [pscustomobject]@{ Path = (Join-Path $TestDrive 'b_phase.png'); Day = 3 }
        ) | Export-Csv -LiteralPath $csv -NoTypeInformation

        $m = Import-Csv -LiteralPath $csv | Import-Micrograph -Metadata @{ Batch = 'B7' } -ErrorAction Stop
        $m.Name -join ',' | Should -Be 'a_phase.png,b_phase.png'
        $m.Width -join ',' | Should -Be '16,24'
        $m | ForEach-Object { $_.Metadata['Batch'] | Should -Be 'B7' }
    }

    It 'tells each file it read and the pair it attached with -Verbose' {
        [CellOpsPester.Images]::WriteFlat((Join-Path $TestDrive 'v_phase.png'), 20, 12, 90)
        [CellOpsPester.Images]::WriteFlat((Join-Path $TestDrive 'v_gfp.png'), 20, 12, 200)
        $phase = Join-Path $TestDrive 'v_phase.png'
        $records = Import-Micrograph $phase -PairWith { $_.FullName -replace '_phase', '_gfp' } -Verbose 4>&1
        $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Where-Object { $_ -like "*'$phase'*" -and $_ -like '*20×12*' -and $_ -like '*UInt8*' } | Should -Not -BeNullOrEmpty
        $verbose | Where-Object { $_ -like "Paired '$phase' with *v_gfp.png'*" } | Should -Not -BeNullOrEmpty
        @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 1

        @(Import-Micrograph $phase 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -Be 0
    }

    It 'imports each series of a TIFF whose pages change size, and the series stay apart downstream' {
        $scan = Join-Path $TestDrive 'scan.tif'
        [CellOpsPester.Images]::WriteTiffPages($scan, @(64, 64, 32), 32)
        $records = Import-Micrograph -LiteralPath $scan -Verbose 4>&1
        $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Should -Contain "'$scan' has 2 series of pages that differ in size; importing each as a micrograph."
        $m = @($records | Where-Object { $_ -is [CellOps.Sdk.Imaging.Micrograph] })
        $m.Name -join ',' | Should -Be 'scan#1.tif,scan#2.tif'
        $m.Path | Sort-Object -Unique | Should -Be $scan
        $m | ForEach-Object { "$($_.Width)x$($_.FrameCount) $($_.Metadata['SeriesPages'])" } | Should -Be @('64x2 1-2', '32x1 3')

        $fields = $m | Split-Micrograph -Size 32
        $fields.Name -join ',' | Should -Be 'scan#1 r0c0,scan#1 r0c1,scan#2 r0c0'
        $out = Join-Path $TestDrive 'pngs'
        $m | Export-Micrograph -OutputDirectory $out
        (Get-ChildItem $out -Filter *.png).Name | Sort-Object | Should -Be @('scan#1.png', 'scan#2.png')
    }

    It 'returns its micrographs to a variable from a script with [CmdletBinding()]' {
        $script = Join-Path $TestDrive 'load.ps1'
        Set-Content -LiteralPath $script -Value @'
[CmdletBinding()]
param([string] $Folder)
Import-Micrograph "$Folder/*.jpg" | Where-Object Name -like 'BloodImage_0000[0-2].jpg'
'@
        $x = & $script -Folder $Smears
        $x.Count | Should -Be 3
        $x[0].GetType().FullName | Should -Be 'CellOps.Sdk.Imaging.Micrograph'
        $x.Name -join ',' | Should -Be 'BloodImage_00000.jpg,BloodImage_00001.jpg,BloodImage_00002.jpg'
    }

    It 'lets $x = ./examples/01-import-and-tile.ps1 keep one summary per smear' {
        $dir = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'two-smears')
        Copy-Item (Join-Path $Smears 'BloodImage_0000[01]*') -Destination $dir
        # The example shows its tables with Out-Host; only the summaries are its output.
        $x = & (Join-Path $RepoRoot 'examples/01-import-and-tile.ps1') -DataPath $dir.FullName
        $x.Count | Should -Be 2
        $x.Micrograph -join ',' | Should -Be 'BloodImage_00000.jpg,BloodImage_00001.jpg'
        $x | ForEach-Object {
            $_.Tiles | Should -Be 70
            $_.PositiveFraction | Should -Be ([math]::Round($_.PositiveTiles / 70, 3))
        }
    }

    It 'reads TIFF files of the shared libtiff samples with their geometry' {
        if (-not $SharedData) { Set-ItResult -Skipped -Because 'the shared data sets (../shared/data) are absent'; return }
        $folder = Join-Path $SharedData 'tiff-libtiff'
        $m = Import-Micrograph -LiteralPath (Join-Path $folder 'minisblack-2c-8b-alpha.tiff'), (Join-Path $folder 'palette-1c-8b.tiff')
        $m.Count | Should -Be 2
        '{0}x{1}x{2} {3}' -f $m[0].Width, $m[0].Height, $m[0].ChannelCount, $m[0].PixelType | Should -Be '64x64x2 UInt8'
        '{0}x{1}x{2} {3}' -f $m[1].Width, $m[1].Height, $m[1].ChannelCount, $m[1].PixelType | Should -Be '157x151x3 UInt16'
    }

    It 'stacks the z-planes of a shared well into one micrograph with -AsChannels' {
        if (-not $SharedData) { Set-ItResult -Skipped -Because 'the shared data sets (../shared/data) are absent'; return }
        $dir = Join-Path $SharedData 'isl-motor-neurons'
        $well = Import-Micrograph (Join-Path $dir 'phase_z*.png') -AsChannels -Role PhaseContrast -PairWith (Join-Path $dir 'map2.png')
        @($well).Count | Should -Be 1
        $well.Name | Should -Be 'phase_z00-12'
        $well.ChannelCount | Should -Be 13
        $well.Width | Should -Be 1024
        $well.PixelType | Should -Be 'UInt16'
        $well.Pair.Name | Should -Be 'map2.png'
    }
}
