namespace CellOps.Sdk.Imaging;

/// <summary>One channel of a micrograph: its position, its name and what it shows.</summary>
/// <param name="Index">Zero-based channel index.</param>
/// <param name="Name">Channel name from the file's metadata or the user, or a generated one.</param>
/// <param name="Role">What the channel shows.</param>
public sealed record ChannelInfo(int Index, string Name, ChannelRole Role)
{
    /// <inheritdoc />
    public override string ToString() => Role == ChannelRole.Unknown ? Name : $"{Name} ({Role})";
}
