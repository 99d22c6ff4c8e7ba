namespace CellOps.Imaging.Formats;

/// <summary>How an image file is to be interpreted.</summary>
public sealed record ImageReadOptions
{
    /// <summary>The default interpretation.</summary>
    public static ImageReadOptions Default { get; } = new();

    /// <summary>Read the pages of a multi-page file as the channels of one frame rather than as frames.</summary>
    public bool PagesAsChannels { get; init; }
}
