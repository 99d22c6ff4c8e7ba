# New-TileSet and Split-Micrograph in real pwsh, on generated images, the shipped smears and a shared well.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    $field = Join-Path $TestDrive 'field.png'
    [CellOpsPester.Images]::WriteGradient($field, 100, 70)
    $smearCount = @(Get-ChildItem $Smears -Filter 'BloodImage_*.jpg').Count
}

Describe 'New-TileSet' {
    It 'drops the partial edge tiles by default' {
        $set = Import-Micrograph $field | New-TileSet -Size 32
        $set.Count | Should -Be 6
        $set.Stride | Should -Be 32
        ($set.Tiles | ForEach-Object { '{0},{1}' -f $_.Rect.X, $_.Rect.Y }) -join ' ' | Should -Be '0,0 32,0 64,0 0,32 32,32 64,32'
    }

    It 'sets the stride from -Overlap and covers the far edges with Shift' {
        $set = Import-Micrograph $field | New-TileSet -Size 32 -Overlap 8 -EdgePolicy Shift
        $set.Stride | Should -Be 24
        $set.Count | Should -Be 12
        ($set.Tiles | Measure-Object { $_.Rect.X + $_.Rect.Width } -Maximum).Maximum | Should -Be 100
        ($set.Tiles | Measure-Object { $_.Rect.Y + $_.Rect.Height } -Maximum).Maximum | Should -Be 70
    }

    It 'labels tiles from the area fraction of the binarized pair' {
        # The pair is bright left of x = 40: the left tiles hold 32 of 32 columns, the right ones 8.
        $pixels = [byte[]]::new(64 * 64)
        for ($i = 0; $i -lt $pixels.Length; $i++) { $pixels[$i] = if ($i % 64 -lt 40) { 200 } else { 20 } }
        [CellOpsPester.Images]::WritePng((Join-Path $TestDrive 'a_gfp.png'), 64, 64, 1, $pixels)
        [CellOpsPester.Images]::WriteFlat((Join-Path $TestDrive 'a_phase.png'), 64, 64, 100)
        $set = Import-Micrograph (Join-Path $TestDrive 'a_phase.png') -PairWith { $_.FullName -replace '_phase', '_gfp' } |
            New-TileSet -Size 32 -Target Label
        ($set.Tiles | ForEach-Object Label) -join ',' | Should -Be '1,0,1,0'
        $set.ClassCounts -join ',' | Should -Be '2,2'
    }

    It 'tiles every shipped smear into 70 labelled tiles with both classes' {
        $set = Import-Micrograph (Join-Path $Smears '*.jpg') -PairWith { $_.FullName -replace '\.jpg$', '_wbc.png' } -PairRole Mask |
            New-TileSet -Size 64 -Target Label
        # 640×480 in whole 64-pixel tiles: 10 × 7 per smear.
        $set.Count | Should -Be (70 * $smearCount)
        $set.Sources.Count | Should -Be $smearCount
        $set.ClassCounts[0] + $set.ClassCounts[1] | Should -Be $set.Count
        $set.ClassCounts[1] | Should -BeGreaterThan 20
    }

    It 'groups tiles by source with the real Group-Object and Sort-Object' {
        $set = Import-Micrograph (Join-Path $Smears 'BloodImage_0000[0-2].jpg') | New-TileSet -Size 100
        $groups = $set.Tiles | Group-Object { $_.Source.Name } | Sort-Object Name
        $groups.Name -join ',' | Should -Be 'BloodImage_00000.jpg,BloodImage_00001.jpg,BloodImage_00002.jpg'
        ($groups | ForEach-Object Count) -join ',' | Should -Be '24,24,24'
    }
}

Describe 'Split-Micrograph' {
    It 'leaves out partial edge fields unless asked and names each by row and column' {
        $whole = Import-Micrograph $field | Split-Micrograph -Size 32
        $whole.Name -join ',' | Should -Be 'field r0c0,field r0c1,field r0c2,field r1c0,field r1c1,field r1c2'
        $partial = Import-Micrograph $field | Split-Micrograph 32 -IncludePartial
        ($partial | ForEach-Object { '{0}x{1}' -f $_.Width, $_.Height }) -join ' ' |
            Should -Be '32x32 32x32 32x32 4x32 32x32 32x32 32x32 4x32 32x6 32x6 32x6 4x6'
    }

    It 'warns about a micrograph smaller than one field and emits nothing for it' {
        $out = Import-Micrograph $field | Split-Micrograph 128 -WarningVariable warned -WarningAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $warned.Count | Should -Be 1
        $warned[0].Message | Should -BeLike '*field.png (100×70) is smaller than one 128-pixel field*'
    }

    It 'gives field properties that Where-Object filters on, and the fields tile within themselves' {
        $fields = Import-Micrograph $field | Split-Micrograph 32
        $right = $fields | Where-Object FieldColumn -eq 2
        $right.Name -join ',' | Should -Be 'field r0c2,field r1c2'
        ($right | ForEach-Object { '{0},{1}' -f $_.FieldX, $_.FieldY }) -join ' ' | Should -Be '64,0 64,32'
        $set = $fields | Where-Object FieldColumn -lt 2 | New-TileSet -Size 16
        $set.Sources.Count | Should -Be 4
        $set.Count | Should -Be 16
    }

    It 'splits a shared well into 256-pixel fields whose tiles hold out a column' {
        if (-not $SharedData) { Set-ItResult -Skipped -Because 'the shared data sets (../shared/data) are absent'; return }
        $dir = Join-Path $SharedData 'isl-motor-neurons'
        $fields = Import-Micrograph (Join-Path $dir 'phase_z0[0-2].png') -AsChannels -PairWith (Join-Path $dir 'map2.png') |
            Split-Micrograph -Size 256
        $fields.Count | Should -Be 16
        ($fields | Where-Object FieldColumn -eq 3).Name -join ',' |
            Should -Be 'phase_z00-02 r0c3,phase_z00-02 r1c3,phase_z00-02 r2c3,phase_z00-02 r3c3'
        $tiles = $fields | Where-Object FieldColumn -lt 3 | New-TileSet -Size 128 -Target Image
        $tiles.Count | Should -Be 48
        $tiles.Sources.Count | Should -Be 12
    }
}
