<#
.SYNOPSIS
    How many real TIFF files CellOps reads right: each read with Import-Micrograph and compared with tifffile.
.DESCRIPTION
    Imports every TIFF of ../shared/data/tiff-image-rs/images (valid files, with its bigtiff/ and seq/
    folders as groups of their own) and the valid files of ../shared/data/tiff-libtiff (the ones its
    SOURCE.md lists as decoding cleanly; the damaged ones form the group libtiff-dmg, where a refusal is
    as good as a read), reads page 1 whole, and checks it against python3's tifffile: right (equal, or
    within rounding for JPEG and LibTiff's RGBA conversion), wrong, refused (with the reason), or
    unverified (read, but tifffile cannot decode the file). Not the seed studies' data.
    eng/pwsh -File bench/tiff-coverage.ps1 [-Python /usr/bin/python3]
#>
param(
    [string] $DataPath = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', '..', 'shared', 'data')),
    [string] $Python = '/usr/bin/python3'
)
$ErrorActionPreference = 'Stop'
Import-Module CellOps
$sdk = [CellOps.Sdk.Imaging.Micrograph].Assembly.Location
Add-Type -IgnoreWarnings -WarningAction SilentlyContinue -ReferencedAssemblies $sdk -TypeDefinition @'
public static class TiffCoverageDump
{
    public static void Write(CellOps.Sdk.Imaging.Micrograph micrograph, string path)
    {
        using var source = micrograph.OpenPixels();
        var region = new CellOps.Sdk.Imaging.PixelRect(0, 0, micrograph.Width, micrograph.Height);
        var samples = new float[checked((int)(region.Area * source.ChannelCount))];
        CellOps.Sdk.Imaging.PixelSourceExtensions.ReadRegion(source, 0, region, samples);
        var bytes = new byte[samples.Length * 4];
        System.Buffer.BlockCopy(samples, 0, bytes, 0, bytes.Length);
        System.IO.File.WriteAllBytes(path, bytes);
    }
}
'@

$imageRs = [IO.Path]::Combine($DataPath, 'tiff-image-rs', 'images')
$libtiff = [IO.Path]::Combine($DataPath, 'tiff-libtiff')
$clean = 'logluv-3c-16b.tiff', 'lzw-single-strip.tiff', 'minisblack-2c-8b-alpha.tiff', 'miniswhite-1c-1b.tiff',
    'palette-1c-1b.tiff', 'palette-1c-4b.tiff', 'palette-1c-8b.tiff', 'testfax4.tiff'
$files = [Collections.Generic.List[object]]::new()
foreach ($group in @(@('image-rs', $imageRs), @('image-rs/big', [IO.Path]::Combine($imageRs, 'bigtiff')), @('image-rs/seq', [IO.Path]::Combine($imageRs, 'seq')), @('libtiff', $libtiff))) {
    $names = [IO.Directory]::GetFiles($group[1]) | Where-Object { $_ -match '\.tiff?$' }
    [Array]::Sort($names, [StringComparer]::Ordinal)
    foreach ($name in $names) {
        $label = $group[0]
        if ($label -eq 'libtiff' -and $clean -notcontains [IO.Path]::GetFileName($name)) { $label = 'libtiff-dmg' }
        $files.Add(@($label, $name))
    }
}

$dump = [IO.Path]::Combine([IO.Path]::GetTempPath(), "tiff-coverage-$PID")
[void][IO.Directory]::CreateDirectory($dump)
try {
    $n = 0
    foreach ($entry in $files) {
        $n++
        $info = [ordered]@{ file = $entry[1]; group = $entry[0]; outcome = 'read'; reason = '' }
        try {
            # A file whose pages change size part-way gives a micrograph per series; page 1 is in the first.
            $m = @(Import-Micrograph -LiteralPath $entry[1] -ErrorAction Stop)[0]
            $info.width = $m.Width; $info.height = $m.Height; $info.channels = $m.ChannelCount
            $info.metadata = $m.Metadata
            [TiffCoverageDump]::Write($m, [IO.Path]::Combine($dump, "$n.f32"))
        }
        catch {
            $info.outcome = 'refused'
            $info.reason = $_.Exception.Message -replace [regex]::Escape($entry[1]), '…'
        }
        [IO.File]::WriteAllText([IO.Path]::Combine($dump, "$n.json"), ($info | ConvertTo-Json -Depth 3 -Compress))
    }
    & $Python ([IO.Path]::Combine($PSScriptRoot, 'tiff-coverage', 'compare.py')) $dump
}
finally {
    [IO.Directory]::Delete($dump, $true)
}
