namespace CellOps.Imaging.Formats;

/// <summary>How an image file is to be interpreted.</summary>
public sealed record ImageReadOptions
{
    private readonly int _series;

    /// <summary>The default interpretation.</summary>
    public static ImageReadOptions Default { get; } = new();

    /// <summary>Read the pages of a multi-page file as the channels of one frame rather than as frames.</summary>
    public bool PagesAsChannels { get; init; }

    /// <summary>
    /// Which series of pages to read (one-based), for a file whose pages change size, channel count or
    /// pixel type part-way (see <see cref="IImageFile.SeriesCount"/>); 0, the default, reads the file as
    /// one image and refuses such a file. A file of one series is the same image either way.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int Series
    {
        get => _series;
        init => _series = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Series), value, "The series is numbered from 1 (0 for the whole file).");
    }
}
