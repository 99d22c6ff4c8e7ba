using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using Xunit;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>Files whose pages change size, channel count or pixel type part-way: one image per series of pages that agree.</summary>
public sealed class TiffSeriesTests
{
    private const int W = 40, H = 24;

    [Fact]
    public void Each_series_of_pages_that_agree_opens_as_an_image_of_its_own()
    {
        using var scratch = TiffTestData.Scratch();
        string path = WriteThreeSeries(scratch.File("mixed.tif"));

        using (var one = TiffImageFile.Open(path, new ImageReadOptions { Series = 1 }))
        {
            Assert.Equal((3, W, H, 2, 1, PixelType.UInt16), (one.SeriesCount, one.Width, one.Height, one.FrameCount, one.ChannelCount, one.PixelType));
            Assert.Equal(("1 of 3", "1-2", "6"), (one.Metadata["Series"], one.Metadata["SeriesPages"], one.Metadata["Pages"]));
            for (int f = 0; f < 2; f++) Assert.All(TiffTestData.AsUInt16(TiffTestData.ReadAll(one, f)), v => Assert.Equal(Value(f), v));
        }
        using (var two = TiffImageFile.Open(path, new ImageReadOptions { Series = 2 }))
        {
            Assert.Equal((W + 8, H, 1, 1), (two.Width, two.Height, two.FrameCount, two.ChannelCount));
            Assert.Equal(("2 of 3", "3"), (two.Metadata["Series"], two.Metadata["SeriesPages"]));
            Assert.All(TiffTestData.AsUInt16(TiffTestData.ReadAll(two)), v => Assert.Equal(Value(2), v));
        }
        using var three = TiffImageFile.Open(path, new ImageReadOptions { Series = 3 });
        Assert.Equal((W, H, 3, 3, PixelType.UInt8), (three.Width, three.Height, three.FrameCount, three.ChannelCount, three.PixelType));
        Assert.Equal("4-6", three.Metadata["SeriesPages"]);
        byte[] last = TiffTestData.ReadAll(three, 2);
        for (int c = 0; c < 3; c++) Assert.All(last.AsSpan(c * W * H, W * H).ToArray(), v => Assert.Equal((byte)(50 + 10 * c + 5), v));
    }

    [Fact]
    public void The_whole_file_as_one_image_is_refused_naming_the_series_and_what_differs()
    {
        using var scratch = TiffTestData.Scratch();
        string path = WriteThreeSeries(scratch.File("mixed.tif"));
        var error = Assert.Throws<MicrographReadException>(() => TiffImageFile.Open(path, ImageReadOptions.Default));
        Assert.Equal(MicrographReadFailure.Mismatch, error.Failure);
        Assert.Contains("3 series that differ in size, channel count and pixel type", error.Message);
        Assert.Contains("page 3", error.Message);
    }

    [Fact]
    public void Pages_as_channels_that_differ_are_still_refused()
    {
        using var scratch = TiffTestData.Scratch();
        string path = WriteThreeSeries(scratch.File("mixed.tif"));
        var error = Assert.Throws<MicrographReadException>(() => TiffImageFile.Open(path, new ImageReadOptions { PagesAsChannels = true, Series = 1 }));
        Assert.Equal(MicrographReadFailure.Mismatch, error.Failure);
        Assert.Contains("cannot be read as channels", error.Message);
    }

    [Fact]
    public void A_series_past_the_last_is_not_found()
    {
        using var scratch = TiffTestData.Scratch();
        string path = WriteThreeSeries(scratch.File("mixed.tif"));
        var error = Assert.Throws<MicrographReadException>(() => TiffImageFile.Open(path, new ImageReadOptions { Series = 4 }));
        Assert.Equal(MicrographReadFailure.NotFound, error.Failure);
        Assert.Contains("no series 4", error.Message);
    }

    [Fact]
    public void LoadSeries_gives_one_named_micrograph_per_series_that_reads_only_its_own_pages()
    {
        using var scratch = TiffTestData.Scratch();
        string path = WriteThreeSeries(scratch.File("mixed.tif"));
        var micrographs = MicrographLoader.LoadSeries(path);
        Assert.Equal(new[] { "mixed#1.tif", "mixed#2.tif", "mixed#3.tif" }, micrographs.Select(m => m.Name));
        Assert.All(micrographs, m => Assert.Equal(path, m.Path));
        Assert.Equal(new[] { "1 of 3", "2 of 3", "3 of 3" }, micrographs.Select(m => m.Metadata[MicrographLoader.SeriesKey]));
        Assert.Equal(new[] { (W, 2, 1), (W + 8, 1, 1), (W, 3, 3) }, micrographs.Select(m => (m.Width, m.FrameCount, m.ChannelCount)));
        Assert.Equal(new[] { "Red", "Green", "Blue" }, micrographs[2].Channels.Select(c => c.Name));
        using var pixels = micrographs[1].OpenPixels();
        Assert.All(TiffTestData.AsUInt16(TiffTestData.ReadAll(pixels)), v => Assert.Equal(Value(2), v));
    }

    [Fact]
    public void LoadSeries_of_pages_that_agree_is_the_one_micrograph_Load_gives()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("frames.tif");
        using (var writer = TiffWriter.Create(path))
        {
            for (int p = 0; p < 3; p++) writer.WritePage(W, H, new TiffWriteOptions(), Gray(W, Value(p)));
            writer.Commit();
        }
        var series = Assert.Single(MicrographLoader.LoadSeries(path));
        var loaded = MicrographLoader.Load(path);
        Assert.Equal((loaded.Name, loaded.FrameCount), (series.Name, series.FrameCount));
        Assert.Equal(loaded.Metadata.OrderBy(e => e.Key), series.Metadata.OrderBy(e => e.Key));
        Assert.False(series.Metadata.ContainsKey(MicrographLoader.SeriesKey));
    }

    [Fact]
    public void Reduced_resolution_pages_between_pages_that_agree_are_skipped_not_a_series()
    {
        // Pages 1 and 3 are the image at 40×24; page 2 is its 20×12 thumbnail; page 4 is another image.
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("pyramid.tif");
        using (var tif = LibTiff.Open(path, "w"))
        {
            foreach (var (width, reduced, value) in new[] { (W, false, 0), (W / 2, true, 1), (W, false, 2), (W + 8, false, 3) })
            {
                tif.SetField(TiffTag.IMAGEWIDTH, width);
                tif.SetField(TiffTag.IMAGELENGTH, H);
                tif.SetField(TiffTag.BITSPERSAMPLE, 16);
                tif.SetField(TiffTag.SAMPLESPERPIXEL, 1);
                tif.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
                tif.SetField(TiffTag.ROWSPERSTRIP, H);
                if (reduced) tif.SetField(TiffTag.SUBFILETYPE, FileType.REDUCEDIMAGE);
                byte[] pixels = Gray(width, Value(value));
                Assert.True(tif.WriteEncodedStrip(0, pixels, pixels.Length) > 0);
                Assert.True(tif.WriteDirectory());
            }
        }
        var micrographs = MicrographLoader.LoadSeries(path);
        Assert.Equal(new[] { (W, 2, "1, 3"), (W + 8, 1, "4") }, micrographs.Select(m => (m.Width, m.FrameCount, m.Metadata[MicrographLoader.SeriesPagesKey])));
        using var pixels0 = micrographs[0].OpenPixels();
        Assert.All(TiffTestData.AsUInt16(TiffTestData.ReadAll(pixels0, 1)), v => Assert.Equal(Value(2), v));
    }

    [Theory]
    [InlineData("cells.tif", 2, "cells#2.tif")]
    [InlineData("plate.ome.tiff", 3, "plate#3.ome.tiff")]
    [InlineData("scan", 1, "scan#1")]
    public void A_series_is_named_with_its_number_before_the_extension(string file, int series, string name) =>
        Assert.Equal(name, MicrographLoader.SeriesName(file, series));

    /// <summary>Pages 1-2: 40×24 UInt16; page 3: 48×24 UInt16; pages 4-6: 40×24 RGB UInt8.</summary>
    private static string WriteThreeSeries(string path)
    {
        using var writer = TiffWriter.Create(path);
        writer.WritePage(W, H, new TiffWriteOptions(), Gray(W, Value(0)));
        writer.WritePage(W, H, new TiffWriteOptions { Compression = TiffCompression.Deflate }, Gray(W, Value(1)));
        writer.WritePage(W + 8, H, new TiffWriteOptions(), Gray(W + 8, Value(2)));
        for (int p = 0; p < 3; p++)
        {
            byte[] rgb = new byte[W * H * 3];
            for (int i = 0; i < W * H; i++)
            {
                for (int c = 0; c < 3; c++) rgb[c * W * H + i] = (byte)(50 + 10 * c + p + 3);
            }
            writer.WritePage(W, H, new TiffWriteOptions { PixelType = PixelType.UInt8, SamplesPerPixel = 3 }, rgb);
        }
        writer.Commit();
        return path;
    }

    private static ushort Value(int page) => (ushort)(1000 + 111 * page);

    private static byte[] Gray(int width, ushort value)
    {
        var values = new ushort[width * H];
        Array.Fill(values, value);
        return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }
}
