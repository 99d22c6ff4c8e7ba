using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using Xunit;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>Multi-page files as frames or channels, OME-XML, BigTIFF and pixel sizes.</summary>
public sealed class TiffPagesAndMetadataTests
{
    private const int W = 40, H = 24;

    [Fact]
    public void Pages_are_frames_by_default()
    {
        using var scratch = TiffTestData.Scratch();
        string path = WritePages(scratch.File("pages.tif"), 3, null);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal((3, 1, "TIFF"), (file.FrameCount, file.ChannelCount, file.Format));
        for (int f = 0; f < 3; f++) Assert.All(TiffTestData.AsUInt16(TiffTestData.ReadAll(file, f)), v => Assert.Equal(PageValue(f), v));
    }

    [Fact]
    public void Pages_are_channels_when_asked()
    {
        using var scratch = TiffTestData.Scratch();
        string path = WritePages(scratch.File("pages.tif"), 3, null);
        using var file = TiffImageFile.Open(path, new ImageReadOptions { PagesAsChannels = true });
        Assert.Equal((1, 3), (file.FrameCount, file.ChannelCount));
        ushort[] all = TiffTestData.AsUInt16(TiffTestData.Read(file, new PixelRect(3, 4, 10, 5)));
        for (int c = 0; c < 3; c++) Assert.All(all.AsSpan(c * 50, 50).ToArray(), v => Assert.Equal(PageValue(c), v));
    }

    [Fact]
    public void Pages_of_different_sizes_cannot_be_frames()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("mixed.tif");
        using (var writer = TiffWriter.Create(path))
        {
            writer.WritePage(W, H, new TiffWriteOptions(), new byte[W * H * 2]);
            writer.WritePage(W + 1, H, new TiffWriteOptions(), new byte[(W + 1) * H * 2]);
            writer.Commit();
        }
        var error = Assert.Throws<MicrographReadException>(() => TiffImageFile.Open(path, ImageReadOptions.Default));
        Assert.Equal(MicrographReadFailure.Mismatch, error.Failure);
        Assert.Contains("page 2", error.Message);
    }

    [Theory]
    [InlineData("XYCZT")]
    [InlineData("XYZCT")]
    [InlineData("XYTZC")]
    public void OME_pages_become_channels_in_dimension_order(string order)
    {
        using var scratch = TiffTestData.Scratch();
        const int c = 3, z = 2, t = 2;
        string xml = OmeXml(order, c, z, t, "PhysicalSizeX=\"0.65\" PhysicalSizeY=\"0.65\"");
        string path = WritePages(scratch.File("ome.ome.tif"), c * z * t, xml);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal(("OME-TIFF", c, z * t), (file.Format, file.ChannelCount, file.FrameCount));
        Assert.Equal(new[] { "DAPI", "GFP", "RFP" }, file.ChannelNames);
        Assert.Equal(new PixelSize(0.65, 0.65, "µm"), file.PixelSize);
        Assert.Equal(order, file.Metadata["OME.DimensionOrder"]);
        int plane = W * H;
        for (int ti = 0; ti < t; ti++)
        {
            for (int zi = 0; zi < z; zi++)
            {
                ushort[] frame = TiffTestData.AsUInt16(TiffTestData.ReadAll(file, ti * z + zi));
                for (int ci = 0; ci < c; ci++)
                {
                    int page = PageOf(order, ci, zi, ti, c, z, t);
                    Assert.Equal(PageValue(page), frame[ci * plane + 7]);
                }
            }
        }
    }

    [Fact]
    public void OME_physical_size_keeps_its_unit()
    {
        using var scratch = TiffTestData.Scratch();
        string xml = OmeXml("XYCZT", 1, 1, 1, "PhysicalSizeX=\"325\" PhysicalSizeXUnit=\"nm\" PhysicalSizeY=\"325\" PhysicalSizeYUnit=\"nm\"");
        string path = WritePages(scratch.File("nm.ome.tif"), 1, xml);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal(new PixelSize(325, 325, "nm"), file.PixelSize);
        Assert.Equal("1", file.Metadata["OME.SizeC"]);
    }

    [Fact]
    public void BigTIFF_written_by_TiffWriter_reads_back_exactly()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("big.tif");
        byte[] pixels = TiffTestData.RandomPixels(PixelType.Float32, 70 * 50 * 2, 5);
        TiffWriter.Write(path, 70, 50, new TiffWriteOptions
        {
            PixelType = PixelType.Float32, SamplesPerPixel = 2, TileWidth = 32,
            Compression = TiffCompression.Deflate, Predictor = TiffPredictor.FloatingPoint,
        }, pixels, bigTiff: true);
        Assert.Equal(43, File.ReadAllBytes(path)[2]);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal("BigTIFF", file.Format);
        Assert.Equal(pixels, TiffTestData.ReadAll(file));
    }

    [Fact]
    public void BigTIFF_written_directly_by_LibTiff_reads_back_exactly()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("w8.tif");
        const int w = 50, h = 33;
        byte[] chunky = TiffTestData.RandomPixels(PixelType.UInt16, w * h * 2, 9);
        using (var tif = LibTiff.Open(path, "w8"))
        {
            tif.SetField(TiffTag.IMAGEWIDTH, w);
            tif.SetField(TiffTag.IMAGELENGTH, h);
            tif.SetField(TiffTag.SAMPLESPERPIXEL, 2);
            tif.SetField(TiffTag.BITSPERSAMPLE, 16);
            tif.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
            tif.SetField(TiffTag.EXTRASAMPLES, 1, new short[] { 0 });
            tif.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
            tif.SetField(TiffTag.COMPRESSION, Compression.LZW);
            tif.SetField(TiffTag.PREDICTOR, Predictor.HORIZONTAL);
            tif.SetField(TiffTag.ROWSPERSTRIP, 10);
            // LibTiff's predictor differences the caller's buffer in place, so it gets a copy.
            byte[] scratchRow = new byte[w * 4];
            for (int y = 0; y < h; y++)
            {
                Array.Copy(chunky, y * w * 4, scratchRow, 0, w * 4);
                Assert.True(tif.WriteScanline(scratchRow, y));
            }
        }
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal(("BigTIFF", 2), (file.Format, file.ChannelCount));
        ushort[] ours = TiffTestData.AsUInt16(TiffTestData.ReadAll(file));
        ushort[] theirs = TiffTestData.AsUInt16(chunky);
        for (int i = 0; i < w * h; i++)
        {
            Assert.Equal(theirs[2 * i], ours[i]);
            Assert.Equal(theirs[2 * i + 1], ours[w * h + i]);
        }
    }

    [Fact]
    public void Resolution_tags_in_centimetres_give_the_pixel_size_in_micrometres()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("res.tif");
        TiffWriter.Write(path, W, H, new TiffWriteOptions { PixelSize = new PixelSize(0.5, 0.25, "µm") }, new byte[W * H * 2]);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal("µm", file.PixelSize!.Unit);
        Assert.Equal(0.5, file.PixelSize.X, 5);
        Assert.Equal(0.25, file.PixelSize.Y, 5);
    }

    [Theory]
    [InlineData(ResUnit.INCH, 12700.0, 2.0)]
    [InlineData(ResUnit.CENTIMETER, 20000.0, 0.5)]
    [InlineData(ResUnit.NONE, 3.0, double.NaN)]
    public void Resolution_unit_decides_the_pixel_size(ResUnit unit, double pixelsPerUnit, double micrometres)
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("unit.tif");
        using (var tif = LibTiff.Open(path, "w"))
        {
            tif.SetField(TiffTag.IMAGEWIDTH, 8);
            tif.SetField(TiffTag.IMAGELENGTH, 8);
            tif.SetField(TiffTag.BITSPERSAMPLE, 8);
            tif.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tif.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
            tif.SetField(TiffTag.XRESOLUTION, pixelsPerUnit);
            tif.SetField(TiffTag.YRESOLUTION, pixelsPerUnit);
            tif.SetField(TiffTag.RESOLUTIONUNIT, unit);
            for (int y = 0; y < 8; y++) tif.WriteScanline(new byte[8], y);
        }
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        if (double.IsNaN(micrometres))
        {
            Assert.Null(file.PixelSize);
        }
        else
        {
            Assert.Equal("µm", file.PixelSize!.Unit);
            Assert.Equal(micrometres, file.PixelSize.X, 4);
        }
    }

    [Fact]
    public void File_without_resolution_has_no_pixel_size_and_reports_its_encoding()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("plain.tif");
        TiffWriter.Write(path, W, H, new TiffWriteOptions { Compression = TiffCompression.Lzw, TileWidth = 16, Description = "hello" }, new byte[W * H * 2]);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Null(file.PixelSize);
        Assert.Equal(new string?[] { null }, file.ChannelNames);
        Assert.Equal("LZW", file.Metadata["Compression"]);
        Assert.Equal("hello", file.Metadata["ImageDescription"]);
        Assert.Equal("tiles 16×16", file.Metadata["Layout"]);
    }

    private static ushort PageValue(int page) => (ushort)(1000 + 7 * page);

    private static string WritePages(string path, int pages, string? description)
    {
        using var writer = TiffWriter.Create(path);
        for (int p = 0; p < pages; p++)
        {
            var values = new ushort[W * H];
            Array.Fill(values, PageValue(p));
            writer.WritePage(W, H, new TiffWriteOptions { Compression = TiffCompression.Deflate, Description = p == 0 ? description : null },
                MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        }
        writer.Commit();
        return path;
    }

    private static int PageOf(string order, int c, int z, int t, int sizeC, int sizeZ, int sizeT)
    {
        int index = 0, stride = 1;
        foreach (char d in order[2..])
        {
            (int v, int s) = d switch { 'C' => (c, sizeC), 'Z' => (z, sizeZ), _ => (t, sizeT) };
            index += v * stride;
            stride *= s;
        }
        return index;
    }

    private static string OmeXml(string order, int c, int z, int t, string physical)
    {
        string[] names = { "DAPI", "GFP", "RFP" };
        string channels = string.Concat(Enumerable.Range(0, c).Select(i => $"<Channel ID=\"Channel:0:{i}\" Name=\"{names[i]}\" SamplesPerPixel=\"1\"/>"));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\"><Image ID=\"Image:0\"><Pixels ID=\"Pixels:0\" "
            + $"DimensionOrder=\"{order}\" Type=\"uint16\" SizeX=\"{W}\" SizeY=\"{H}\" SizeC=\"{c}\" SizeZ=\"{z}\" SizeT=\"{t}\" {physical}>"
            + channels + "<TiffData/></Pixels></Image></OME>";
    }
}
