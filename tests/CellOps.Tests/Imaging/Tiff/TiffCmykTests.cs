using BitMiracle.LibTiff.Classic;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using Xunit;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>
/// CMYK (separated) TIFFs decode to the RGB that their inks give, at their own depth (8 and 16-bit
/// integers, 32-bit floats).
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
    public void A_16_bit_CMYK_image_reads_as_16_bit_RGB_its_inks_give()
    {
        using var scratch = TiffTestData.Scratch();
        var inks = Inks(64, 64, seed: 1, max: 65535);
        inks[0] = inks[1] = inks[2] = inks[3] = 0; // no ink: white
        inks[7] = 65535; // full black: black
        string path = Write(scratch.File("cmyk16.tif"), 64, 64, 16, inks);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal(3, file.ChannelCount);
        Assert.Equal(PixelType.UInt16, file.PixelType);
        ushort[] rgb = TiffTestData.AsUInt16(TiffTestData.ReadAll(file));
        const int area = 64 * 64;
        for (int i = 0; i < area; i++)
        {
            long k = inks[i * 4 + 3];
            for (int c = 0; c < 3; c++)
            {
                // R = (max - C)(max - K) / max, rounded to the nearest integer.
                long expected = ((65535L - inks[i * 4 + c]) * (65535L - k) + 32767) / 65535;
                Assert.Equal(expected, rgb[c * area + i]);
            }
        }
        Assert.Equal(65535, rgb[0]);
        Assert.Equal(0, rgb[1]);
    }

    [Fact]
    public void A_float_CMYK_image_reads_as_float_RGB()
    {
        using var scratch = TiffTestData.Scratch();
        float[] inks = [0, 0, 0, 0, 0.25f, 0.5f, 0.75f, 0.5f, 1, 0, 0, 1, 0.1f, 0.2f, 0.3f, 0];
        string path = scratch.File("cmykf.tif");
        using (var tif = LibTiff.Open(path, "w"))
        {
            tif.SetField(TiffTag.IMAGEWIDTH, 2);
            tif.SetField(TiffTag.IMAGELENGTH, 2);
            tif.SetField(TiffTag.BITSPERSAMPLE, 32);
            tif.SetField(TiffTag.SAMPLEFORMAT, SampleFormat.IEEEFP);
            tif.SetField(TiffTag.SAMPLESPERPIXEL, 4);
            tif.SetField(TiffTag.PHOTOMETRIC, Photometric.SEPARATED);
            tif.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
            tif.SetField(TiffTag.ROWSPERSTRIP, 2);
            byte[] bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(inks.AsSpan()).ToArray();
            tif.WriteRawStrip(0, bytes, bytes.Length);
        }
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal(PixelType.Float32, file.PixelType);
        float[] rgb = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(TiffTestData.ReadAll(file)).ToArray();
        for (int i = 0; i < 4; i++)
        {
            for (int c = 0; c < 3; c++) Assert.Equal((float)((1.0 - inks[i * 4 + c]) * (1.0 - inks[i * 4 + 3])), rgb[c * 4 + i]);
        }
        Assert.Equal(new[] { 1f, 0.375f, 0f, 0.9f }, rgb[..4]);
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
