using CellOps.Imaging.Fields;
using CellOps.Imaging.Formats;
using CellOps.Runtime.Data;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Runtime;

public sealed class HoldOutSplitTests
{
    // Twelve micrographs from four differentiation runs, three each, 16 tiles a micrograph.
    private static IReadOnlyList<Tile> FourRuns() =>
        BlobTiles.Create(micrographs: 12, metadata: m => new Dictionary<string, string> { ["Run"] = $"run{m % 4}" }).Tiles;

    private static HoldOutGrouping ByRun => HoldOutGrouping.ByMetadata("Run");

    private static string RunOf(Tile tile) => tile.Source.Metadata["Run"];

    [Fact]
    public void Every_tile_of_a_group_is_on_one_side_and_the_fraction_is_reached_with_whole_groups()
    {
        var tiles = FourRuns();
        foreach (double fraction in new[] { 0.1, 0.25, 0.3, 0.6 })
        {
            var split = ValidationSplit.Create(tiles, fraction, seed: 5, ByRun);

            var trainingRuns = split.Training.Select(RunOf).ToHashSet();
            var validationRuns = split.Validation.Select(RunOf).ToHashSet();
            Assert.Empty(trainingRuns.Intersect(validationRuns));
            Assert.Equal(tiles.Count, split.Training.Count + split.Validation.Count);
            // Whole runs of 48 tiles: the fewest that reach the fraction.
            int wanted = (int)Math.Ceiling(fraction * tiles.Count);
            Assert.Equal((wanted + 47) / 48 * 48, split.Validation.Count);
            Assert.Equal(validationRuns.Order(), split.ValidationGroups.Order());
            Assert.Equal(validationRuns.Count * 3, split.ValidationSources.Count);
            Assert.Equal("metadata 'Run'", split.Grouping);
        }
    }

    [Fact]
    public void The_same_seed_holds_out_the_same_groups_whatever_order_the_tiles_come_in()
    {
        var tiles = FourRuns();
        var first = ValidationSplit.Create(tiles, 0.25, seed: 9, ByRun);
        var reversed = ValidationSplit.Create(tiles.Reverse().ToArray(), 0.25, seed: 9, ByRun);
        Assert.Equal(first.ValidationGroups, reversed.ValidationGroups);
        Assert.Equal(first.Validation.Select(t => t.Index).Order(), reversed.Validation.Select(t => t.Index).Order());

        var drawn = Enumerable.Range(1, 12).Select(seed => Assert.Single(ValidationSplit.Create(tiles, 0.25, seed, ByRun).ValidationGroups)).ToHashSet();
        Assert.True(drawn.Count > 1, "other seeds hold out other runs");
    }

    [Fact]
    public void Series_of_one_file_sharing_its_path_are_held_out_alike_whatever_order_their_tiles_come_in()
    {
        var tiles = BlobTiles.Create(micrographs: 6).Tiles;
        var series = tiles.Select(t => t.Source).Distinct().ToDictionary(m => m, m =>
            new Micrograph($"scan#{m.Name[5..^4]}.tif", "/data/scan.tif", m.Width, m.Height, m.PixelType, m.FrameCount, m.Channels, m.PixelSize, m.Metadata, m.OpenPixels));
        var renamed = tiles.Select(t => new Tile(t.Index, series[t.Source], t.Frame, t.Rect, t.Label)).ToArray();
        for (int seed = 1; seed <= 6; seed++)
        {
            var first = ValidationSplit.Create(renamed, 0.3, seed);
            var reversed = ValidationSplit.Create(renamed.Reverse().ToArray(), 0.3, seed);
            Assert.Equal(first.ValidationSources.Select(m => m.Name).Order(), reversed.ValidationSources.Select(m => m.Name).Order());
        }
    }

    [Fact]
    public void A_script_like_grouping_sees_each_micrograph_once_and_can_group_by_anything()
    {
        var tiles = FourRuns();
        var asked = new List<Micrograph>();
        var byParity = new HoldOutGrouping("name parity", m =>
        {
            asked.Add(m);
            return (int.Parse(m.Name[5..^4], System.Globalization.CultureInfo.InvariantCulture) % 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        var split = ValidationSplit.Create(tiles, 0.2, seed: 3, byParity);
        Assert.Equal(12, asked.Count);
        Assert.Equal(12, asked.Distinct().Count());
        Assert.Equal(tiles.Count / 2, split.Validation.Count);
        Assert.All(split.Validation, t => Assert.Equal(split.ValidationGroups[0], (int.Parse(t.Source.Name[5..^4], System.Globalization.CultureInfo.InvariantCulture) % 2).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Fields_of_one_well_are_held_out_by_column()
    {
        var well = new ArrayPixelSource(new byte[256 * 128], 256, 128).ToMicrograph("well.png");
        var fields = MicrographFields.Split(well, 64);
        var tiles = fields.SelectMany(f => Enumerable.Range(0, 4).Select(k => (Field: f, Rect: new PixelRect(k % 2 * 32, k / 2 * 32, 32, 32))))
            .Select((t, i) => new Tile(i, t.Field, 0, t.Rect, i % 2))
            .ToArray();

        var split = ValidationSplit.Create(tiles, 0.25, seed: 2, HoldOutGrouping.ByMetadata(MicrographFields.FieldColumnKey));
        string column = Assert.Single(split.ValidationGroups);
        Assert.Equal(8, split.Validation.Count);
        Assert.All(split.Validation, t => Assert.Equal(column, t.Source.Metadata[MicrographFields.FieldColumnKey]));
        Assert.DoesNotContain(split.Training, t => t.Source.Metadata[MicrographFields.FieldColumnKey] == column);
    }

    [Fact]
    public void A_micrograph_without_the_key_is_named_and_a_single_group_is_refused()
    {
        var tiles = BlobTiles.Create(micrographs: 4, metadata: m => m == 2
            ? new Dictionary<string, string> { ["Well"] = "B2" }
            : new Dictionary<string, string> { ["run"] = $"r{m % 2}", ["Well"] = "B2" }).Tiles;

        var missing = Assert.Throws<HoldOutGroupException>(() => ValidationSplit.Create(tiles, 0.25, 1, ByRun));
        Assert.Equal("field2.png", missing.Micrograph.Name);
        Assert.Contains("'field2.png' has no group", missing.Message);
        Assert.Contains("metadata 'Run'", missing.Message);
        Assert.Contains("Well", missing.Message);

        var one = Assert.Throws<ArgumentException>(() => ValidationSplit.Create(tiles, 0.25, 1, HoldOutGrouping.ByMetadata("Well")));
        Assert.Contains("at least two groups", one.Message);
        Assert.Contains("'B2'", one.Message);

        // Without a split nothing is asked of the micrographs.
        Assert.Empty(ValidationSplit.Create(tiles, 0, 1, ByRun).Validation);
    }
}
