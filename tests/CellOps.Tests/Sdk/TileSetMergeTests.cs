using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Sdk;

public sealed class TileSetMergeTests
{
    // The properties a merge combines rather than takes from the first set.
    private static readonly string[] Combined = { nameof(TileSet.Tiles), nameof(TileSet.Sources), nameof(TileSet.Count), nameof(TileSet.ClassCounts) };

    private static TileSet Centres(string name, int[] labels, int classCount = 2, int stride = 8, int[]? labelValues = null,
        int? ignore = 128, string[]? classNames = null, EdgePolicy edge = EdgePolicy.Shift)
    {
        var micrograph = new ArrayPixelSource(new byte[16 * 16], 16, 16).ToMicrograph(name, ChannelRole.BrightField);
        var tiles = labels.Select((label, i) => new Tile(i, micrograph, 0, new PixelRect(i * 4 % 16, 0, 8, 8), label)).ToArray();
        return new TileSet(tiles, new[] { micrograph }, 8, stride, edge, TileTarget.CenterClass, classCount, ignore,
            classNames: classNames, labelValues: labelValues);
    }

    [Fact]
    public void A_merge_carries_every_property_of_the_sets_and_joins_their_tiles()
    {
        var a = Centres("a.png", new[] { 0, 1, 1 }, labelValues: new[] { 0, 255 }, classNames: new[] { "background", "cell" });
        var b = Centres("b.png", new[] { 1, 0 }, labelValues: new[] { 0, 255 }, classNames: new[] { "background", "cell" });

        var merged = TileSet.Merge(new[] { a, b });

        Assert.Equal(a.Tiles.Concat(b.Tiles), merged.Tiles);
        Assert.Equal(new[] { a.Sources[0], b.Sources[0] }, merged.Sources);
        Assert.Equal(new[] { 2, 3 }, merged.ClassCounts);
        // Read by reflection, so that a property added to TileSet later is checked without anyone remembering to.
        foreach (var property in typeof(TileSet).GetProperties().Where(p => !Combined.Contains(p.Name)))
        {
            if (property.Name == nameof(TileSet.Coding)) continue;
            Assert.True(Equals(property.GetValue(a), property.GetValue(merged)) ||
                        property.GetValue(a) is System.Collections.IEnumerable list &&
                        list.Cast<object>().SequenceEqual(((System.Collections.IEnumerable)property.GetValue(merged)!).Cast<object>()),
                $"{property.Name} was not carried");
        }
        Assert.Equal(new[] { 0, 255 }, merged.Coding!.Values);
        Assert.Equal(128, merged.Coding.IgnoreValue);
        Assert.Equal(new[] { 1, 2 }, a.ClassCounts);
    }

    [Fact]
    public void Sets_whose_label_values_differ_are_refused_with_both_values_named()
    {
        var a = Centres("a.png", new[] { 0, 1 }, labelValues: new[] { 0, 255 });
        var b = Centres("b.png", new[] { 0, 1 });

        var error = Assert.Throws<TileSetMismatchException>(() => TileSet.Merge(new[] { a, a, b }));
        Assert.Equal(nameof(TileSet.LabelValues), error.Property);
        Assert.Equal(2, error.Index);
        Assert.Contains("label values differ: the first set has 0, 255, set 3", error.Message);
        Assert.Contains("has none (the class indices)", error.Message);
    }

    [Theory]
    [InlineData(nameof(TileSet.IgnoreClass))]
    [InlineData(nameof(TileSet.ClassNames))]
    [InlineData(nameof(TileSet.EdgePolicy))]
    public void Sets_cut_or_labelled_otherwise_are_refused_naming_what_differs(string property)
    {
        var a = Centres("a.png", new[] { 0, 1 }, classNames: new[] { "x", "y" });
        var b = property switch
        {
            nameof(TileSet.IgnoreClass) => Centres("b.png", new[] { 0, 1 }, ignore: null, classNames: new[] { "x", "y" }),
            nameof(TileSet.ClassNames) => Centres("b.png", new[] { 0, 1 }, classNames: new[] { "y", "x" }),
            _ => Centres("b.png", new[] { 0, 1 }, classNames: new[] { "x", "y" }, edge: EdgePolicy.Pad),
        };
        Assert.Equal(property, Assert.Throws<TileSetMismatchException>(() => TileSet.Merge(new[] { a, b })).Property);
    }

    [Fact]
    public void Center_class_sets_whose_classes_are_their_indices_merge_to_the_larger_class_count()
    {
        var a = Centres("a.png", new[] { 0, 1 }, classCount: 2, stride: 8);
        var b = Centres("b.png", new[] { 2, 2, 0 }, classCount: 3, stride: 4);

        var merged = TileSet.Merge(new[] { a, b });
        Assert.Equal(3, merged.ClassCount);
        Assert.Equal(new[] { 2, 1, 2 }, merged.ClassCounts);
        Assert.Equal(8, merged.Stride);
    }

    [Fact]
    public void A_subset_keeps_the_sets_coding_and_counts_only_its_own_tiles()
    {
        var set = Centres("a.png", new[] { 0, 1, 1 }, labelValues: new[] { 0, 255 });
        var subset = set.WithTiles(set.Tiles.Where(t => t.Label == 1).ToArray(), set.Sources);
        Assert.Equal(2, subset.Count);
        Assert.Equal(new[] { 0, 2 }, subset.ClassCounts);
        Assert.Equal(new[] { 0, 255 }, subset.LabelValues);
        Assert.Equal(new[] { 1, 2 }, set.ClassCounts);
    }
}
