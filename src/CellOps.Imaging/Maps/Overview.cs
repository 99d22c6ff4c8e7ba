using CellOps.Imaging.Measurement;
using CellOps.Imaging.Sheets;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Maps;

/// <summary>
/// A reduced picture of an image too large to show whole (a whole slide): every block of
/// <see cref="Factor"/>×<see cref="Factor"/> pixels averaged into one, read a band of rows at a time so that
/// only the reduced image and one band are ever in memory.
/// </summary>
public sealed class Overview
{
    /// <summary>Pictures of at most this many pixels (4096 × 4096) are drawn; larger images are reduced to fit.</summary>
    public const long MaxPixels = 1L << 24;

    private Overview(int factor, int width, int height)
    {
        Factor = factor;
        Width = width;
        Height = height;
    }

    /// <summary>How many source pixels, each way, one overview pixel averages (1: the image as it is).</summary>
    public int Factor { get; }

    /// <summary>Overview width: the source width divided by <see cref="Factor"/>, rounded up.</summary>
    public int Width { get; }

    /// <summary>Overview height.</summary>
    public int Height { get; }

    /// <summary>The reduction for an image of <paramref name="width"/>×<paramref name="height"/>: the smallest factor that brings it within <see cref="MaxPixels"/>.</summary>
    public static Overview For(int width, int height)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), "An image needs a positive size.");
        int factor = 1;
        while ((long)Ceiling(width, factor) * Ceiling(height, factor) > MaxPixels) factor++;
        return new Overview(factor, Ceiling(width, factor), Ceiling(height, factor));
    }

    /// <summary>The micrograph's frame as 8-bit RGB at this reduction, by CellOps' display rule (<see cref="DisplayScale"/>).</summary>
    /// <exception cref="MicrographReadException">The micrograph cannot be read.</exception>
    public byte[] Render(Micrograph micrograph, int frame)
    {
        ArgumentNullException.ThrowIfNull(micrograph);
        int channels = micrograph.ChannelCount >= 3 ? 3 : 1;
        var planes = new float[channels][];
        for (int c = 0; c < channels; c++) planes[c] = new float[Width * Height];
        using (var pixels = micrograph.OpenPixels())
        {
            int all = pixels.ChannelCount;
            var band = new float[checked(micrograph.Width * Factor * all)];
            for (int oy = 0; oy < Height; oy++)
            {
                int top = oy * Factor, rows = Math.Min(Factor, micrograph.Height - top);
                int area = micrograph.Width * rows;
                pixels.ReadRegion(Math.Min(frame, pixels.FrameCount - 1), new PixelRect(0, top, micrograph.Width, rows),
                    System.Runtime.InteropServices.MemoryMarshal.AsBytes(band.AsSpan(0, area * all)));
                for (int c = 0; c < channels; c++) Reduce(band.AsSpan(c * area, area), micrograph.Width, rows, planes[c].AsSpan(oy * Width, Width));
            }
        }
        var rgb = new byte[checked(Width * Height * 3)];
        for (int c = 0; c < 3; c++)
        {
            var plane = planes[channels == 3 ? c : 0];
            DisplayScale.Apply(micrograph, plane, rgb, 3, c);
        }
        return rgb;
    }

    /// <summary>One class plane of a map (or, with <paramref name="classIndex"/> = K, its coverage) at this reduction: block means.</summary>
    public float[] Reduce(ProbabilityMap map, int classIndex)
    {
        ArgumentNullException.ThrowIfNull(map);
        var reduced = new float[Width * Height];
        var band = new float[checked(map.Width * Factor)];
        for (int oy = 0; oy < Height; oy++)
        {
            int top = oy * Factor, rows = Math.Min(Factor, map.Height - top);
            var span = band.AsSpan(0, map.Width * rows);
            if (classIndex == map.ClassCount) map.ReadCoverageRows(top, rows, span);
            else map.ReadRows(classIndex, top, rows, span);
            Reduce(span, map.Width, rows, reduced.AsSpan(oy * Width, Width));
        }
        return reduced;
    }

    /// <summary>
    /// The source row (or column) that overview row (or column) <paramref name="index"/> shows where pixels are
    /// sampled rather than averaged (classes have no mean): the middle of its block, within an image
    /// <paramref name="extent"/> pixels that way.
    /// </summary>
    public int SampledAt(int index, int extent) => Math.Min(extent - 1, index * Factor + Factor / 2);

    /// <summary>
    /// True classes at this reduction, each overview pixel the class at the middle of its block (<see cref="SampledAt"/>).
    /// Every row is read, a band at a time, so a label image's values are all checked as in a whole read.
    /// </summary>
    /// <exception cref="ArgumentException">The truth is not of the size this overview reduces.</exception>
    /// <exception cref="MicrographReadException">The label image cannot be read.</exception>
    public byte[] Sample(TruthRows truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        Fits(truth.Width, truth.Height, "truth");
        var reduced = new byte[Width * Height];
        int bandRows = Math.Clamp((1 << 20) / truth.Width, 1, truth.Height);
        var band = new byte[bandRows * truth.Width];
        int oy = 0;
        for (int top = 0; top < truth.Height; top += bandRows)
        {
            int rows = Math.Min(bandRows, truth.Height - top);
            truth.ReadRows(top, rows, band);
            for (; oy < Height && SampledAt(oy, truth.Height) < top + rows; oy++)
                SampleRow(band.AsSpan((SampledAt(oy, truth.Height) - top) * truth.Width, truth.Width), reduced.AsSpan(oy * Width, Width));
        }
        return reduced;
    }

    /// <summary>
    /// The most probable class of each overview pixel (see <see cref="ProbabilityMap.LabelRows"/>), sampled as
    /// <see cref="Sample"/>; only the sampled rows of the map are read. At a factor of 1, the map's whole label map.
    /// </summary>
    /// <exception cref="ArgumentException">The map is not of the size this overview reduces.</exception>
    public byte[] Labels(ProbabilityMap map, byte uncovered = ProbabilityMap.UncoveredLabel)
    {
        ArgumentNullException.ThrowIfNull(map);
        Fits(map.Width, map.Height, "map");
        if (Factor == 1) return map.LabelMap(uncovered);
        var reduced = new byte[Width * Height];
        var row = new byte[map.Width];
        for (int oy = 0; oy < Height; oy++)
        {
            map.LabelRows(SampledAt(oy, map.Height), 1, row, uncovered);
            SampleRow(row, reduced.AsSpan(oy * Width, Width));
        }
        return reduced;
    }

    private void SampleRow(ReadOnlySpan<byte> source, Span<byte> row)
    {
        for (int ox = 0; ox < Width; ox++) row[ox] = source[SampledAt(ox, source.Length)];
    }

    private void Fits(int width, int height, string what)
    {
        if (Ceiling(width, Factor) != Width || Ceiling(height, Factor) != Height)
            throw new ArgumentException($"A {width}×{height} {what} does not reduce by {Factor} to this {Width}×{Height} overview.", what);
    }

    /// <summary>The pixel size of the overview: the source's times <see cref="Factor"/>.</summary>
    public PixelSize? Scale(PixelSize? pixelSize) =>
        pixelSize is null || Factor == 1 ? pixelSize : pixelSize with { X = pixelSize.X * Factor, Y = pixelSize.Y * Factor };

    // Block means of a band of rows into one overview row; non-finite samples are left out.
    private void Reduce(ReadOnlySpan<float> band, int sourceWidth, int rows, Span<float> row)
    {
        for (int ox = 0; ox < Width; ox++)
        {
            int left = ox * Factor, columns = Math.Min(Factor, sourceWidth - left);
            double sum = 0;
            int n = 0;
            for (int y = 0; y < rows; y++)
            {
                var line = band.Slice(y * sourceWidth + left, columns);
                foreach (float v in line)
                {
                    if (!float.IsFinite(v)) continue;
                    sum += v;
                    n++;
                }
            }
            row[ox] = n == 0 ? 0 : (float)(sum / n);
        }
    }

    private static int Ceiling(int value, int factor) => (value + factor - 1) / factor;
}
