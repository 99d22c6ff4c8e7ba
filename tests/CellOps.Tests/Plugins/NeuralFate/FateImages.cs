using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Tests.Plugins.NeuralFate;

/// <summary>
/// Generated stand-ins for bright-field images of differentiating neural stem cells, one grayscale
/// channel each: a glial-like cell is a wide round body, a neuron-like one a small body with a long thin
/// process. Whole images, resized to the tile set's size and labelled by their fate.
/// </summary>
internal static class FateImages
{
    public static readonly string[] Binary = { "Glia", "Neuron" };

    public static TileSet Create(int perClass, int seed, int tileSize = 32, IReadOnlyList<string>? classes = null)
    {
        classes ??= Binary;
        var random = new Random(seed);
        var builder = new TileSetBuilder(new TilingOptions(tileSize) { WholeImage = true, Target = TileTarget.ImageClass, ClassNames = classes });
        for (int i = 0; i < perClass; i++)
        {
            for (int k = 0; k < classes.Count; k++)
            {
                builder.Add(Image($"{classes[k]}_{i}.png", random.Next(36, 48), k, random), classes[k]);
            }
        }
        return builder.Build();
    }

    // Class 0: a round body; class 1: a small body and a process; further classes: processes in other directions.
    private static Micrograph Image(string name, int size, int kind, Random random)
    {
        var pixels = new byte[size * size];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(120 + random.Next(-15, 16));
        int cx = size / 2 + random.Next(-4, 5), cy = size / 2 + random.Next(-4, 5);
        int radius = kind == 0 ? size / 4 : size / 10;
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) pixels[y * size + x] = 220;
            }
        }
        if (kind > 0)
        {
            double angle = (kind - 1) * Math.PI / 2 + random.NextDouble() * 0.3;
            for (int r = radius; r < size / 2 - 2; r++)
            {
                int x = cx + (int)Math.Round(r * Math.Cos(angle)), y = cy + (int)Math.Round(r * Math.Sin(angle));
                if (x >= 0 && x < size && y >= 0 && y < size) pixels[y * size + x] = 30;
            }
        }
        return new ArrayPixelSource(pixels, size, size).ToMicrograph(name, ChannelRole.BrightField);
    }
}
