using System.Globalization;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// Runs of consecutive pages that agree in width, height, pixel type and channel count. A file whose
/// pages all agree is one series, read as frames; a file whose pages change shape part-way (a
/// thumbnail page before the image, an overview and then its fields) holds several, each of which
/// can be read as an image of its own.
/// </summary>
internal static class TiffSeries
{
    /// <summary>Splits <paramref name="pages"/> into series, in file order.</summary>
    public static List<TiffPage[]> Split(IReadOnlyList<TiffPage> pages)
    {
        var series = new List<TiffPage[]>();
        var current = new List<TiffPage>();
        foreach (var page in pages)
        {
            if (current.Count > 0 && !Agree(current[0], page))
            {
                series.Add(current.ToArray());
                current.Clear();
            }
            current.Add(page);
        }
        if (current.Count > 0) series.Add(current.ToArray());
        return series;
    }

    /// <summary>Whether two pages can be frames of one image.</summary>
    public static bool Agree(TiffPage a, TiffPage b) =>
        a.OutputWidth == b.OutputWidth && a.OutputHeight == b.OutputHeight && a.PixelType == b.PixelType && a.ChannelCount == b.ChannelCount;

    /// <summary>The one-based page numbers of <paramref name="pages"/> as ranges: "4-6", "1, 3, 5", "2".</summary>
    public static string PageNumbers(IEnumerable<TiffPage> pages)
    {
        var numbers = pages.Select(p => p.Index + 1).ToArray();
        var parts = new List<string>();
        for (int i = 0; i < numbers.Length;)
        {
            int j = i;
            while (j + 1 < numbers.Length && numbers[j + 1] == numbers[j] + 1) j++;
            parts.Add(j == i
                ? numbers[i].ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{numbers[i]}-{numbers[j]}"));
            i = j + 1;
        }
        return string.Join(", ", parts);
    }

    /// <summary>What sets the series apart: "size", "channel count", "pixel type", joined with "and".</summary>
    public static string Differences(IReadOnlyList<TiffPage[]> series)
    {
        var first = series[0][0];
        var what = new List<string>();
        if (series.Any(s => s[0].OutputWidth != first.OutputWidth || s[0].OutputHeight != first.OutputHeight)) what.Add("size");
        if (series.Any(s => s[0].ChannelCount != first.ChannelCount)) what.Add("channel count");
        if (series.Any(s => s[0].PixelType != first.PixelType)) what.Add("pixel type");
        return what.Count switch
        {
            0 => "shape",
            1 => what[0],
            _ => string.Join(", ", what.Take(what.Count - 1)) + " and " + what[^1],
        };
    }
}
