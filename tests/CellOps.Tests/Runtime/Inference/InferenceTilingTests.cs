using CellOps.Runtime.Inference;
using CellOps.Sdk.Tiling;
using CellOps.Tests.Runtime.Packaging;
using Xunit;

namespace CellOps.Tests.Runtime.Inference;

public class InferenceTilingTests
{
    [Fact]
    public void A_tile_classifier_cuts_whole_tiles_edge_to_edge_labelled_only_where_every_micrograph_has_a_pair()
    {
        var manifest = PackageSamples.Manifest();

        var labelled = InferenceTiling.ForPrediction(manifest, null, labelled: true);
        var plain = InferenceTiling.ForPrediction(manifest, null, labelled: false);

        Assert.False(labelled.MapsPixels);
        Assert.Equal((64, 64, EdgePolicy.Drop, false), (labelled.Options.Size, labelled.Stride, labelled.Options.EdgePolicy, labelled.Options.Centered));
        Assert.Equal(TileTarget.Label, labelled.Options.Target);
        Assert.Equal(TileTarget.None, plain.Options.Target);
    }

    [Theory]
    [InlineData(TileTarget.CenterClass, null, 8)]
    [InlineData(TileTarget.ClassHistogram, null, 32)]
    [InlineData(TileTarget.ClassHistogram, 16, 16)]
    public void A_pixel_model_cuts_centred_reflected_tiles_every_stride(TileTarget target, int? stride, int expected)
    {
        var manifest = PackageSamples.Manifest(target: target);

        var tiling = InferenceTiling.ForPrediction(manifest, stride, labelled: false);

        Assert.True(tiling.MapsPixels);
        Assert.Equal(expected, tiling.Stride);
        Assert.Equal((expected, true, EdgePolicy.Reflect), (tiling.Options.Stride, tiling.Options.Centered, tiling.Options.EdgePolicy));
    }

    [Fact]
    public void A_stride_wider_than_the_tile_is_refused_where_it_would_leave_gaps()
    {
        var manifest = PackageSamples.Manifest(target: TileTarget.CenterClass);

        var error = Assert.Throws<ArgumentException>(() => InferenceTiling.ForPrediction(manifest, 65, labelled: false));
        Assert.Contains("-Stride 64 or less", error.Message);
        Assert.Throws<ArgumentException>(() => InferenceTiling.TranslationStride(manifest, 100));
        Assert.Equal(32, InferenceTiling.TranslationStride(manifest, null));
        // A tile classifier's stride is its tile: a wider one asked for changes nothing.
        Assert.Equal(64, InferenceTiling.ForPrediction(PackageSamples.Manifest(), 65, labelled: false).Stride);
    }
}

public class MapStreamsTests
{
    [Fact]
    public void A_dense_model_builds_maps_while_predicting_only_for_a_large_single_frame_micrograph()
    {
        var dense = PackageSamples.Manifest(target: TileTarget.ClassHistogram, grids: [1, 2]);
        var slide = new CellOps.Imaging.Formats.ArrayPixelSource(new byte[4100 * 4100], 4100, 4100).ToMicrograph("slide");
        var stack = new CellOps.Imaging.Formats.ArrayPixelSource(new byte[4100 * 4100 * 2], 4100, 4100, frames: 2).ToMicrograph("stack");
        var field = new CellOps.Imaging.Formats.ArrayPixelSource(new byte[512 * 512], 512, 512).ToMicrograph("field");
        TileSet Cut(CellOps.Sdk.Imaging.Micrograph m) => CellOps.Imaging.Tiling.TileSetBuilder.Build([m], new CellOps.Imaging.Tiling.TilingOptions(64) { Stride = 64 });

        Assert.True(MapStreams.Needed(dense, Cut(slide)));
        // A stack's frames each start again at the top; a field's map is small; a tile classifier keeps no cells.
        Assert.False(MapStreams.Needed(dense, Cut(stack)));
        Assert.False(MapStreams.Needed(dense, Cut(field)));
        Assert.False(MapStreams.Needed(PackageSamples.Manifest(), Cut(slide)));
    }
}
