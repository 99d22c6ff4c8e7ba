using CellOps.Runtime.Data;
using Xunit;

namespace CellOps.Tests.Runtime;

public sealed class DataTests
{
    [Fact]
    public void The_eight_dihedral_transforms_are_distinct_and_the_first_ones_are_flips()
    {
        float[] Transformed(int index)
        {
            var plane = Enumerable.Range(0, 9).Select(i => (float)i).ToArray();
            DihedralTransform.Apply(plane, 3, index, new float[9]);
            return plane;
        }

        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 }, Transformed(0));
        Assert.Equal(new float[] { 2, 1, 0, 5, 4, 3, 8, 7, 6 }, Transformed(1));
        Assert.Equal(new float[] { 6, 7, 8, 3, 4, 5, 0, 1, 2 }, Transformed(2));
        Assert.Equal(new float[] { 0, 3, 6, 1, 4, 7, 2, 5, 8 }, Transformed(4));
        var all = Enumerable.Range(0, 8).Select(i => string.Join(",", Transformed(i))).ToHashSet();
        Assert.Equal(8, all.Count);
    }

    [Fact]
    public void Transforms_apply_to_every_channel_plane()
    {
        var planes = new float[] { 0, 1, 2, 3, 10, 11, 12, 13 };
        DihedralTransform.Apply(planes, 2, 1, new float[4]);
        Assert.Equal(new float[] { 1, 0, 3, 2, 11, 10, 13, 12 }, planes);
    }

    [Fact]
    public void Validation_holds_out_whole_micrographs_repeatably()
    {
        var tiles = BlobTiles.Create(micrographs: 10).Tiles;
        var split = ValidationSplit.Create(tiles, 0.25, seed: 9);
        var again = ValidationSplit.Create(tiles, 0.25, seed: 9);

        var trainingSources = split.Training.Select(t => t.Source).ToHashSet();
        Assert.DoesNotContain(split.Validation, t => trainingSources.Contains(t.Source));
        Assert.Equal(tiles.Count, split.Training.Count + split.Validation.Count);
        Assert.InRange(split.Validation.Count, (int)Math.Ceiling(0.25 * tiles.Count), 0.25 * tiles.Count + 16);
        Assert.Equal(split.Validation.Select(t => t.Index), again.Validation.Select(t => t.Index));
        Assert.NotEqual(split.ValidationSources.Select(s => s.Name), ValidationSplit.Create(tiles, 0.25, seed: 10).ValidationSources.Select(s => s.Name));
    }

    [Fact]
    public void A_split_of_a_single_micrograph_is_refused_and_no_split_keeps_everything()
    {
        var tiles = BlobTiles.Create(micrographs: 1).Tiles;
        Assert.Contains("at least two micrographs", Assert.Throws<ArgumentException>(() => ValidationSplit.Create(tiles, 0.2, 1)).Message);
        var none = ValidationSplit.Create(tiles, 0, 1);
        Assert.Equal(tiles.Count, none.Training.Count);
        Assert.Empty(none.Validation);
    }

    [Fact]
    public void Balanced_class_weights_make_each_class_count_equally()
    {
        var tiles = BlobTiles.Create().Tiles;
        int positives = tiles.Count(t => t.Label == 1), negatives = tiles.Count - positives;
        var weights = ClassWeights.Balanced(tiles, 2);
        Assert.Equal(tiles.Count / (2.0 * negatives), weights[0], 5);
        Assert.Equal(tiles.Count / (2.0 * positives), weights[1], 5);
        Assert.Equal(weights[0] * negatives, weights[1] * positives, 3);
        Assert.Equal(0f, ClassWeights.Balanced(tiles, 3)[2]);
    }

    [Fact]
    public void The_fingerprint_changes_with_a_label_and_not_with_the_same_tiles()
    {
        var tiles = BlobTiles.Create().Tiles;
        Assert.Equal(TrainingFingerprint.Compute(tiles), TrainingFingerprint.Compute(BlobTiles.Create().Tiles));
        var flipped = tiles.Select((t, i) => i == 5 ? new CellOps.Sdk.Tiling.Tile(t.Index, t.Source, t.Frame, t.Rect, 1 - t.Label) : t).ToArray();
        Assert.NotEqual(TrainingFingerprint.Compute(tiles), TrainingFingerprint.Compute(flipped));
    }
}
