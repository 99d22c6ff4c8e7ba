using CellOps.Imaging.Formats;
using CellOps.Imaging.Sheets;
using CellOps.Sdk.Imaging;
using CellOps.Tests.Imaging.Tiff;
using Xunit;

namespace CellOps.Tests.Imaging.Sheets;

public sealed class DisplayPixelsTests
{
    [Fact]
    public void Floats_between_0_and_1_are_shown_as_they_are()
    {
        var values = new[] { 0f, 0.25f, 0.5f, 1f };
        var (pixels, channels) = DisplayPixels.Read(new ArrayPixelSource(values, 2, 2).ToMicrograph("unit"));
        Assert.Equal(1, channels);
        Assert.Equal(new byte[] { 0, 64, 128, 255 }, pixels);
    }

    [Fact]
    public void Floats_in_a_markers_units_are_stretched_between_their_percentiles_rather_than_shown_white()
    {
        // A predicted fluorescence image: a floor of 12,000 counts with brighter cells up to 50,000.
        var values = Enumerable.Range(0, 400).Select(i => 12000f + 38000f * i / 399).ToArray();
        var (pixels, _) = DisplayPixels.Read(new ArrayPixelSource(values, 20, 20).ToMicrograph("predicted"));
        Assert.Equal(0, pixels[0]);
        Assert.Equal(255, pixels[^1]);
        Assert.InRange(pixels[200], 120, 135);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(12)]
    public void Integers_with_fewer_significant_bits_than_their_type_fill_the_display_range(int bits)
    {
        // A 4-bit image kept at its values 0..15 in UInt8 (or 12-bit in UInt16) would otherwise show nearly black.
        using var scratch = TiffTestData.Scratch();
        int max = (1 << bits) - 1;
        string path = scratch.File($"g{bits}.tif");
        using (var tif = BitMiracle.LibTiff.Classic.Tiff.Open(path, "w"))
        {
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.IMAGEWIDTH, 4);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.IMAGELENGTH, 1);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.BITSPERSAMPLE, bits);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.SAMPLESPERPIXEL, 1);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.PHOTOMETRIC, BitMiracle.LibTiff.Classic.Photometric.MINISBLACK);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.ROWSPERSTRIP, 1);
            // 0, max/3 (rounded down), 2·max/3, max, packed most significant bit first.
            int[] values = [0, max / 3, 2 * max / 3, max];
            var row = new byte[(4 * bits + 7) / 8];
            for (int i = 0, bit = 0; i < 4; i++)
            {
                for (int b = bits - 1; b >= 0; b--, bit++)
                {
                    if (((values[i] >> b) & 1) != 0) row[bit >> 3] |= (byte)(0x80 >> (bit & 7));
                }
            }
            tif.WriteRawStrip(0, row, row.Length);
        }
        var micrograph = MicrographLoader.Load(path);
        Assert.Equal(bits.ToString(), micrograph.Metadata["SignificantBits"]);
        var (pixels, _) = DisplayPixels.Read(micrograph);
        Assert.Equal(0, pixels[0]);
        Assert.InRange(pixels[1], 84, 86);
        Assert.InRange(pixels[2], 169, 171);
        Assert.Equal(255, pixels[3]);
    }
}

public sealed class DisplayScaleTests
{
    [Fact]
    public void A_16_bit_image_using_a_sliver_of_its_range_is_stretched_rather_than_shown_black()
    {
        // Phase contrast from a 16-bit camera: counts between 1,000 and 1,400 of 65,535.
        var values = Enumerable.Range(0, 400).Select(i => (ushort)(1000 + i)).ToArray();
        var (pixels, _) = DisplayPixels.Read(new ArrayPixelSource(values, 20, 20).ToMicrograph("phase"));
        Assert.Equal(0, pixels[0]);
        Assert.Equal(255, pixels[^1]);
        Assert.InRange(pixels[200], 120, 135);
    }

    [Fact]
    public void An_8_bit_image_is_shown_as_it_is_and_the_overlay_shows_it_the_same()
    {
        var values = Enumerable.Range(0, 64).Select(i => (byte)(100 + i)).ToArray();
        var micrograph = new ArrayPixelSource(values, 8, 8).ToMicrograph("grey");

        var (pixels, _) = DisplayPixels.Read(micrograph);
        var rgb = CellOps.Imaging.Maps.DisplayImage.Render(micrograph);

        Assert.Equal(values, pixels);
        Assert.Equal(values, Enumerable.Range(0, 64).Select(i => rgb[3 * i]).ToArray());
        Assert.Equal(rgb.Where((_, i) => i % 3 == 0), rgb.Where((_, i) => i % 3 == 2));
    }

    [Fact]
    public void Overlays_and_exported_pictures_render_a_16_bit_image_alike()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 256).Select(_ => (ushort)random.Next(2000, 9000)).ToArray();
        var micrograph = new ArrayPixelSource(values, 16, 16).ToMicrograph("field");

        var (pixels, _) = DisplayPixels.Read(micrograph);
        var rgb = CellOps.Imaging.Maps.DisplayImage.Render(micrograph);

        Assert.Equal(pixels, Enumerable.Range(0, 256).Select(i => rgb[3 * i]).ToArray());
    }
}
