using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Tests.Runtime;

/// <summary>
/// Generated micrographs cut into tiles where about a third of the tiles hold a bright blob (label 1)
/// and the rest only noise (label 0): a task a tiny network learns in a few epochs. Micrograph m gets
/// the metadata <paramref name="metadata"/> gives for m, where given.
/// </summary>
internal static class BlobTiles
{
    public static TileSet Create(int micrographs = 6, int tilesPerSide = 4, int seed = 3, int size = TinyModel.TileSize,
        Func<int, IReadOnlyDictionary<string, string>>? metadata = null)
    {
        var random = new Random(seed);
        var tiles = new List<Tile>();
        var sources = new List<Micrograph>();
        int side = tilesPerSide * size;
        for (int m = 0; m < micrographs; m++)
        {
            var pixels = new byte[side * side];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(60 + random.Next(40));
            var labels = new int[tilesPerSide * tilesPerSide];
            for (int t = 0; t < labels.Length; t++)
            {
                if (random.NextDouble() >= 0.35) continue;
                labels[t] = 1;
                int cx = (t % tilesPerSide) * size + 4 + random.Next(size - 8);
                int cy = (t / tilesPerSide) * size + 4 + random.Next(size - 8);
                for (int y = cy - 2; y <= cy + 2; y++)
                    for (int x = cx - 2; x <= cx + 2; x++)
                        pixels[y * side + x] = 230;
            }
            var micrograph = new ArrayPixelSource(pixels, side, side).ToMicrograph($"field{m}.png", ChannelRole.PhaseContrast);
            if (metadata is not null)
            {
                var plain = micrograph;
                micrograph = new Micrograph(plain.Name, plain.Path, plain.Width, plain.Height, plain.PixelType, plain.FrameCount,
                    plain.Channels, plain.PixelSize, metadata(m), plain.OpenPixels);
            }
            sources.Add(micrograph);
            for (int t = 0; t < labels.Length; t++)
            {
                var rect = new PixelRect((t % tilesPerSide) * size, (t / tilesPerSide) * size, size, size);
                tiles.Add(new Tile(tiles.Count, micrograph, 0, rect, labels[t]));
            }
        }
        return new TileSet(tiles, sources, size, size, EdgePolicy.Drop, TileTarget.Label, classCount: 2);
    }
}
