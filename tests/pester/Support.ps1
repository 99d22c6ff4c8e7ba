# Shared by every *.Tests.ps1 here: dot-source it in BeforeAll. It loads the built module (out/CellOps),
# says where the repository's fixtures and the shared data sets are, and writes the small generated
# images the tests read. Images are written by a compiled helper (PNG through .NET's zlib) rather than
# through OpenCvSharp, so the tests do not depend on which load context the module keeps its
# libraries in.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleManifest = Join-Path $RepoRoot 'out/CellOps/CellOps.psd1'
$script:Smears = Join-Path $RepoRoot 'examples/data/bccd'
$script:WeightFixtures = Join-Path $RepoRoot 'tests/CellOps.Tests/Parity/Fixtures'

# The shared data sets sit beside the clone (../shared/data), as in CI; $null where they are absent.
$script:SharedData = $null
$candidate = [IO.Path]::GetFullPath((Join-Path $RepoRoot '../shared/data'))
if (Test-Path -LiteralPath $candidate -PathType Container) { $script:SharedData = $candidate }

if (-not (Test-Path -LiteralPath $ModuleManifest)) {
    throw "The module is not built: $ModuleManifest is missing. Run: bash eng/setup.sh"
}
if (-not (Get-Module CellOps)) { Import-Module $ModuleManifest -ErrorAction Stop }

# Small, fast pixel work in C#; Pester runs every file in one session, so compile once.
if (-not ('CellOpsPester.Images' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.IO;
using System.IO.Compression;

namespace CellOpsPester
{
    public static class Images
    {
        private static readonly uint[] Crc = BuildCrc();

        private static uint[] BuildCrc()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }

        /// <summary>Writes 8-bit gray (1 channel) or RGB (3 channels) pixels, row after row, as a PNG.</summary>
        public static void WritePng(string path, int width, int height, int channels, byte[] pixels)
        {
            if (pixels.Length != width * height * channels) throw new ArgumentException("pixel count");
            var raw = new MemoryStream();
            for (int y = 0; y < height; y++)
            {
                raw.WriteByte(0);
                raw.Write(pixels, y * width * channels, width * channels);
            }
            var packed = new MemoryStream();
            using (var z = new ZLibStream(packed, CompressionLevel.Fastest, leaveOpen: true)) raw.WriteTo(z);

            using var file = File.Create(path);
            file.Write(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 });
            var header = new byte[13];
            BigEndian(header, 0, (uint)width);
            BigEndian(header, 4, (uint)height);
            header[8] = 8;
            header[9] = (byte)(channels == 3 ? 2 : 0);
            Chunk(file, "IHDR", header);
            Chunk(file, "IDAT", packed.ToArray());
            Chunk(file, "IEND", new byte[0]);
        }

        private static void BigEndian(byte[] b, int at, uint v)
        {
            b[at] = (byte)(v >> 24); b[at + 1] = (byte)(v >> 16); b[at + 2] = (byte)(v >> 8); b[at + 3] = (byte)v;
        }

        private static void Chunk(Stream s, string type, byte[] data)
        {
            var head = new byte[8];
            BigEndian(head, 0, (uint)data.Length);
            for (int i = 0; i < 4; i++) head[4 + i] = (byte)type[i];
            s.Write(head, 0, 8);
            s.Write(data, 0, data.Length);
            uint c = 0xFFFFFFFFu;
            for (int i = 4; i < 8; i++) c = Crc[(c ^ head[i]) & 0xFF] ^ (c >> 8);
            foreach (byte x in data) c = Crc[(c ^ x) & 0xFF] ^ (c >> 8);
            var tail = new byte[4];
            BigEndian(tail, 0, c ^ 0xFFFFFFFFu);
            s.Write(tail, 0, 4);
        }

        private static void Disk(byte[] gray, int width, int cx, int cy, int r, byte value)
        {
            int height = gray.Length / width;
            for (int y = Math.Max(0, cy - r); y <= Math.Min(height - 1, cy + r); y++)
                for (int x = Math.Max(0, cx - r); x <= Math.Min(width - 1, cx + r); x++)
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) gray[y * width + x] = value;
        }

        /// <summary>
        /// Fields of 3×3 tiles of 64 px (192×192): a third of the tiles hold a bright, textured "cell" in phase
        /// contrast (field{f}_phase.png) whose GFP pair (field{f}_gfp.png) is a larger disk; the rest are background.
        /// </summary>
        public static void WriteFields(string folder, int fields, int seed)
        {
            var random = new Random(seed);
            for (int f = 0; f < fields; f++)
            {
                var phase = new byte[192 * 192];
                var gfp = new byte[192 * 192];
                for (int i = 0; i < phase.Length; i++) { phase[i] = (byte)(100 + random.Next(20)); gfp[i] = 15; }
                for (int t = 0; t < 9; t++)
                {
                    if ((t + f) % 3 != 0) continue;
                    int cx = (t % 3) * 64 + 32 + random.Next(-4, 5), cy = (t / 3) * 64 + 32 + random.Next(-4, 5);
                    Disk(phase, 192, cx, cy, 18, 200);
                    Disk(phase, 192, cx, cy, 10, 60);
                    Disk(gfp, 192, cx, cy, 24, 220);
                }
                WritePng(Path.Combine(folder, "field" + f + "_phase.png"), 192, 192, 1, phase);
                WritePng(Path.Combine(folder, "field" + f + "_gfp.png"), 192, 192, 1, gfp);
            }
        }

        /// <summary>
        /// Colony-like micrographs (colony{m}.png) with label images (colony{m}-labels.png): vertical bands of
        /// class 0 (dim), 1 (bright) and 2 (striped) in a random order, the borders between them labelled 9.
        /// </summary>
        public static void WriteColonies(string folder, int count, int size, int seed)
        {
            var random = new Random(seed);
            for (int m = 0; m < count; m++)
            {
                var order = new[] { 0, 1, 2 };
                for (int i = 2; i > 0; i--) { int j = random.Next(i + 1); (order[i], order[j]) = (order[j], order[i]); }
                int first = size / 4 + random.Next(size / 4), second = size / 2 + random.Next(size / 4);
                var pixels = new byte[size * size];
                var labels = new byte[size * size];
                for (int y = 0; y < size; y++)
                    for (int x = 0; x < size; x++)
                    {
                        int label = order[x < first ? 0 : x < second ? 1 : 2];
                        int v = label == 0 ? 40 : label == 1 ? 200 : (x / 2) % 2 == 0 ? 105 : 135;
                        pixels[y * size + x] = (byte)(v + random.Next(-8, 9));
                        bool border = x == first || x == first - 1 || x == second || x == second - 1;
                        labels[y * size + x] = (byte)(border ? 9 : label);
                    }
                WritePng(Path.Combine(folder, "colony" + m + ".png"), size, size, 1, pixels);
                WritePng(Path.Combine(folder, "colony" + m + "-labels.png"), size, size, 1, labels);
            }
        }

        /// <summary>A noisy RGB crop, with a bright yellow disc where <paramref name="disc"/> is set.</summary>
        public static void WriteCrop(string path, int size, int seed, bool disc)
        {
            var random = new Random(seed);
            var rgb = new byte[size * size * 3];
            for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)(80 + random.Next(60));
            int cx = 10 + random.Next(size - 20), cy = 10 + random.Next(size - 20);
            if (disc)
                for (int y = 0; y < size; y++)
                    for (int x = 0; x < size; x++)
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= 25) rgb[(y * size + x) * 3] = rgb[(y * size + x) * 3 + 1] = 250;
            WritePng(path, size, size, 3, rgb);
        }

        /// <summary>A gray image whose pixel (x, y) is (x * 7 + y * 13) mod 256: every tile differs from the next.</summary>
        public static void WriteGradient(string path, int width, int height)
        {
            var gray = new byte[width * height];
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++) gray[y * width + x] = (byte)((x * 7 + y * 13) % 256);
            WritePng(path, width, height, 1, gray);
        }

        /// <summary>A gray image of one value.</summary>
        /// <summary>
        /// Writes an uncompressed 8-bit gray TIFF of one page per width given, all <paramref name="height"/> high,
        /// page p filled with 40 + 40p: pages of different widths make a file of several series.
        /// </summary>
        public static void WriteTiffPages(string path, int[] widths, int height)
        {
            var file = new MemoryStream();
            var w = new BinaryWriter(file);
            w.Write((byte)'I'); w.Write((byte)'I'); w.Write((ushort)42); w.Write(0u);
            long link = 4;
            for (int p = 0; p < widths.Length; p++)
            {
                long pixels = file.Position;
                var gray = new byte[widths[p] * height];
                Array.Fill(gray, (byte)(40 + 40 * p));
                w.Write(gray);
                if (file.Position % 2 == 1) w.Write((byte)0);
                long ifd = file.Position;
                file.Position = link;
                w.Write((uint)ifd);
                file.Position = ifd;
                var entries = new (ushort Tag, ushort Type, uint Value)[]
                {
                    (256, 4, (uint)widths[p]), (257, 4, (uint)height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
                    (273, 4, (uint)pixels), (277, 3, 1), (278, 4, (uint)height), (279, 4, (uint)gray.Length),
                };
                w.Write((ushort)entries.Length);
                foreach (var (tag, type, value) in entries) { w.Write(tag); w.Write(type); w.Write(1u); w.Write(value); }
                link = file.Position;
                w.Write(0u);
            }
            w.Flush();
            File.WriteAllBytes(path, file.ToArray());
        }

        public static void WriteFlat(string path, int width, int height, byte value)
        {
            var gray = new byte[width * height];
            Array.Fill(gray, value);
            WritePng(path, width, height, 1, gray);
        }

        /// <summary>Width and height from a PNG header.</summary>
        public static int[] PngSize(string path)
        {
            using var file = File.OpenRead(path);
            var head = new byte[24];
            if (file.Read(head, 0, 24) != 24 || head[1] != (byte)'P' || head[2] != (byte)'N' || head[3] != (byte)'G')
                throw new InvalidDataException(path + " is not a PNG");
            int w = (head[16] << 24) | (head[17] << 16) | (head[18] << 8) | head[19];
            int h = (head[20] << 24) | (head[21] << 16) | (head[22] << 8) | head[23];
            return new[] { w, h };
        }
    }
}
'@
}

# The tiny sizes the xunit tests train with: seconds on one thread, yet the models learn these images.
$script:TinyClassifier = @{ Depth = 2; BaseWidth = 8 }
$script:TinyColony = @{ BaseWidth = 4; Grid = 2; Levels = 2 }
$script:TinyWNet = @{ Depth = 2; BaseWidth = 8; HiddenUnits = 16 }

# Three generated colonies with label images, a tiny class-distribution model trained on them, and its
# prediction of them (the segmentation pipeline, for tests that need a segmented result).
function Invoke-TinySegmentation([int] $Epochs) {
    $colonies = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'colonies')
    [CellOpsPester.Images]::WriteColonies($colonies.FullName, 3, 128, 21)
    $m = Import-Micrograph (Join-Path $colonies 'colony?.png') -PairWith { $_.FullName -replace '\.png$', '-labels.png' } -PairRole Label
    $segmenter = $m | New-TileSet -Size 64 -Stride 32 -Target ClassHistogram -Grid 1, 2 -ClassCount 3 -IgnoreClass 9 -ClassName bg, diff, undiff |
        Start-CellTraining IpsColony.ClassDistribution -Epochs $Epochs -Seed 3 -Threads 1 -ValidationFraction 0 -HyperParameter $TinyColony -OutFile (Join-Path $TestDrive 'cd.cellmodel')
    $m | Invoke-CellModel $segmenter -Threads 1
}

function New-FieldFolder {
    # Generated phase-contrast fields with their GFP pairs in a new folder under $TestDrive.
    param([string] $Name = 'fields', [int] $Count = 6, [int] $Seed = 17)
    $folder = New-Item -ItemType Directory -Force (Join-Path $TestDrive $Name)
    [CellOpsPester.Images]::WriteFields($folder.FullName, $Count, $Seed)
    $folder.FullName
}

function Import-Field {
    # The fields of a folder from New-FieldFolder, each paired with its GFP image.
    param([Parameter(Mandatory)] [string] $Folder)
    Import-Micrograph (Join-Path $Folder '*_phase.png') -PairWith { $_.FullName -replace '_phase', '_gfp' }
}

function Get-PngSize {
    # Width and height from a PNG's header, read without the module.
    param([Parameter(Mandatory)] [string] $Path)
    $size = [CellOpsPester.Images]::PngSize($Path)
    [pscustomobject]@{ Width = $size[0]; Height = $size[1] }
}

function Get-ErrorId {
    # The error id of a record without the command name after the comma.
    param([Parameter(Mandatory, ValueFromPipeline)] [System.Management.Automation.ErrorRecord] $ErrorRecord)
    process { $ErrorRecord.FullyQualifiedErrorId.Split(',')[0] }
}
