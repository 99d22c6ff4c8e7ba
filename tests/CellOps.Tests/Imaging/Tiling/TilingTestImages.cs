using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;

namespace CellOps.Tests.Imaging.Tiling;

/// <summary>Small synthetic micrographs for the tiling specifications.</summary>
internal static class TilingTestImages
{
    public static ArrayPixelSource Bytes(int width, int height, Func<int, int, int> value, int channels = 1)
    {
        var data = new byte[width * height * channels];
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    data[(c * height + y) * width + x] = (byte)value(x, y);
        return new ArrayPixelSource(data, width, height, channels);
    }

    public static ArrayPixelSource Floats(int width, int height, Func<int, int, int, float> value, int channels = 1)
    {
        var data = new float[width * height * channels];
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    data[(c * height + y) * width + x] = value(c, x, y);
        return new ArrayPixelSource(data, width, height, channels);
    }

    /// <summary>A label image from rows of class values, top row first.</summary>
    public static ArrayPixelSource Labels(params int[][] rows)
    {
        int height = rows.Length, width = rows[0].Length;
        var data = new byte[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                data[y * width + x] = (byte)rows[y][x];
        return new ArrayPixelSource(data, width, height);
    }

    /// <summary>A flat grey micrograph of the given size with <paramref name="pair"/> attached.</summary>
    public static Micrograph WithPair(string name, ArrayPixelSource pair)
    {
        var image = Bytes(pair.Width, pair.Height, (_, _) => 128).ToMicrograph(name, ChannelRole.BrightField);
        return image.WithPair(pair.ToMicrograph(name + " labels", ChannelRole.Label));
    }
}
