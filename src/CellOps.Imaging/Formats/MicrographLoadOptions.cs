using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Formats;

/// <summary>How a file becomes a <see cref="Micrograph"/>: how to read it and what its channels are.</summary>
public sealed record MicrographLoadOptions
{
    /// <summary>The default: the file's own interpretation, channels of unknown role.</summary>
    public static MicrographLoadOptions Default { get; } = new();

    /// <summary>How the file is read.</summary>
    public ImageReadOptions Read { get; init; } = ImageReadOptions.Default;

    /// <summary>
    /// Zero-based indices of the file's channels to keep, in the order to keep them; empty keeps all.
    /// Roles and names then describe the kept channels.
    /// </summary>
    public IReadOnlyList<int> Channels { get; init; } = Array.Empty<int>();

    /// <summary>Roles of the channels: one for all channels, or one per channel. Empty leaves them unknown.</summary>
    public IReadOnlyList<ChannelRole> Roles { get; init; } = Array.Empty<ChannelRole>();

    /// <summary>Channel names, one per channel; empty keeps the file's names or generated ones.</summary>
    public IReadOnlyList<string> ChannelNames { get; init; } = Array.Empty<string>();
}
