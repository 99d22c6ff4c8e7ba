using CellOps.Imaging.Tiling;
using CellOps.Sdk.Tiling;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Imaging.Tiling;

public sealed class TileSetLimitTests
{
    [Fact]
    public void A_micrograph_that_would_give_more_tiles_than_a_set_holds_is_refused_before_any_tile_is_made()
    {
        var builder = new TileSetBuilder(new TilingOptions(64));
        long before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<TooManyTilesException>(() => builder.Add(ClaimedMicrograph.Of(200_000, 200_000)));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "no tiles or rectangles were made");
        Assert.Equal(9_765_625, error.TileCount);
        Assert.Equal(TileSetBuilder.MaxTiles, error.Limit);
        Assert.Contains("9,765,625 tiles", error.Message);
        Assert.Contains("-Stride", error.Message);
        Assert.Contains("Split-Micrograph", error.Message);
        Assert.Equal(0, builder.TileCount);
    }

}
