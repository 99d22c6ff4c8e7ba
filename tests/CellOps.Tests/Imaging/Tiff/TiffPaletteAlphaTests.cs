using BitMiracle.LibTiff.Classic;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using Xunit;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>Palette images with a second sample per pixel (the index and alpha or other extra data).</summary>
public sealed class TiffPaletteAlphaTests
{
    private const int W = 13, H = 7;

    [Theory]
    [InlineData(ExtraSample.UNASSALPHA, PlanarConfig.CONTIG, Compression.NONE)]
    [InlineData(ExtraSample.ASSOCALPHA, PlanarConfig.SEPARATE, Compression.LZW)]
    [InlineData(ExtraSample.UNSPECIFIED, PlanarConfig.CONTIG, Compression.DEFLATE)]
    public void Index_and_extra_sample_read_as_the_colour_maps_RGB_and_a_fourth_channel(ExtraSample kind, PlanarConfig planar, Compression compression)
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("palette-alpha.tif");
        var (red, green, blue) = ColourMap();
        using (var tif = LibTiff.Open(path, "w"))
        {
            tif.SetField(TiffTag.IMAGEWIDTH, W);
            tif.SetField(TiffTag.IMAGELENGTH, H);
            tif.SetField(TiffTag.SAMPLESPERPIXEL, 2);
            tif.SetField(TiffTag.BITSPERSAMPLE, 8);
            tif.SetField(TiffTag.PHOTOMETRIC, Photometric.PALETTE);
            tif.SetField(TiffTag.EXTRASAMPLES, 1, new short[] { (short)kind });
            tif.SetField(TiffTag.PLANARCONFIG, planar);
            tif.SetField(TiffTag.COMPRESSION, compression);
            tif.SetField(TiffTag.ROWSPERSTRIP, 3);
            tif.SetField(TiffTag.COLORMAP, red, green, blue);
            for (int y = 0; y < H; y++)
            {
                if (planar == PlanarConfig.CONTIG)
                {
                    byte[] row = new byte[W * 2];
                    for (int x = 0; x < W; x++) (row[2 * x], row[2 * x + 1]) = (Index(x, y), Alpha(x, y));
                    Assert.True(tif.WriteScanline(row, y));
                }
                else
                {
                    Assert.True(tif.WriteScanline(Enumerable.Range(0, W).Select(x => Index(x, y)).ToArray(), y, 0));
                }
            }
            if (planar == PlanarConfig.SEPARATE)
            {
                for (int y = 0; y < H; y++) Assert.True(tif.WriteScanline(Enumerable.Range(0, W).Select(x => Alpha(x, y)).ToArray(), y, 1));
            }
        }

        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal((4, PixelType.UInt16), (file.ChannelCount, file.PixelType));
        Assert.Contains("extra sample follows as channel 4", file.Metadata["Palette"]);
        ushort[] read = TiffTestData.AsUInt16(TiffTestData.ReadAll(file));
        bool alpha = kind != ExtraSample.UNSPECIFIED;
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                int i = y * W + x, k = Index(x, y);
                Assert.Equal((red[k], green[k], blue[k]), (read[i], read[W * H + i], read[2 * W * H + i]));
                Assert.Equal(alpha ? Alpha(x, y) * 257 : Alpha(x, y), read[3 * W * H + i]);
            }
        }
        // A region away from the origin reads the same samples.
        ushort[] part = TiffTestData.AsUInt16(TiffTestData.Read(file, new PixelRect(4, 2, 5, 4)));
        Assert.Equal(read[3 * W * H + 3 * W + 6], part[3 * 20 + 1 * 5 + 2]);
    }

    private static byte Index(int x, int y) => (byte)((x * 7 + y * 31) % 256);

    private static byte Alpha(int x, int y) => (byte)(x * 19 + y * 3);

    private static (ushort[] Red, ushort[] Green, ushort[] Blue) ColourMap()
    {
        var red = new ushort[256];
        var green = new ushort[256];
        var blue = new ushort[256];
        for (int i = 0; i < 256; i++) (red[i], green[i], blue[i]) = ((ushort)(i * 257), (ushort)(65535 - i * 200), (ushort)(i * 101 % 65536));
        return (red, green, blue);
    }
}
