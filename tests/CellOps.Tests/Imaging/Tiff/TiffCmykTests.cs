using BitMiracle.LibTiff.Classic;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using Xunit;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>
/// CMYK (separated) TIFFs: 8-bit ones decode to the RGB that their inks give; wider ones, which
/// LibTiff's conversion would turn into an all-black image without a word, are refused.
/// </summary>
public sealed class TiffCmykTests
{
    [Fact]
    public void An_8_bit_CMYK_image_reads_as_the_RGB_its_inks_give()
    {
        using var scratch = TiffTestData.Scratch();
        var inks = Inks(8, 6, seed: 3, max: 255);
        string path = Write(scratch.File("cmyk8.tif"), 8, 6, 8, inks);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal(3, file.ChannelCount);
        Assert.Equal(PixelType.UInt8, file.PixelType);
        var rgb = new byte[8 * 6 * 3];
        file.ReadRegion(0, new PixelRect(0, 0, 8, 6), rgb);
        for (int i = 0; i < 8 * 6; i++)
        {
            int k = inks[i * 4 + 3];
            for (int c = 0; c < 3; c++)
            {
                // R = (255 - C)(255 - K) / 255, and so on; LibTiff rounds down.
                int expected = (255 - inks[i * 4 + c]) * (255 - k) / 255;
                Assert.InRange(rgb[c * 8 * 6 + i], expected - 1, expected + 1); // regions are channel planes
            }
        }
    }

    [Fact]
    public void A_16_bit_CMYK_image_is_refused_rather_than_read_as_black()
    {
        using var scratch = TiffTestData.Scratch();
        string path = Write(scratch.File("cmyk16.tif"), 64, 64, 16, Inks(64, 64, seed: 1, max: 65535));
        var error = Assert.Throws<MicrographReadException>(() =>
        {
            using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
            TiffTestData.ReadAll(file);
        });
        Assert.Equal(MicrographReadFailure.Unsupported, error.Failure);
        Assert.Contains("16-bit CMYK", error.Message);
        Assert.Contains(path, error.Message);
    }

    private static int[] Inks(int width, int height, int seed, int max)
    {
        var random = new Random(seed);
        var inks = new int[width * height * 4];
        for (int i = 0; i < inks.Length; i++) inks[i] = random.Next(max + 1);
        return inks;
    }

    private static string Write(string path, int width, int height, int bits, int[] inks)
    {
        using var tif = LibTiff.Open(path, "w");
        tif.SetField(TiffTag.IMAGEWIDTH, width);
        tif.SetField(TiffTag.IMAGELENGTH, height);
        tif.SetField(TiffTag.BITSPERSAMPLE, bits);
        tif.SetField(TiffTag.SAMPLESPERPIXEL, 4);
        tif.SetField(TiffTag.PHOTOMETRIC, Photometric.SEPARATED);
        tif.SetField(TiffTag.INKSET, InkSet.CMYK);
        tif.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        tif.SetField(TiffTag.ROWSPERSTRIP, height);
        int bytes = bits / 8;
        var row = new byte[width * 4 * bytes];
        for (int y = 0; y < height; y++)
        {
            for (int i = 0; i < width * 4; i++)
            {
                int v = inks[y * width * 4 + i];
                if (bytes == 1) row[i] = (byte)v;
                else BitConverter.TryWriteBytes(row.AsSpan(i * 2, 2), (ushort)v);
            }
            tif.WriteScanline(row, y);
        }
        return path;
    }
}
