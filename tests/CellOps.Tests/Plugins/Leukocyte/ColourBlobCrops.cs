using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Tests.Plugins.Leukocyte;

/// <summary>
/// Generated stand-ins for white-cell crops: a noisy pink background with one round blob whose colour
/// gives the class (as stain hues set granulocytes apart), at a random place and size, in crops of
/// varying size that the tile set resizes whole to 64×64.
/// </summary>
internal static class ColourBlobCrops
{
    public static readonly string[] Classes = { "Basophil", "Eosinophil", "Lymphocyte", "Monocyte", "Neutrophil" };

    // One RGB colour per class, all distinct from the background (230, 190, 200).
    private static readonly (byte R, byte G, byte B)[] Colours =
    {
        (70, 40, 120), (220, 90, 40), (40, 40, 200), (120, 160, 210), (150, 60, 170),
    };

    public static TileSet Create(int perClass, int seed)
    {
        var random = new Random(seed);
        var builder = new TileSetBuilder(new TilingOptions(64) { WholeImage = true, Target = TileTarget.ImageClass, ClassNames = Classes });
        for (int i = 0; i < perClass; i++)
        {
            for (int k = 0; k < Classes.Length; k++)
            {
                builder.Add(Crop($"{Classes[k]}_{i}.png", random.Next(72, 100), Colours[k], random), Classes[k]);
            }
        }
        return builder.Build();
    }

    private static Micrograph Crop(string name, int size, (byte R, byte G, byte B) colour, Random random)
    {
        var pixels = new byte[3 * size * size];
        int radius = random.Next(size / 6, size / 3);
        int cx = random.Next(radius, size - radius), cy = random.Next(radius, size - radius);
        byte[] background = { 230, 190, 200 }, blob = { colour.R, colour.G, colour.B };
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                bool inside = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius;
                for (int c = 0; c < 3; c++)
                {
                    int value = (inside ? blob[c] : background[c]) + random.Next(-20, 21);
                    pixels[(c * size + y) * size + x] = (byte)Math.Clamp(value, 0, 255);
                }
            }
        }
        return new ArrayPixelSource(pixels, size, size, 3).ToMicrograph(name, ChannelRole.BrightField);
    }
}
