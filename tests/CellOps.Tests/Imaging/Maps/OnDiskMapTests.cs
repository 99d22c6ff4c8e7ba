using CellOps.Imaging.Formats;
using CellOps.Imaging.Maps;
using CellOps.Runtime.Inference;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Imaging.Maps;

/// <summary>Maps of whole slides are assembled band by band into a file: the same map as in memory, read by rows.</summary>
public sealed class OnDiskMapTests : IDisposable
{
    private const int K = 3;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // Overlapping 16×16 tiles every 8 px over a 61×45 image (edge tiles reach past it), random distributions.
    private static PredictionResult Overlapping(int grid = 0)
    {
        var image = new ArrayPixelSource(Enumerable.Range(0, 61 * 45).Select(i => (byte)(i * 7)).ToArray(), 61, 45).ToMicrograph("slide.png");
        var random = new Random(11);
        var tiles = new List<Tile>();
        for (int y = -4; y < 45; y += 8)
            for (int x = -4; x < 61; x += 8)
                tiles.Add(new Tile(tiles.Count, image, 0, new PixelRect(x, y, 16, 16)));
        int cellsPerTile = Math.Max(1, grid * grid);
        var cells = new float[tiles.Count * cellsPerTile * K];
        for (int i = 0; i < cells.Length; i += K)
        {
            float a = (float)random.NextDouble(), b = (float)random.NextDouble(), c = (float)random.NextDouble();
            float sum = a + b + c;
            (cells[i], cells[i + 1], cells[i + 2]) = (a / sum, b / sum, c / sum);
        }
        var probabilities = new float[tiles.Count * K];
        for (int t = 0; t < tiles.Count; t++)
            for (int cell = 0; cell < cellsPerTile; cell++)
                for (int k = 0; k < K; k++)
                    probabilities[t * K + k] += cells[(t * cellsPerTile + cell) * K + k] / cellsPerTile;
        var output = new PredictionOutput(probabilities, K, Enumerable.Repeat(-1, tiles.Count).ToArray(), null, tiles.Count)
        {
            Cells = grid > 0 ? cells : null,
            Grid = grid,
        };
        return PredictionResult.Create("Test.Model", tiles, output, ["a", "b", "c"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void A_map_built_band_by_band_on_disk_equals_the_one_built_in_memory(int grid)
    {
        var result = Overlapping(grid);
        using var inMemory = Assert.Single(result.ToProbabilityMaps());
        // A threshold of 100 pixels puts this 61×45 map on disk, in bands of at least one tile's height.
        using var onDisk = Assert.Single(result.ToProbabilityMaps(inMemoryPixels: 100));

        Assert.False(inMemory.OnDisk);
        Assert.True(onDisk.OnDisk);
        for (int k = 0; k < K; k++) Assert.Equal(inMemory.Plane(k).ToArray(), onDisk.Plane(k).ToArray());
        Assert.Equal(inMemory.Coverage.ToArray(), onDisk.Coverage.ToArray());
        Assert.Equal(inMemory.LabelMap(), onDisk.LabelMap());
        Assert.Equal(inMemory.AreaFraction(2), onDisk.AreaFraction(2), 12);
        Assert.Equal(inMemory.CoveredFraction, onDisk.CoveredFraction, 12);
    }

    [Fact]
    public void Rows_read_from_a_band_boundary_match_the_whole_plane()
    {
        using var map = Assert.Single(Overlapping().ToProbabilityMaps(inMemoryPixels: 100));
        var plane = map.Plane(1).ToArray();
        var rows = new float[61 * 7];
        map.ReadRows(1, 20, 7, rows);
        Assert.Equal(plane.AsSpan(20 * 61, 7 * 61).ToArray(), rows);
    }

    [Fact]
    public void The_virtual_stain_of_an_on_disk_map_is_the_same_files_as_of_the_map_in_memory()
    {
        var result = Overlapping();
        using var inMemory = Assert.Single(result.ToProbabilityMaps());
        using var onDisk = Assert.Single(result.ToProbabilityMaps(inMemoryPixels: 100));
        var a = VirtualStainFiles.ForStem(_folder.File("memory"), K);
        var b = VirtualStainFiles.ForStem(_folder.File("disk"), K);

        var stainA = VirtualStainWriter.Write(inMemory, a);
        var stainB = VirtualStainWriter.Write(onDisk, b);

        Assert.Equal(stainA.PositiveArea, stainB.PositiveArea, 12);
        Assert.Equal(1, stainB.OverlayScale);
        Assert.Equal(Pixels(a.Probability, K), Pixels(b.Probability, K));
        Assert.Equal(Pixels(a.Stain, 1), Pixels(b.Stain, 1));
        Assert.Equal(File.ReadAllBytes(a.Overlay), File.ReadAllBytes(b.Overlay));
    }

    [Fact]
    public void The_overlay_of_an_image_too_large_to_draw_whole_is_a_reduced_overview_with_its_scale()
    {
        // 4200×4100 is just over the 4096×4096 an overlay is drawn at: it is drawn at half size.
        const int width = 4200, height = 4100;
        var image = new ArrayPixelSource(new byte[width * height], width, height).ToMicrograph("slide.png");
        var tile = new Tile(0, image, 0, new PixelRect(0, 0, 2100, 4100));
        var output = new PredictionOutput([0.1f, 0.9f], 2, [-1], null, 1);
        var result = PredictionResult.Create("Test.Model", [tile], output, ["negative", "positive"]);
        using var map = Assert.Single(result.ToProbabilityMaps());
        Assert.True(map.OnDisk);
        var files = VirtualStainFiles.ForStem(_folder.File("slide"), 2);

        var stain = VirtualStainWriter.Write(map, files);

        Assert.Equal(2, stain.OverlayScale);
        var overlay = MicrographLoader.Load(files.Overlay);
        Assert.Equal((2100, 2050), (overlay.Width, overlay.Height));
        var stained = MicrographLoader.Load(files.Stain);
        Assert.Equal((width, height), (stained.Width, stained.Height));
        Assert.Equal(1.0, stain.PositiveArea, 12);
        // The left half is tinted, the right half (no prediction) is not.
        var rgb = new byte[3 * 2100 * 2050];
        using (var source = overlay.OpenPixels()) source.ReadRegion(0, new PixelRect(0, 0, 2100, 2050), rgb);
        int left = (1000 * 2100 + 500), right = (1000 * 2100 + 1600);
        Assert.NotEqual(rgb[left], rgb[2 * 2100 * 2050 + left]);
        Assert.Equal(rgb[right], rgb[2 * 2100 * 2050 + right]);
    }

    private static float[] Pixels(string path, int maxPages)
    {
        var micrograph = MicrographLoader.Load(path);
        var values = new float[micrograph.Width * micrograph.Height * micrograph.ChannelCount * micrograph.FrameCount];
        using var source = micrograph.OpenPixels();
        int plane = micrograph.Width * micrograph.Height * micrograph.ChannelCount;
        for (int f = 0; f < micrograph.FrameCount; f++)
            source.ReadRegion(f, new PixelRect(0, 0, micrograph.Width, micrograph.Height), values.AsSpan(f * plane, plane));
        return values;
    }
}

/// <summary>A map built from tiles as they come, rows written out as soon as no later tile reaches them.</summary>
public sealed class MapStreamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Tiles_streamed_top_to_bottom_give_the_map_assembled_whole(int grid)
    {
        var image = new ArrayPixelSource(new byte[53 * 71], 53, 71).ToMicrograph("slide.png");
        var random = new Random(5);
        var whole = new MapAssembler(53, 71, 2);
        // Forced onto disk with bands of twice the tile height: the window slides many times.
        using var stream = new MapStream(53, 71, 2, tileHeight: 12, inMemoryPixels: 0);
        for (int y = -6; y < 71; y += 5)
            for (int x = -6; x < 53; x += 7)
            {
                var values = Enumerable.Range(0, grid * grid).SelectMany(_ => { float p = (float)random.NextDouble(); return new[] { p, 1 - p }; }).ToArray();
                whole.Add(new PixelRect(x, y, 12, 12), values, grid);
                stream.Add(new PixelRect(x, y, 12, 12), values, grid);
            }
        var expected = whole.Build(image, ["a", "b"]);

        using var streamed = stream.Finish(image, ["a", "b"]);

        Assert.True(streamed.OnDisk);
        for (int k = 0; k < 2; k++)
        {
            var a = expected.Plane(k).ToArray();
            var b = streamed.Plane(k).ToArray();
            for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 5);
        }
        Assert.Equal(expected.LabelMap(), streamed.LabelMap());
    }

    [Fact]
    public void A_tile_above_one_already_added_is_refused()
    {
        using var stream = new MapStream(20, 20, 2, tileHeight: 4, inMemoryPixels: 0);
        stream.Add(new PixelRect(0, 8, 4, 4), [0.5f, 0.5f]);
        var error = Assert.Throws<InvalidOperationException>(() => stream.Add(new PixelRect(0, 4, 4, 4), [0.5f, 0.5f]));
        Assert.Contains("top to bottom", error.Message);
    }

    [Fact]
    public void A_result_hands_out_shared_copies_of_maps_it_was_given_so_disposing_one_keeps_the_map()
    {
        var image = new ArrayPixelSource(new byte[16 * 16], 16, 16).ToMicrograph("slide.png");
        var tile = new Tile(0, image, 0, new PixelRect(0, 0, 16, 16));
        using var stream = new MapStream(16, 16, 2, 16, inMemoryPixels: 0);
        stream.Add(tile.Rect, [0.2f, 0.8f, 0.6f, 0.4f, 0.1f, 0.9f, 0.7f, 0.3f], 2);
        var map = stream.Finish(image, ["a", "b"]);
        var output = new PredictionOutput([0.4f, 0.6f], 2, [-1], null, 1) { Grid = 2 };

        var result = PredictionResult.Create("Test.Dense", [tile], output, ["a", "b"], maps: [map]);

        Assert.True(result.MapsBuilt);
        Assert.Equal("2×2 cells per tile", result.MapCoverage);
        using (var first = Assert.Single(result.ToProbabilityMaps())) Assert.Equal(0.8f, first.Plane(1)[0], 6);
        using (var again = Assert.Single(result.ToProbabilityMaps())) Assert.Equal(0.9f, again.Plane(1)[15 * 16], 6);
        var saving = Assert.Throws<NotSupportedException>(() => PredictionFile.Write(Path.Combine(Path.GetTempPath(), $"never-{Guid.NewGuid():N}.json"), [result]));
        Assert.Contains("Split-Micrograph", saving.Message);
    }
}
