using BitMiracle.LibTiff.Classic;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using Xunit;
using static CellOps.Imaging.Tiff.TiffDeflateEncoder;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>
/// Deflate pages are predicted and compressed by CellOps (libdeflate, or .NET's zlib without it), not by
/// LibTiff.NET: the files must decode, in CellOps, in LibTiff.NET and in the system's libtiff, to exactly
/// what LibTiff.NET's own encoder would have stored.
/// </summary>
public sealed class TiffDeflateWriterTests
{
    // Neither a multiple of the 16-pixel tiles nor of the 8-row strips: the last tile and strip are partial.
    private const int Width = 53;
    private const int Height = 37;

    public static IEnumerable<object[]> Cases()
    {
        var layouts = new (PixelType Type, int Samples, bool Planar, TiffPredictor Predictor)[]
        {
            (PixelType.Float32, 1, false, TiffPredictor.FloatingPoint),
            (PixelType.Float32, 3, false, TiffPredictor.FloatingPoint),
            (PixelType.Float32, 3, true, TiffPredictor.FloatingPoint),
            (PixelType.Float32, 2, false, TiffPredictor.None),
            (PixelType.Float32, 1, false, TiffPredictor.None),
            (PixelType.UInt8, 1, false, TiffPredictor.Horizontal),
            (PixelType.UInt8, 3, false, TiffPredictor.Horizontal),
            (PixelType.UInt8, 3, true, TiffPredictor.Horizontal),
            (PixelType.UInt16, 1, false, TiffPredictor.Horizontal),
            (PixelType.UInt16, 3, false, TiffPredictor.Horizontal),
            (PixelType.UInt16, 4, true, TiffPredictor.Horizontal),
            (PixelType.UInt16, 1, false, TiffPredictor.None),
            (PixelType.Int16, 2, false, TiffPredictor.Horizontal),
            (PixelType.Int32, 2, false, TiffPredictor.Horizontal),
            (PixelType.Bit, 1, false, TiffPredictor.None),
        };
        foreach (var (type, samples, planar, predictor) in layouts)
        {
            foreach (bool tiled in new[] { false, true })
            {
                foreach (bool dotNetZlib in new[] { false, true })
                {
                    yield return new object[] { type, samples, planar, predictor, tiled, dotNetZlib };
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pages_decode_everywhere_to_what_LibTiff_NET_would_have_encoded(PixelType type, int samples, bool planar, TiffPredictor predictor, bool tiled, bool dotNetZlib)
    {
        using var scratch = TiffTestData.Scratch();
        var options = new TiffWriteOptions
        {
            PixelType = type,
            SamplesPerPixel = samples,
            Planar = planar,
            Compression = TiffCompression.Deflate,
            Predictor = predictor,
            TileWidth = tiled ? 16 : 0,
            RowsPerStrip = tiled ? 0 : 8,
        };
        byte[] pixels = Textured(type, Width * Height * samples, seed: HashCode.Combine(type, samples, planar, predictor, tiled));
        string ours = scratch.File("ours.tif");
        string reference = scratch.File("reference.tif");
        WriteWith(dotNetZlib ? DeflateEngine.DotNetZlib : DeflateEngine.LibDeflate, ours, options, pixels);
        WriteWith(DeflateEngine.LibTiffNet, reference, options, pixels);

        using (var file = TiffImageFile.Open(ours, ImageReadOptions.Default))
        {
            Assert.Equal((Width, Height, samples, type), (file.Width, file.Height, file.ChannelCount, file.PixelType));
            Assert.True(pixels.AsSpan().SequenceEqual(TiffTestData.ReadAll(file)), "CellOps' reader differs");
            var region = new PixelRect(13, 7, 31, 29);
            Assert.Equal(TiffTestData.Crop(pixels, Width, Height, samples, type.BytesPerSample(), region), TiffTestData.Read(file, region));
        }

        var expected = DecodeWithLibTiffNet(reference, predictor);
        var decoded = DecodeWithLibTiffNet(ours, predictor);
        Assert.Equal(expected.Count, decoded.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].AsSpan().SequenceEqual(decoded[i]), $"LibTiff.NET decodes chunk {i} differently");
        }

        var system = DecodeWithSystemLibTiff(ours, tiled, expected);
        if (system is null) return; // no libtiff on this machine
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].AsSpan().SequenceEqual(system[i]), $"the system libtiff decodes chunk {i} differently");
        }
    }

    [Fact]
    public void Every_page_of_a_BigTIFF_decodes_as_written()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("pages.tif");
        var pages = new[]
        {
            (Options: new TiffWriteOptions { PixelType = PixelType.Float32, TileWidth = 32, Compression = TiffCompression.Deflate, Predictor = TiffPredictor.FloatingPoint },
                Pixels: Textured(PixelType.Float32, Width * Height, seed: 1)),
            (Options: new TiffWriteOptions { PixelType = PixelType.UInt8, Compression = TiffCompression.Deflate },
                Pixels: Textured(PixelType.UInt8, Width * Height, seed: 2)),
        };
        using (var writer = TiffWriter.Create(path, bigTiff: true))
        {
            foreach (var (options, pixels) in pages) writer.WritePage(Width, Height, options, pixels);
            writer.Commit();
        }
        using var tiff = LibTiff.Open(path, "r") ?? throw new IOException($"LibTiff.NET cannot open '{path}'.");
        Assert.Equal(2, tiff.NumberOfDirectories());
        for (short page = 0; page < pages.Length; page++)
        {
            Assert.True(tiff.SetDirectory(page));
            var (options, pixels) = pages[page];
            int bytes = options.PixelType.BytesPerSample();
            var buffer = new byte[tiff.ScanlineSize()];
            bool tiled = tiff.IsTiled();
            var chunk = new byte[tiled ? tiff.TileSize() : tiff.StripSize()];
            for (int y = 0; y < Height; y++)
            {
                // Rows from the strips or tiles, as a reader that knows nothing of CellOps would assemble them.
                if (tiled)
                {
                    for (int x = 0; x < Width; x += options.TileWidth)
                    {
                        Assert.True(tiff.ReadTile(chunk, 0, x, y, 0, 0) > 0);
                        int across = Math.Min(options.TileWidth, Width - x) * bytes;
                        Array.Copy(chunk, (y % options.TileWidth) * options.TileWidth * bytes, buffer, x * bytes, across);
                    }
                }
                else
                {
                    Assert.True(tiff.ReadScanline(buffer, y));
                }
                Assert.True(pixels.AsSpan(y * Width * bytes, Width * bytes).SequenceEqual(buffer.AsSpan(0, Width * bytes)), $"page {page} row {y} differs");
            }
        }
    }

    [Fact]
    public void Encoders_are_chosen_as_asked_and_libdeflate_where_present()
    {
        using (var chosen = new TiffDeflateEncoder(TiffPredictor.None, 1, 1, 1024))
        {
            Assert.Equal(LibDeflateCompressor.Available, chosen.UsesLibDeflate);
        }
        Forced = DeflateEngine.DotNetZlib;
        try
        {
            using var fallback = new TiffDeflateEncoder(TiffPredictor.None, 1, 1, 1024);
            Assert.False(fallback.UsesLibDeflate);
            Assert.True(Enabled);
            Forced = DeflateEngine.LibTiffNet;
            Assert.False(Enabled);
        }
        finally
        {
            Forced = null;
        }
    }

    [Fact]
    public void A_smooth_probability_map_stays_about_as_small_as_LibTiff_NET_makes_it()
    {
        using var scratch = TiffTestData.Scratch();
        const int w = 256, h = 192;
        var values = new float[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                values[y * w + x] = (float)(0.5 + 0.5 * Math.Sin(x / 17.0) * Math.Cos(y / 23.0));
        byte[] pixels = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        var options = new TiffWriteOptions { PixelType = PixelType.Float32, TileWidth = 64, Compression = TiffCompression.Deflate, Predictor = TiffPredictor.FloatingPoint };
        string ours = scratch.File("ours.tif"), reference = scratch.File("reference.tif");
        WriteWith(DeflateEngine.LibDeflate, ours, options, pixels, w, h);
        WriteWith(DeflateEngine.LibTiffNet, reference, options, pixels, w, h);
        long size = new FileInfo(ours).Length, referenceSize = new FileInfo(reference).Length;
        Assert.True(size < pixels.Length * 0.8, $"{size} bytes for {pixels.Length} bytes of samples");
        Assert.True(size < referenceSize * 1.25, $"{size} bytes against LibTiff.NET's {referenceSize}");
    }

    [Theory]
    [InlineData(PixelType.Float32, 3, false, TiffPredictor.FloatingPoint)]
    [InlineData(PixelType.UInt16, 3, true, TiffPredictor.Horizontal)]
    public void Libtiffs_tiffcmp_finds_the_page_identical_to_LibTiff_NETs(PixelType type, int samples, bool planar, TiffPredictor predictor)
    {
        string? tiffcmp = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "tiffcmp")).FirstOrDefault(File.Exists);
        if (tiffcmp is null) return; // libtiff's tools are not installed here
        using var scratch = TiffTestData.Scratch();
        var options = new TiffWriteOptions { PixelType = type, SamplesPerPixel = samples, Planar = planar, Compression = TiffCompression.Deflate, Predictor = predictor, RowsPerStrip = 8 };
        byte[] pixels = Textured(type, Width * Height * samples, seed: 7);
        string ours = scratch.File("ours.tif"), reference = scratch.File("reference.tif");
        WriteWith(DeflateEngine.LibDeflate, ours, options, pixels);
        WriteWith(DeflateEngine.LibTiffNet, reference, options, pixels);
        var start = new System.Diagnostics.ProcessStartInfo(tiffcmp) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ours);
        start.ArgumentList.Add(reference);
        using var process = System.Diagnostics.Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"tiffcmp: {output}");
    }

    private static void WriteWith(DeflateEngine engine, string path, TiffWriteOptions options, byte[] pixels, int width = Width, int height = Height)
    {
        Forced = engine;
        try
        {
            TiffWriter.Write(path, width, height, options, pixels);
        }
        finally
        {
            Forced = null;
        }
    }

    /// <summary>Every strip or tile as LibTiff.NET decodes it, after checking the tags the writer kept.</summary>
    private static List<byte[]> DecodeWithLibTiffNet(string path, TiffPredictor predictor)
    {
        using var tiff = LibTiff.Open(path, "r") ?? throw new IOException($"LibTiff.NET cannot open '{path}'.");
        Assert.Equal(Compression.ADOBE_DEFLATE, (Compression)tiff.GetField(TiffTag.COMPRESSION)[0].ToInt());
        var stored = tiff.GetField(TiffTag.PREDICTOR);
        int expectedPredictor = predictor switch { TiffPredictor.Horizontal => 2, TiffPredictor.FloatingPoint => 3, _ => 1 };
        Assert.Equal(expectedPredictor, stored is null ? 1 : stored[0].ToInt());
        var chunks = new List<byte[]>();
        bool tiled = tiff.IsTiled();
        int count = tiled ? tiff.NumberOfTiles() : tiff.NumberOfStrips();
        int size = tiled ? tiff.TileSize() : tiff.StripSize();
        for (int i = 0; i < count; i++)
        {
            var buffer = new byte[size];
            int read = tiled ? tiff.ReadEncodedTile(i, buffer, 0, -1) : tiff.ReadEncodedStrip(i, buffer, 0, -1);
            Assert.True(read > 0, $"LibTiff.NET could not decode chunk {i} of '{path}'");
            chunks.Add(buffer[..read]);
        }
        return chunks;
    }

    private static List<byte[]>? DecodeWithSystemLibTiff(string path, bool tiled, List<byte[]> expected)
    {
        var chunks = new List<byte[]>();
        try
        {
            for (int i = 0; i < expected.Count; i++)
            {
                var buffer = new byte[expected[i].Length];
                var (read, problem) = SystemLibTiff.ReadChunk(path, 0, tiled, i, buffer, buffer.Length);
                Assert.True(problem is null, problem);
                chunks.Add(buffer[..read]);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        return chunks;
    }

    /// <summary>Smooth values with noisy low bits: the predictors have real work, and every byte matters.</summary>
    private static byte[] Textured(PixelType type, int count, int seed)
    {
        byte[] bytes = TiffTestData.RandomPixels(type, count, seed);
        if (type is PixelType.Bit or PixelType.UInt8) return bytes;
        var random = new Random(seed);
        for (int i = 2; i < count; i++)
        {
            double smooth = Math.Sin(i / 9.0) * 0.5 + 0.5;
            switch (type)
            {
                case PixelType.Float32:
                    BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), (float)(smooth + random.NextDouble() * 1e-3));
                    break;
                case PixelType.UInt16 or PixelType.Int16:
                    BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), (ushort)(smooth * 60000 + random.Next(64)));
                    break;
                default:
                    BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), (uint)(smooth * 4e9 + random.Next(1 << 16)));
                    break;
            }
        }
        return bytes;
    }
}
