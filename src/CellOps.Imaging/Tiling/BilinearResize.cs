namespace CellOps.Imaging.Tiling;

/// <summary>
/// Resizes channel-planar images by bilinear interpolation with pixel centres aligned: output pixel x
/// samples the source at (x + ½)·W/w − ½, clamped to the image, so the image's corners map onto each
/// other and a constant image stays constant at any scale.
/// </summary>
public static class BilinearResize
{
    /// <summary>Resizes every plane of <paramref name="source"/> to <paramref name="width"/> × <paramref name="height"/>.</summary>
    /// <param name="source">Channel-planar samples (CHW), at least channels × sourceWidth × sourceHeight long.</param>
    /// <param name="sourceWidth">Source width in pixels.</param>
    /// <param name="sourceHeight">Source height in pixels.</param>
    /// <param name="channels">Number of planes.</param>
    /// <param name="width">Output width.</param>
    /// <param name="height">Output height.</param>
    /// <param name="destination">At least channels × width × height long; receives CHW samples.</param>
    /// <exception cref="ArgumentException">A size is not positive or a buffer is too short.</exception>
    public static void Resize(ReadOnlySpan<float> source, int sourceWidth, int sourceHeight, int channels,
        int width, int height, Span<float> destination)
    {
        if (sourceWidth <= 0 || sourceHeight <= 0 || width <= 0 || height <= 0 || channels <= 0)
        {
            throw new ArgumentException($"Sizes must be positive: {sourceWidth}×{sourceHeight} to {width}×{height}, {channels} channel(s).");
        }
        int sourceArea = checked(sourceWidth * sourceHeight), area = checked(width * height);
        if (source.Length < (long)sourceArea * channels) throw new ArgumentException("The source is shorter than its planes.", nameof(source));
        if (destination.Length < (long)area * channels) throw new ArgumentException("The destination is shorter than the resized planes.", nameof(destination));

        // Each output column (row) blends two source columns (rows); the pairs and weights are the
        // same for every row (column) and every plane, so they are worked out once.
        var (left, right, across) = Samples(sourceWidth, width);
        var (top, bottom, down) = Samples(sourceHeight, height);
        for (int c = 0; c < channels; c++)
        {
            var plane = source.Slice(c * sourceArea, sourceArea);
            var output = destination.Slice(c * area, area);
            for (int y = 0; y < height; y++)
            {
                var upper = plane.Slice(top[y] * sourceWidth, sourceWidth);
                var lower = plane.Slice(bottom[y] * sourceWidth, sourceWidth);
                float fy = down[y];
                var line = output.Slice(y * width, width);
                for (int x = 0; x < width; x++)
                {
                    float fx = across[x];
                    float a = upper[left[x]] + (upper[right[x]] - upper[left[x]]) * fx;
                    float b = lower[left[x]] + (lower[right[x]] - lower[left[x]]) * fx;
                    line[x] = a + (b - a) * fy;
                }
            }
        }
    }

    private static (int[] Low, int[] High, float[] Weight) Samples(int sourceLength, int length)
    {
        var low = new int[length];
        var high = new int[length];
        var weight = new float[length];
        double scale = (double)sourceLength / length;
        for (int i = 0; i < length; i++)
        {
            double position = Math.Clamp((i + 0.5) * scale - 0.5, 0, sourceLength - 1);
            int floor = (int)Math.Floor(position);
            low[i] = floor;
            high[i] = Math.Min(floor + 1, sourceLength - 1);
            weight[i] = (float)(position - floor);
        }
        return (low, high, weight);
    }
}
