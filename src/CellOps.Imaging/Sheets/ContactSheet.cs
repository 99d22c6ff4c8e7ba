using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Sheets;

/// <summary>
/// A grid of small images on a white ground, one group (a class) per band of rows, for looking at
/// many samples at once: every image resized to one cell size, the groups in the order given, each
/// starting on a new row.
/// </summary>
public static class ContactSheet
{
    /// <summary>Composes the sheet.</summary>
    /// <param name="groups">The micrographs, group by group.</param>
    /// <param name="columns">Images per row.</param>
    /// <param name="cell">Side of each image on the sheet, in pixels.</param>
    /// <param name="gap">White pixels between images (and around the sheet).</param>
    /// <param name="groupGap">Extra white pixels between groups.</param>
    /// <param name="captions">A caption per group (its class), written above its band; null for none.</param>
    /// <returns>RGB pixels, interleaved row by row, and the sheet's size.</returns>
    /// <exception cref="MicrographReadException">An image cannot be read.</exception>
    public static (byte[] Pixels, int Width, int Height) Compose(IReadOnlyList<IReadOnlyList<Micrograph>> groups, int columns, int cell,
        int gap = 2, int groupGap = 6, IReadOnlyList<string>? captions = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cell, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        ArgumentOutOfRangeException.ThrowIfNegative(groupGap);
        if (captions is not null && captions.Count != groups.Count)
            throw new ArgumentException($"{captions.Count} captions for {groups.Count} groups.", nameof(captions));
        var nonEmpty = groups.Where(g => g.Count > 0).ToArray();
        var titles = captions is null ? null : groups.Select((g, i) => (g, i)).Where(p => p.g.Count > 0).Select(p => captions[p.i]).ToArray();
        if (nonEmpty.Length == 0) throw new ArgumentException("A contact sheet needs at least one image.", nameof(groups));
        int caption = titles is null ? 0 : Formats.Caption.LineHeight(0.4);
        int widest = Math.Min(columns, nonEmpty.Max(g => g.Count));
        int rows = nonEmpty.Sum(g => (g.Count + columns - 1) / columns);
        int width = gap + widest * (cell + gap);
        int height = gap + rows * (cell + gap) + (nonEmpty.Length - 1) * groupGap + nonEmpty.Length * caption;
        var sheet = new byte[checked(width * height * 3)];
        Array.Fill(sheet, (byte)255);

        int top = gap;
        for (int g = 0; g < nonEmpty.Length; g++)
        {
            var group = nonEmpty[g];
            if (titles is not null)
            {
                Formats.Caption.Draw(sheet, width, height, gap + 1, top + caption - 6, titles[g], (0, 0, 0), 0.4);
                top += caption;
            }
            for (int i = 0; i < group.Count; i++)
            {
                int x = gap + (i % columns) * (cell + gap);
                int y = top + (i / columns) * (cell + gap);
                var (pixels, channels) = DisplayPixels.Read(group[i], 0, cell, cell);
                for (int row = 0; row < cell; row++)
                {
                    for (int col = 0; col < cell; col++)
                    {
                        int from = (row * cell + col) * channels, to = ((y + row) * width + x + col) * 3;
                        for (int c = 0; c < 3; c++) sheet[to + c] = pixels[from + (channels == 3 ? c : 0)];
                    }
                }
            }
            top += (group.Count + columns - 1) / columns * (cell + gap) + groupGap;
        }
        return (sheet, width, height);
    }
}
