using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Formats;

/// <summary>What <see cref="MicrographLoader.LoadChannels"/> learns of one file of a stack from its header.</summary>
internal sealed record StackedFile(
    string Path,
    string Format,
    int Width,
    int Height,
    PixelType PixelType,
    int FrameCount,
    int ChannelCount,
    IReadOnlyList<string?> ChannelNames,
    PixelSize? PixelSize,
    IReadOnlyDictionary<string, string> Metadata)
{
    public static StackedFile Describe(IImageFile file) => new(
        file.Path, file.Format, file.Width, file.Height, file.PixelType, file.FrameCount, file.ChannelCount,
        file.ChannelNames.ToArray(), file.PixelSize, file.Metadata);

    /// <summary>Names of the file's channels in a stack: the file's name without extension, followed
    /// by the channel's own name where the file has several channels (<c>overlay.Green</c>).</summary>
    public IEnumerable<string> DefaultNames()
    {
        string stem = System.IO.Path.GetFileNameWithoutExtension(Path);
        if (ChannelCount == 1)
        {
            yield return stem;
            yield break;
        }
        for (int c = 0; c < ChannelCount; c++)
        {
            yield return $"{stem}.{(c < ChannelNames.Count ? ChannelNames[c] : null) ?? MicrographLoader.DefaultName(c, ChannelCount, PixelType)}";
        }
    }

    /// <summary>Refuses <paramref name="other"/> where it cannot be stacked with this file (the first of the stack).</summary>
    /// <exception cref="MicrographReadException">A <see cref="MicrographReadFailure.Mismatch"/> naming <paramref name="other"/> and what differs.</exception>
    public void CheckMatches(StackedFile other)
    {
        string? difference =
            other.Width != Width || other.Height != Height ? $"is {other.Width}×{other.Height} but '{Path}' is {Width}×{Height}"
            : other.PixelType != PixelType ? $"has {other.PixelType} samples but '{Path}' has {PixelType}"
            : other.FrameCount != FrameCount ? $"has {other.FrameCount} frame(s) but '{Path}' has {FrameCount}"
            : null;
        if (difference is null) return;
        throw new MicrographReadException(other.Path, MicrographReadFailure.Mismatch,
            $"'{other.Path}' {difference}; files stacked as channels must have the same width, height, pixel type and frame count.");
    }

    /// <summary>Returns <paramref name="opened"/> (this file, opened again for its pixels) if it still has the
    /// shape it had when the stack was made; otherwise closes it and says so.</summary>
    public IPixelSource Expect(IPixelSource opened)
    {
        if (opened.Width == Width && opened.Height == Height && opened.PixelType == PixelType
            && opened.FrameCount == FrameCount && opened.ChannelCount == ChannelCount)
        {
            return opened;
        }
        var now = $"{opened.Width}×{opened.Height}, {opened.ChannelCount} channel(s) of {opened.PixelType}, {opened.FrameCount} frame(s)";
        opened.Dispose();
        throw new MicrographReadException(Path, MicrographReadFailure.Mismatch,
            $"'{Path}' has changed since it was imported: it is now {now}, was {Width}×{Height}, {ChannelCount} channel(s) of {PixelType}, {FrameCount} frame(s).");
    }
}
