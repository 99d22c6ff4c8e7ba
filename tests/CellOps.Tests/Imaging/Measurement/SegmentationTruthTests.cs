using CellOps.Imaging.Formats;
using CellOps.Imaging.Measurement;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Imaging.Measurement;

/// <summary>A label image's true classes read a band of rows at a time are those of a whole read, checked alike.</summary>
public sealed class SegmentationTruthTests
{
    // Classes stored as 0, 128 and 200; 255 is "uncertain".
    private static readonly LabelCoding Coding = new(3, ignoreValue: 255, values: [0, 128, 200]);
    private static readonly byte[] Values = [0, 128, 200, 255];

    // A micrograph paired with a label image whose values follow a pattern of all four values.
    private static Micrograph Labelled(int width, int height, Action<byte[]>? spoil = null)
    {
        var labels = new byte[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                labels[y * width + x] = Values[Pattern(x, y)];
        spoil?.Invoke(labels);
        var pair = new ArrayPixelSource(labels, width, height).ToMicrograph("labels");
        return new ArrayPixelSource(new byte[width * height], width, height).ToMicrograph("cells").WithPair(pair);
    }

    private static int Pattern(int x, int y) => (x / 37 + y / 11 + x * y % 5) % 4;

    private static byte[] ByBands(TruthRows rows, int bandRows)
    {
        var all = new byte[rows.Width * rows.Height];
        for (int top = 0; top < rows.Height; top += bandRows)
        {
            int count = Math.Min(bandRows, rows.Height - top);
            rows.ReadRows(top, count, all.AsSpan(top * rows.Width, count * rows.Width));
        }
        return all;
    }

    [Fact]
    public void Rows_read_band_by_band_equal_the_whole_read_when_the_height_is_no_multiple_of_the_band()
    {
        // 1000 wide: the reader's strips are 262 rows, the caller's bands 100; 1061 is a multiple of neither.
        var micrograph = Labelled(1000, 1061);
        var truth = new SegmentationTruth(Coding);
        var whole = truth.Read(micrograph)!;
        using var rows = truth.Open(micrograph)!;

        Assert.Equal((1000, 1061), (rows.Width, rows.Height));
        Assert.Equal(whole, ByBands(rows, 100));
        Assert.Equal(whole, ByBands(rows, 1061));
        // The classes themselves: values 0, 128, 200 are classes 0 to 2, the ignore value becomes SegmentationTruth.Ignored.
        var expected = new byte[whole.Length];
        for (int i = 0; i < expected.Length; i++)
        {
            int value = Pattern(i % 1000, i / 1000);
            expected[i] = value == 3 ? SegmentationTruth.Ignored : (byte)value;
        }
        Assert.Equal(expected, whole);
    }

    [Fact]
    public void A_value_that_is_no_class_in_the_last_band_is_reported_with_the_file_and_its_coordinates()
    {
        var micrograph = Labelled(1000, 1061, labels => labels[1060 * 1000 + 13] = 77);
        var truth = new SegmentationTruth(Coding);
        string expected = $"The label image 'labels' holds the value 77 at (13, 1060); the class labels are {Coding.DescribeValues()}.";
        using var rows = truth.Open(micrograph)!;
        var band = new byte[1000 * 100];

        // Every band before it reads; the last one (rows 1000 to 1060) fails, naming the pixel.
        for (int top = 0; top < 1000; top += 100) rows.ReadRows(top, 100, band);
        var error = Assert.Throws<ArgumentException>(() => rows.ReadRows(1000, 61, band));
        Assert.Equal(expected, error.Message);
        Assert.Equal(expected, Assert.Throws<ArgumentException>(() => truth.Read(micrograph)).Message);
    }

    [Fact]
    public void A_micrograph_without_a_label_image_has_no_truth()
    {
        var cells = new ArrayPixelSource(new byte[10 * 11], 10, 11).ToMicrograph("cells");
        Assert.Null(new SegmentationTruth(Coding).Open(cells));
        Assert.Null(new SegmentationTruth(Coding).Read(cells));
    }

    [Fact]
    public void Rows_outside_the_image_or_a_short_destination_are_refused()
    {
        using var rows = TruthRows.FromClasses(new byte[12], 4, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.ReadRows(2, 2, new byte[8]));
        Assert.Throws<ArgumentException>(() => rows.ReadRows(0, 2, new byte[7]));
        Assert.Throws<ArgumentException>(() => TruthRows.FromClasses(new byte[11], 4, 3));
    }

    [Fact]
    public void Reading_a_label_image_by_rows_allocates_a_strip_not_the_image()
    {
        const int width = 2048, height = 8192;
        var micrograph = Labelled(width, height);
        var truth = new SegmentationTruth(Coding);
        var band = new byte[width * 64];
        using (var warm = truth.Open(micrograph)!) warm.ReadRows(0, 64, band);

        long before = GC.GetAllocatedBytesForCurrentThread();
        using (var rows = truth.Open(micrograph)!)
        {
            for (int top = 0; top < height; top += 64) rows.ReadRows(top, 64, band);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A whole read would take width × height bytes (16 MiB); the reader holds one strip of floats (1 MiB).
        Assert.True(allocated < (long)width * height / 8, $"{allocated} bytes allocated");
    }
}
