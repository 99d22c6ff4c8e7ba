using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Imaging.Tiling;

public class WholeImageTilingTests
{
    private static readonly string[] Cells = { "Lymphocyte", "Neutrophil" };

    // A three-channel crop whose channels differ, so a mix-up of channels shows.
    private static Micrograph Crop(string name, int width, int height) =>
        TilingTestImages.Floats(width, height, (c, x, _) => 50 * c + x, channels: 3).ToMicrograph(name);

    private static TilingOptions Options => new(8) { WholeImage = true, Target = TileTarget.ImageClass, ClassNames = Cells };

    [Fact]
    public void Each_micrograph_becomes_one_resized_tile_with_every_channel_and_its_class()
    {
        var builder = new TileSetBuilder(Options);
        builder.Add(Crop("a.png", 32, 24), "neutrophil");
        builder.Add(Crop("b.png", 16, 16), "Lymphocyte");
        var set = builder.Build();

        Assert.True(set.WholeImages);
        Assert.Equal(new[] { 1, 0 }, set.Tiles.Select(t => t.Label));
        Assert.Equal(Cells, set.ClassNames);
        Assert.Equal(2, set.ClassCount);
        Assert.Equal(new[] { 1, 1 }, set.ClassCounts);
        Assert.All(set.Tiles, t =>
        {
            Assert.Equal(new PixelRect(0, 0, 8, 8), t.Rect);
            Assert.Equal((8, 8, 3), (t.Source.Width, t.Source.Height, t.Source.ChannelCount));
        });
        Assert.Equal("32×24", set.Tiles[0].Source.Metadata[WholeImage.ResizedFromKey]);

        // Channel c of the 16-wide crop is 50c + x; halved, column x samples 2x + ½.
        var pixels = new float[3 * 64];
        using (var source = set.Tiles[1].Source.OpenPixels()) source.ReadRegion(0, new PixelRect(0, 0, 8, 8), pixels);
        Assert.Equal(new[] { 0.5f, 2.5f, 50.5f, 52.5f, 100.5f, 102.5f },
            new[] { pixels[0], pixels[1], pixels[64], pixels[65], pixels[128], pixels[129] });
    }

    [Fact]
    public void A_class_that_is_not_among_the_class_names_leaves_the_micrograph_out_with_an_error()
    {
        var builder = new TileSetBuilder(Options);
        var ex = Assert.Throws<TilingException>(() => builder.Add(Crop("odd.png", 16, 16), "Basophil"));
        Assert.Contains("Basophil", ex.Message);
        Assert.Contains("Lymphocyte, Neutrophil", ex.Message);
        Assert.Equal(0, builder.TileCount);
        Assert.Throws<TilingException>(() => builder.Add(Crop("none.png", 16, 16)));
    }

    [Fact]
    public void Grid_tiles_take_the_class_of_their_micrograph_too()
    {
        var builder = new TileSetBuilder(new TilingOptions(8) { Target = TileTarget.ImageClass, ClassNames = Cells });
        builder.Add(Crop("a.png", 16, 8), "Neutrophil");
        var set = builder.Build();
        Assert.False(set.WholeImages);
        Assert.Equal(new[] { 1, 1 }, set.Tiles.Select(t => t.Label));
    }

    [Fact]
    public void Whole_image_tiles_refuse_grid_options_and_pair_targets()
    {
        Assert.Throws<ArgumentException>(() => new TileSetBuilder(new TilingOptions(8) { WholeImage = true, Stride = 4 }));
        Assert.Throws<ArgumentException>(() => new TileSetBuilder(new TilingOptions(8) { WholeImage = true, Target = TileTarget.Label }));
        Assert.Throws<ArgumentException>(() => new TileSetBuilder(new TilingOptions(8) { Target = TileTarget.ImageClass }));
        Assert.Throws<ArgumentException>(() => new TileSetBuilder(new TilingOptions(8) { Target = TileTarget.ImageClass, ClassNames = new[] { "a", "A" } }));
    }
}
