using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;
using Xunit;

namespace CellOps.Tests.Imaging.Formats;

public class ArrayPixelSourceTests
{
    [Fact]
    public void Regions_come_back_channel_planar_from_the_right_frame()
    {
        // 3×2, 2 channels, 2 frames; value = 1000·frame + 100·channel + 10·y + x.
        var data = new ushort[3 * 2 * 2 * 2];
        for (int f = 0; f < 2; f++)
            for (int c = 0; c < 2; c++)
                for (int y = 0; y < 2; y++)
                    for (int x = 0; x < 3; x++)
                        data[((f * 2 + c) * 2 + y) * 3 + x] = (ushort)(1000 * f + 100 * c + 10 * y + x);
        using var source = new ArrayPixelSource(data, 3, 2, channels: 2, frames: 2);
        Assert.Equal(PixelType.UInt16, source.PixelType);
        var values = new float[4];
        source.ReadRegion(1, new PixelRect(1, 0, 2, 1), values);
        Assert.Equal(new float[] { 1001, 1002, 1101, 1102 }, values);
    }

    [Fact]
    public void Byte_and_float_data_keep_their_pixel_types()
    {
        Assert.Equal(PixelType.UInt8, new ArrayPixelSource(new byte[4], 2, 2).PixelType);
        Assert.Equal(PixelType.Float32, new ArrayPixelSource(new float[4], 2, 2).PixelType);
    }

    [Fact]
    public void Too_little_data_for_the_stated_size_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ArrayPixelSource(new byte[5], 3, 2));
    }

    [Fact]
    public void Regions_outside_the_image_are_rejected()
    {
        using var source = new ArrayPixelSource(new byte[6], 3, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => source.ReadRegion(0, new PixelRect(2, 0, 2, 1), new byte[2]));
    }

    [Fact]
    public void A_micrograph_made_from_it_reads_the_same_pixels()
    {
        var source = new ArrayPixelSource(new float[] { 1, 2, 3, 4 }, 2, 2);
        var m = source.ToMicrograph("tiny", ChannelRole.Fluorescence);
        Assert.Equal((2, 2, 1, PixelType.Float32), (m.Width, m.Height, m.ChannelCount, m.PixelType));
        Assert.Equal(ChannelRole.Fluorescence, m.Role);
        using var pixels = m.OpenPixels();
        var values = new float[2];
        pixels.ReadRegion(0, new PixelRect(0, 1, 2, 1), values);
        Assert.Equal(new float[] { 3, 4 }, values);
        Assert.Equal(1, source.OpenCount);
    }
}
