using CellOps.Imaging.Formats;
using CellOps.Runtime.Data;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Runtime;

[Collection(TorchCollection.Name)]
public sealed class DenseTargetsTests
{
    // A 4×4 label image, K = 3, ignore value 9:
    //   0 0 1 1
    //   0 9 1 1
    //   2 2 2 2
    //   2 2 9 9
    private static readonly byte[] Labels = { 0, 0, 1, 1, 0, 9, 1, 1, 2, 2, 2, 2, 2, 2, 9, 9 };

    private static Tile TileOver(byte[] labels, int side, PixelRect rect)
    {
        var image = new ArrayPixelSource(new byte[side * side], side, side).ToMicrograph("colony.png")
            .WithPair(new ArrayPixelSource(labels, side, side).ToMicrograph("colony-labels.png", ChannelRole.Label));
        return new Tile(0, image, 0, rect);
    }

    private static float[] Fill(DenseTargets targets, Tile tile, int transform = 0)
    {
        var values = new float[targets.ClassCount * targets.CellCount];
        targets.Fill(tile, transform, values);
        return values;
    }

    [Fact]
    public void Each_cell_gets_the_fractions_of_its_pixels_that_are_a_class()
    {
        using var targets = new DenseTargets(new[] { 1, 2 }, 4, new LabelCoding(3, 9), EdgePolicy.Drop);
        var values = Fill(targets, TileOver(Labels, 4, new PixelRect(0, 0, 4, 4)));

        Assert.Equal(5, targets.CellCount);
        // Layout K×S: class 0's five cells (1×1 grid, then the 2×2 cells row-major), then class 1's, then class 2's.
        // Whole tile: 13 pixels are a class: 3 of class 0, 4 of class 1, 6 of class 2.
        // Cells of 2×2: top-left 3 pixels (all 0); top-right 4 (all 1); bottom-left 4 (all 2); bottom-right 2 (both 2).
        var expected = new[]
        {
            3f / 13, 1, 0, 0, 0,
            4f / 13, 0, 1, 0, 0,
            6f / 13, 0, 0, 1, 1,
        };
        Assert.Equal(expected, values, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void A_cell_of_ignored_pixels_has_no_target_at_all()
    {
        var labels = (byte[])Labels.Clone();
        labels[10] = labels[11] = 9;   // the bottom-right 2×2 cell is now all ignored
        using var targets = new DenseTargets(new[] { 2 }, 4, new LabelCoding(3, 9), EdgePolicy.Drop);
        var values = Fill(targets, TileOver(labels, 4, new PixelRect(0, 0, 4, 4)));
        for (int c = 0; c < 3; c++) Assert.Equal(0f, values[c * 4 + 3]);
        Assert.Equal(1f, values[2 * 4 + 2]);
    }

    [Fact]
    public void The_targets_turn_with_the_tile()
    {
        using var targets = new DenseTargets(new[] { 2 }, 4, new LabelCoding(3, 9), EdgePolicy.Drop);
        var tile = TileOver(Labels, 4, new PixelRect(0, 0, 4, 4));
        // Transform 2 flips vertically: the rows of cells swap, so class 2 is on top and classes 0 and 1 below.
        var flipped = Fill(targets, tile, transform: 2);
        var expected = new float[]
        {
            0, 0, 1, 0,
            0, 0, 0, 1,
            1, 1, 0, 0,
        };
        Assert.Equal(expected, flipped);
    }

    [Fact]
    public void Padded_pixels_past_the_image_count_for_no_class()
    {
        // A 4×4 tile whose right half lies past a 2-wide image: only the left cells have targets.
        using var targets = new DenseTargets(new[] { 2 }, 4, new LabelCoding(3), EdgePolicy.Pad);
        var image = new ArrayPixelSource(new byte[8], 2, 4).ToMicrograph("narrow.png")
            .WithPair(new ArrayPixelSource(new byte[] { 1, 1, 1, 1, 1, 1, 1, 1 }, 2, 4).ToMicrograph("narrow-labels.png"));
        var values = Fill(targets, new Tile(0, image, 0, new PixelRect(0, 0, 4, 4)));
        Assert.Equal(new float[] { 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0 }, values);
    }

    [Fact]
    public void Grids_must_divide_the_tile_and_label_values_must_be_classes()
    {
        Assert.Throws<ArgumentException>(() => new DenseTargets(new[] { 3 }, 4, new LabelCoding(3), EdgePolicy.Drop));
        using var targets = new DenseTargets(new[] { 1 }, 4, new LabelCoding(2), EdgePolicy.Drop);
        var error = Assert.Throws<ArgumentException>(() => Fill(targets, TileOver(Labels, 4, new PixelRect(0, 0, 4, 4))));
        Assert.Contains("colony-labels.png", error.Message);
    }

    [Fact]
    public void A_batch_is_an_N_by_K_by_S_tensor()
    {
        using var targets = new DenseTargets(new[] { 1, 2 }, 4, new LabelCoding(3, 9), EdgePolicy.Drop);
        var tile = TileOver(Labels, 4, new PixelRect(0, 0, 4, 4));
        using var batch = targets.Targets(new[] { tile, tile }, TorchSharp.torch.CPU);
        Assert.Equal(new long[] { 2, 3, 5 }, batch.shape);
        Assert.Equal(1f, batch[1, 1, 2].item<float>());
    }
}
