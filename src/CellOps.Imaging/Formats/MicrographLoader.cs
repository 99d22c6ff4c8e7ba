using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Formats;

/// <summary>Turns image files into <see cref="Micrograph"/> objects.</summary>
/// <remarks>
/// The file is opened once to learn its shape and validate its header, then closed: the micrograph
/// reopens it whenever pixels are needed, so a pipeline over many files holds no handles.
/// </remarks>
public static class MicrographLoader
{
    /// <summary>Describes the image at <paramref name="path"/> as a micrograph.</summary>
    /// <exception cref="MicrographReadException">The file cannot be read as an image.</exception>
    /// <exception cref="ArgumentException">The channel names or roles do not fit the file's channels.</exception>
    public static Micrograph Load(string path, MicrographLoadOptions? options = null)
    {
        options ??= MicrographLoadOptions.Default;
        var full = System.IO.Path.GetFullPath(path);
        var read = options.Read;
        using var file = ImageFiles.Open(full, read);

        var kept = KeptChannels(file, options);
        var channels = DescribeChannels(file, kept, options);
        var metadata = new Dictionary<string, string>(file.Metadata, StringComparer.OrdinalIgnoreCase)
        {
            ["Format"] = file.Format,
        };
        return new Micrograph(
            System.IO.Path.GetFileName(full),
            full,
            file.Width,
            file.Height,
            file.PixelType,
            file.FrameCount,
            channels,
            file.PixelSize,
            metadata,
            options.Channels.Count == 0
                ? () => ImageFiles.Open(full, read)
                : () => new ChannelSubsetSource(ImageFiles.Open(full, read), kept));
    }

    private static int[] KeptChannels(IImageFile file, MicrographLoadOptions options)
    {
        if (options.Channels.Count == 0) return Enumerable.Range(0, file.ChannelCount).ToArray();
        foreach (int c in options.Channels)
        {
            if (c < 0 || c >= file.ChannelCount)
                throw new ArgumentException($"'{file.Path}' has {file.ChannelCount} channel(s), numbered 0 to {file.ChannelCount - 1}; there is no channel {c}.");
        }
        if (options.Channels.Distinct().Count() != options.Channels.Count)
            throw new ArgumentException($"Channel {options.Channels.GroupBy(c => c).First(g => g.Count() > 1).Key} is chosen twice.");
        return options.Channels.ToArray();
    }

    private static ChannelInfo[] DescribeChannels(IImageFile file, int[] kept, MicrographLoadOptions options)
    {
        int count = kept.Length;
        if (options.ChannelNames.Count != 0 && options.ChannelNames.Count != count)
        {
            throw new ArgumentException(
                $"'{file.Path}' has {count} channel(s) but {options.ChannelNames.Count} channel name(s) were given.");
        }
        if (options.Roles.Count > 1 && options.Roles.Count != count)
        {
            throw new ArgumentException(
                $"'{file.Path}' has {count} channel(s) but {options.Roles.Count} roles were given; give one role for all channels or one per channel.");
        }

        var channels = new ChannelInfo[count];
        for (int c = 0; c < count; c++)
        {
            var role = options.Roles.Count switch
            {
                0 => ChannelRole.Unknown,
                1 => options.Roles[0],
                _ => options.Roles[c],
            };
            int source = kept[c];
            var name = options.ChannelNames.Count != 0
                ? options.ChannelNames[c]
                : (source < file.ChannelNames.Count ? file.ChannelNames[source] : null) ?? DefaultName(source, file.ChannelCount, file.PixelType);
            channels[c] = new ChannelInfo(c, name, role);
        }
        return channels;
    }

    private static string DefaultName(int channel, int count, PixelType type)
    {
        bool colour = count is 3 or 4 && type is PixelType.UInt8 or PixelType.UInt16;
        if (colour) return channel switch { 0 => "Red", 1 => "Green", 2 => "Blue", _ => "Alpha" };
        return count == 1 ? "Gray" : $"C{channel}";
    }
}
