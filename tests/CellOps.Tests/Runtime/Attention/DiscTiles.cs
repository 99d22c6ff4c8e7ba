using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Tests.Runtime.Attention;

/// <summary>
/// Tiles of noise, each its own micrograph, where class 1 ("blob") holds a bright disc at a random
/// place and class 0 none; every tile, of either class, also holds a dark square (a distractor the
/// classes share), placed away from the disc. The disc's centre is known, so a map can be checked.
/// </summary>
internal static class DiscTiles
{
    public const int Radius = 4;

    public static (TileSet Tiles, (int X, int Y)[] Centres) Create(int count, int seed, int size = TinyModel.TileSize)
    {
        var random = new Random(seed);
        var tiles = new List<Tile>();
        var sources = new List<Micrograph>();
        var centres = new (int, int)[count];
        for (int n = 0; n < count; n++)
        {
            var pixels = new byte[size * size];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(90 + random.Next(50));
            int label = n % 2;
            int cx = Radius + 1 + random.Next(size - 2 * Radius - 2);
            int cy = Radius + 1 + random.Next(size - 2 * Radius - 2);
            centres[n] = (cx, cy);
            // The distractor: a dark 6×6 square as far as fits from the disc, in the opposite half.
            int sx = cx < size / 2 ? size - 9 : 3, sy = cy < size / 2 ? size - 9 : 3;
            for (int y = sy; y < sy + 6; y++)
                for (int x = sx; x < sx + 6; x++)
                    pixels[y * size + x] = 20;
            if (label == 1)
            {
                for (int y = cy - Radius; y <= cy + Radius; y++)
                    for (int x = cx - Radius; x <= cx + Radius; x++)
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= Radius * Radius) pixels[y * size + x] = 245;
            }
            var micrograph = new ArrayPixelSource(pixels, size, size).ToMicrograph($"disc{n}.png", ChannelRole.PhaseContrast);
            sources.Add(micrograph);
            tiles.Add(new Tile(n, micrograph, 0, new PixelRect(0, 0, size, size), label));
        }
        return (new TileSet(tiles, sources, size, size, EdgePolicy.Drop, TileTarget.Label, classCount: 2), centres);
    }
}
