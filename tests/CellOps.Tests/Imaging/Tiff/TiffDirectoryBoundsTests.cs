using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>A directory entry that claims more values than the file holds is refused before LibTiff allocates them.</summary>
[Collection(TiffConsoleCollection.Name)]
public sealed class TiffDirectoryBoundsTests
{
    [Fact]
    public void A_readable_hand_made_file_opens()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("small.tif");
        File.WriteAllBytes(path, HandMadeTiff.Small(new HandMadeTiff.Entry(270, 2, 4, 0x00636261)));
        using var image = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal(8, image.Width);
    }

    [Fact]
    public void An_entry_claiming_a_hundred_million_values_is_Corrupt_naming_the_tag_and_costs_no_memory()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("huge-count.tif");
        File.WriteAllBytes(path, HandMadeTiff.Small(new HandMadeTiff.Entry(270, 2, 100_000_000, 8)));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<MicrographReadException>(() => TiffImageFile.Open(path, ImageReadOptions.Default).Dispose());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(MicrographReadFailure.Corrupt, error.Failure);
        Assert.Contains("IMAGEDESCRIPTION tag (270)", error.Message);
        Assert.Contains("100,000,000 values", error.Message);
        Assert.True(allocated < 4 << 20, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void An_entry_whose_values_lie_past_the_end_is_Corrupt_naming_the_tag()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("past-end.tif");
        // 16 SHORTs fit in the file's length but start past its end.
        File.WriteAllBytes(path, HandMadeTiff.Small(new HandMadeTiff.Entry(291, 3, 16, 1_000_000)));

        var error = Assert.Throws<MicrographReadException>(() => TiffImageFile.Open(path, ImageReadOptions.Default).Dispose());
        Assert.Equal(MicrographReadFailure.Corrupt, error.Failure);
        Assert.Contains("GRAYRESPONSECURVE tag (291)", error.Message);
        Assert.Contains("past the end", error.Message);
    }
}
