using CellOps.Imaging.Formats;
using CellOps.Imaging.Measurement;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Maps;

/// <summary>
/// One picture comparing dense predictions with the truth: a row per micrograph, and in each row the
/// micrograph, its true classes, then each model's map, under a header naming the columns. Class 0
/// is black and the others take the stain colours; ignored pixels are grey, pixels no prediction covered dark red.
/// </summary>
public static class SegmentationFigure
{
    private const int Gap = 6;
    private static readonly (byte R, byte G, byte B) Ignored = (128, 128, 128);
    private static readonly (byte R, byte G, byte B) Uncovered = (96, 0, 0);

    /// <summary>One row of the figure: a micrograph, its truth, and each model's label map.</summary>
    /// <param name="Micrograph">The micrograph.</param>
    /// <param name="Truth">
    /// True class per pixel (<see cref="SegmentationTruth.Ignored"/> for the ignore value), or null to leave the column empty:
    /// of every pixel, or, for a whole slide, at the micrograph's overview (<see cref="Overview.For"/>, <see cref="Overview.Sample"/>).
    /// </param>
    /// <param name="Predictions">
    /// Each model's label map (<see cref="ProbabilityMap.LabelMap"/>, or at the micrograph's overview: <see cref="Overview.Labels"/>), in column order.
    /// </param>
    public sealed record Row(Micrograph Micrograph, byte[]? Truth, IReadOnlyList<byte[]> Predictions);

    /// <summary>Composes the figure as interleaved RGB.</summary>
    /// <param name="rows">The rows; every micrograph is shown at the size of the first, sampled by nearest neighbour.</param>
    /// <param name="columnNames">Names of the prediction columns.</param>
    /// <param name="panelSize">Largest side of a panel in pixels; larger micrographs are shrunk.</param>
    /// <returns>The image and its size.</returns>
    /// <exception cref="ArgumentException">No rows, or a row whose maps do not match its micrograph or the column names.</exception>
    /// <exception cref="MicrographReadException">A micrograph cannot be read.</exception>
    public static (byte[] Rgb, int Width, int Height) Compose(IReadOnlyList<Row> rows, IReadOnlyList<string> columnNames, int panelSize = 384)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columnNames);
        if (rows.Count == 0) throw new ArgumentException("A figure needs at least one micrograph.", nameof(rows));
        if (panelSize < 16) throw new ArgumentOutOfRangeException(nameof(panelSize), panelSize, "Panels must be at least 16 pixels.");
        var first = rows[0].Micrograph;
        double shrink = Math.Min(1.0, (double)panelSize / Math.Max(first.Width, first.Height));
        int pw = Math.Max(1, (int)Math.Round(first.Width * shrink)), ph = Math.Max(1, (int)Math.Round(first.Height * shrink));
        int columns = 2 + columnNames.Count;
        int header = Caption.LineHeight();
        int width = columns * pw + (columns + 1) * Gap, height = header + rows.Count * ph + (rows.Count + 1) * Gap;
        var rgb = new byte[checked(width * height * 3)];
        Array.Fill(rgb, (byte)255);

        var names = new[] { "micrograph", "truth" }.Concat(columnNames).ToArray();
        for (int c = 0; c < columns; c++) Caption.Draw(rgb, width, height, Gap + c * (pw + Gap) + 2, header - 6, Shorten(names[c], pw), (0, 0, 0));

        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var m = row.Micrograph;
            if (row.Predictions.Count != columnNames.Count)
                throw new ArgumentException($"{m.Name} has {row.Predictions.Count} maps for {columnNames.Count} columns.", nameof(rows));
            int top = header + Gap + r * (ph + Gap);
            long area = (long)m.Width * m.Height;
            // A slide is drawn from its overview: the panel is far smaller than either.
            var overview = Overview.For(m.Width, m.Height);
            var picture = overview.Render(m, 0);
            Paste(rgb, width, Gap, top, pw, ph, overview.Width, overview.Height, i => (picture[i * 3], picture[i * 3 + 1], picture[i * 3 + 2]));
            if (row.Truth is { } truth)
            {
                var (tw, th) = SizeOf(truth.Length, m, overview)
                    ?? throw new ArgumentException($"The truth of {m.Name} has {truth.Length} pixels; the micrograph {area}{Reduced(overview)}.", nameof(rows));
                Paste(rgb, width, Gap + (pw + Gap), top, pw, ph, tw, th, i => ColourOf(truth[i]));
            }
            for (int p = 0; p < row.Predictions.Count; p++)
            {
                var labels = row.Predictions[p];
                var (lw, lh) = SizeOf(labels.Length, m, overview)
                    ?? throw new ArgumentException($"The map of {m.Name} for {columnNames[p]} has {labels.Length} pixels; the micrograph {area}{Reduced(overview)}.", nameof(rows));
                Paste(rgb, width, Gap + (2 + p) * (pw + Gap), top, pw, ph, lw, lh, i => ColourOf(labels[i]));
            }
        }
        return (rgb, width, height);
    }

    // A label picture is of every pixel or at the overview's reduction; its length tells which.
    private static (int Width, int Height)? SizeOf(int length, Micrograph m, Overview overview) =>
        length == (long)m.Width * m.Height ? (m.Width, m.Height)
        : length == (long)overview.Width * overview.Height ? (overview.Width, overview.Height)
        : null;

    private static string Reduced(Overview overview) => overview.Factor == 1 ? "" : $", its overview {overview.Width * overview.Height}";

    private static (byte R, byte G, byte B) ColourOf(byte label) => label switch
    {
        SegmentationTruth.Ignored => Ignored,
        ProbabilityMap.UncoveredLabel => Uncovered,
        0 => (0, 0, 0),
        _ => StainPalette.Of(label),
    };

    // Nearest-neighbour sampling of a sourceWidth×sourceHeight picture into a pw×ph panel.
    private static void Paste(byte[] rgb, int width, int left, int top, int pw, int ph, int sourceWidth, int sourceHeight,
        Func<int, (byte R, byte G, byte B)> pixel)
    {
        for (int y = 0; y < ph; y++)
        {
            int sy = Math.Min(sourceHeight - 1, (int)((y + 0.5) * sourceHeight / ph));
            int row = ((top + y) * width + left) * 3;
            for (int x = 0; x < pw; x++)
            {
                int sx = Math.Min(sourceWidth - 1, (int)((x + 0.5) * sourceWidth / pw));
                var (r, g, b) = pixel(sy * sourceWidth + sx);
                rgb[row + x * 3] = r;
                rgb[row + x * 3 + 1] = g;
                rgb[row + x * 3 + 2] = b;
            }
        }
    }

    // About 7 pixels per character at the header's scale.
    private static string Shorten(string name, int panelWidth)
    {
        int fits = Math.Max(4, panelWidth / 7);
        return name.Length <= fits ? name : name[..(fits - 1)] + "~";
    }
}
