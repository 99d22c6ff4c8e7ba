using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;

namespace CellOps.Tests.Plugins.IpsColony;

/// <summary>
/// Generated colony-like micrographs with label images of K = 3 classes and an ignore value: vertical
/// bands of dim background (class 0), bright colony (class 1) and striped colony (class 2) at random
/// widths, with a 2-pixel band of "uncertain" (value 9) on each border between bands.
/// </summary>
internal static class ColonyImagesFactory
{
    public const int Ignore = 9;

    public static IReadOnlyList<Micrograph> Create(int count, int size, int seed)
    {
        var random = new Random(seed);
        var micrographs = new List<Micrograph>();
        for (int m = 0; m < count; m++)
        {
            // Three bands in a random order, with random borders.
            var order = new[] { 0, 1, 2 }.OrderBy(_ => random.Next()).ToArray();
            int first = size / 4 + random.Next(size / 4), second = size / 2 + random.Next(size / 4);
            var pixels = new byte[size * size];
            var labels = new byte[size * size];
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    int band = x < first ? 0 : x < second ? 1 : 2;
                    int label = order[band];
                    int i = y * size + x;
                    pixels[i] = (byte)(label switch
                    {
                        0 => 40,
                        1 => 200,
                        _ => (x / 2) % 2 == 0 ? 105 : 135,
                    } + random.Next(-8, 9));
                    bool border = Math.Abs(x - first) < 1 || x == first - 1 || Math.Abs(x - second) < 1 || x == second - 1;
                    labels[i] = (byte)(border ? Ignore : label);
                }
            }
            var image = new ArrayPixelSource(pixels, size, size).ToMicrograph($"colony{m}.png", ChannelRole.PhaseContrast);
            micrographs.Add(image.WithPair(new ArrayPixelSource(labels, size, size).ToMicrograph($"colony{m}-labels.png", ChannelRole.Label)));
        }
        return micrographs;
    }
}
