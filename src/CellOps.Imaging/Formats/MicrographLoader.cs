using System.Globalization;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Formats;

/// <summary>Turns image files into <see cref="Micrograph"/> objects.</summary>
/// <remarks>
/// The file is opened once to learn its shape and validate its header, then closed: the micrograph
/// reopens it whenever pixels are needed, so a pipeline over many files holds no handles.
/// </remarks>
public static class MicrographLoader
{
    /// <summary>Metadata key of a micrograph stacked from several files (<see cref="LoadChannels"/>):
    /// their full paths in channel order, one per line.</summary>
    public const string ChannelFilesKey = "CellOps.ChannelFiles";

    /// <summary>Metadata key of a micrograph that is one series of a file's pages (<see cref="LoadSeries"/>):
    /// which, as "2 of 3".</summary>
    public const string SeriesKey = "Series";

    /// <summary>Metadata key of a micrograph that is one series of a file's pages: its one-based page
    /// numbers, as "4-6".</summary>
    public const string SeriesPagesKey = "SeriesPages";

    /// <summary>Describes the image at <paramref name="path"/> as a micrograph.</summary>
    /// <exception cref="MicrographReadException">The file cannot be read as one image (a TIFF whose pages
    /// differ in size or type is <see cref="MicrographReadFailure.Mismatch"/>; <see cref="LoadSeries"/> reads it).</exception>
    /// <exception cref="ArgumentException">The channel names or roles do not fit the file's channels.</exception>
    public static Micrograph Load(string path, MicrographLoadOptions? options = null)
    {
        options ??= MicrographLoadOptions.Default;
        var full = System.IO.Path.GetFullPath(path);
        using var file = ImageFiles.Open(full, options.Read);
        return Describe(file, full, options, options.Read, System.IO.Path.GetFileName(full), $"'{file.Path}'");
    }

    /// <summary>
    /// Describes the image at <paramref name="path"/> as micrographs: one for most files, one per series
    /// where a TIFF's pages change size, channel count or pixel type part-way (see
    /// <see cref="IImageFile.SeriesCount"/>). A file of one series gives exactly what <see cref="Load"/> gives.
    /// </summary>
    /// <remarks>
    /// The micrographs of a file of several series share its <see cref="Micrograph.Path"/>, are named
    /// after the file with <c>#</c> and the series number before the extension (<c>cells#2.tif</c>, so
    /// that names derived from them stay apart), and carry <see cref="SeriesKey"/> and
    /// <see cref="SeriesPagesKey"/> in their metadata. Each reopens only its own pages.
    /// </remarks>
    /// <exception cref="MicrographReadException">The file cannot be read as an image.</exception>
    /// <exception cref="ArgumentException">The channel names or roles do not fit the channels of a series.</exception>
    public static IReadOnlyList<Micrograph> LoadSeries(string path, MicrographLoadOptions? options = null)
    {
        options ??= MicrographLoadOptions.Default;
        var full = System.IO.Path.GetFullPath(path);
        string name = System.IO.Path.GetFileName(full);
        var firstRead = options.Read with { Series = Math.Max(1, options.Read.Series) };
        int count;
        var micrographs = new List<Micrograph>();
        using (var file = ImageFiles.Open(full, firstRead))
        {
            count = file.SeriesCount;
            if (count == 1 || options.Read.Series > 0)
            {
                // One series, or one asked for: the file as Load reads it, reopened the same way.
                micrographs.Add(Describe(file, full, options, count == 1 ? options.Read : firstRead, count == 1 ? name : SeriesName(name, firstRead.Series), $"'{file.Path}'"));
                return micrographs;
            }
            micrographs.Add(Describe(file, full, options, firstRead, SeriesName(name, 1), $"Series 1 of '{file.Path}'"));
        }
        for (int series = 2; series <= count; series++)
        {
            var read = options.Read with { Series = series };
            using var file = ImageFiles.Open(full, read);
            micrographs.Add(Describe(file, full, options, read, SeriesName(name, series), $"Series {series} of '{file.Path}'"));
        }
        return micrographs;
    }

    /// <summary>
    /// The name of series <paramref name="series"/> of the file named <paramref name="fileName"/>:
    /// <c>#</c> and the number before an image file's extension (<c>cells#2.tif</c>, <c>plate#3.ome.tif</c>).
    /// </summary>
    public static string SeriesName(string fileName, int series)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var extension = ImageFiles.KnownExtensions
            .Where(e => fileName.Length > e.Length && fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(e => e.Length)
            .FirstOrDefault();
        string number = series.ToString(CultureInfo.InvariantCulture);
        return extension is null ? $"{fileName}#{number}" : $"{fileName[..^extension.Length]}#{number}{fileName[^extension.Length..]}";
    }

    private static Micrograph Describe(IImageFile file, string full, MicrographLoadOptions options, ImageReadOptions read, string name, string what)
    {
        string Has(int count) => $"{what} has {count} channel(s)";
        var kept = KeptChannels(file.ChannelCount, options, Has);
        var names = Enumerable.Range(0, file.ChannelCount)
            .Select(c => (c < file.ChannelNames.Count ? file.ChannelNames[c] : null) ?? DefaultName(c, file.ChannelCount, file.PixelType))
            .ToArray();
        var channels = DescribeChannels(names, kept, options, Has);
        var metadata = new Dictionary<string, string>(file.Metadata, StringComparer.OrdinalIgnoreCase)
        {
            ["Format"] = file.Format,
        };
        return new Micrograph(
            name,
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

    /// <summary>
    /// Describes several files of one size, pixel type and frame count as the channels of one
    /// micrograph, in the order given: a z-stack stored one file per plane, or several fluorescence
    /// images as one target. A file of several channels gives all of them, in its own order.
    /// </summary>
    /// <remarks>
    /// Channels are named after their files (<c>phase_z00</c>; <c>overlay.Green</c> for a channel of
    /// a file with several), unless <see cref="MicrographLoadOptions.ChannelNames"/> says otherwise;
    /// <see cref="MicrographLoadOptions.Channels"/> chooses among the stacked channels. The micrograph
    /// takes the first file's path, pixel size and metadata, lists every file under
    /// <see cref="ChannelFilesKey"/>, and is named after the files (see <see cref="StackName"/>).
    /// Every file is reopened whenever pixels are needed.
    /// </remarks>
    /// <exception cref="MicrographReadException">A file cannot be read, or differs from the first in width,
    /// height, pixel type or frame count (<see cref="MicrographReadFailure.Mismatch"/>, naming the file and what differs).</exception>
    /// <exception cref="ArgumentException">No files, a file given twice, or channel names, roles or choices that do not fit the stacked channels.</exception>
    public static Micrograph LoadChannels(IReadOnlyList<string> paths, MicrographLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0) throw new ArgumentException("At least one file is needed to stack as channels.", nameof(paths));
        options ??= MicrographLoadOptions.Default;
        var read = options.Read;
        var fulls = paths.Select(p => System.IO.Path.GetFullPath(p)).ToArray();
        var repeated = fulls.GroupBy(p => p, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"'{repeated.Key}' is given {repeated.Count()} times; each file can be stacked as channels only once.", nameof(paths));
        }

        var files = new List<StackedFile>(fulls.Length);
        foreach (var full in fulls)
        {
            using var file = ImageFiles.Open(full, read);
            var described = StackedFile.Describe(file);
            if (files.Count > 0) files[0].CheckMatches(described);
            files.Add(described);
        }

        var first = files[0];
        int total = files.Sum(f => f.ChannelCount);
        string Has(int count) => files.Count == 1
            ? $"'{first.Path}' has {count} channel(s)"
            : $"The {files.Count} files stacked as channels ('{first.Path}' … '{files[^1].Path}') give {count} channel(s)";
        var kept = KeptChannels(total, options, Has);
        var channels = DescribeChannels(files.SelectMany(f => f.DefaultNames()).ToArray(), kept, options, Has);
        var metadata = new Dictionary<string, string>(first.Metadata, StringComparer.OrdinalIgnoreCase)
        {
            ["Format"] = first.Format,
            [ChannelFilesKey] = string.Join('\n', fulls),
        };
        var openers = files.Select(f => (Func<IPixelSource>)(() => f.Expect(ImageFiles.Open(f.Path, read)))).ToArray();
        bool all = options.Channels.Count == 0;
        return new Micrograph(
            files.Count == 1 ? System.IO.Path.GetFileName(first.Path) : StackName(fulls.Select(System.IO.Path.GetFileNameWithoutExtension).ToArray()!),
            first.Path,
            first.Width,
            first.Height,
            first.PixelType,
            first.FrameCount,
            channels,
            first.PixelSize,
            metadata,
            all ? () => StackedPixelSource.Open(openers) : () => new ChannelSubsetSource(StackedPixelSource.Open(openers), kept));
    }

    /// <summary>
    /// The name of a micrograph stacked from files with the given names (without extension):
    /// <c>phase_z00-12</c> for <c>phase_z00</c> … <c>phase_z12</c> (the first name, a dash and the
    /// part of the last after what all share), <c>dapi+map2</c> for two files or for up to three
    /// that share no prefix, <c>first-last</c> otherwise.
    /// </summary>
    public static string StackName(IReadOnlyList<string> stems)
    {
        ArgumentNullException.ThrowIfNull(stems);
        if (stems.Count == 0) throw new ArgumentException("No names.", nameof(stems));
        if (stems.Count == 1) return stems[0];
        if (stems.Count == 2) return stems[0] + "+" + stems[1];
        int shared = stems.Min(s => s.Length);
        foreach (var s in stems)
        {
            int i = 0;
            while (i < shared && s[i] == stems[0][i]) i++;
            shared = i;
        }
        // A number's leading digits that happen to agree (z01 … z09) belong with the number, not the prefix.
        while (shared > 0 && char.IsAsciiDigit(stems[0][shared - 1]) && stems.Any(s => s.Length > shared && char.IsAsciiDigit(s[shared])))
        {
            shared--;
        }
        if (shared > 0 && stems.All(s => s.Length > shared)) return $"{stems[0]}-{stems[^1][shared..]}";
        return stems.Count <= 3 ? string.Join('+', stems) : $"{stems[0]}-{stems[^1]}";
    }

    private static int[] KeptChannels(int channelCount, MicrographLoadOptions options, Func<int, string> has)
    {
        if (options.Channels.Count == 0) return Enumerable.Range(0, channelCount).ToArray();
        foreach (int c in options.Channels)
        {
            if (c < 0 || c >= channelCount)
                throw new ArgumentException($"{has(channelCount)}, numbered 0 to {channelCount - 1}; there is no channel {c}.");
        }
        if (options.Channels.Distinct().Count() != options.Channels.Count)
            throw new ArgumentException($"Channel {options.Channels.GroupBy(c => c).First(g => g.Count() > 1).Key} is chosen twice.");
        return options.Channels.ToArray();
    }

    private static ChannelInfo[] DescribeChannels(IReadOnlyList<string> sourceNames, int[] kept, MicrographLoadOptions options, Func<int, string> has)
    {
        int count = kept.Length;
        if (options.ChannelNames.Count != 0 && options.ChannelNames.Count != count)
        {
            throw new ArgumentException($"{has(count)} but {options.ChannelNames.Count} channel name(s) were given.");
        }
        if (options.Roles.Count > 1 && options.Roles.Count != count)
        {
            throw new ArgumentException($"{has(count)} but {options.Roles.Count} roles were given; give one role for all channels or one per channel.");
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
            var name = options.ChannelNames.Count != 0 ? options.ChannelNames[c] : sourceNames[kept[c]];
            channels[c] = new ChannelInfo(c, name, role);
        }
        return channels;
    }

    internal static string DefaultName(int channel, int count, PixelType type)
    {
        bool colour = count is 3 or 4 && type is PixelType.UInt8 or PixelType.UInt16;
        if (colour) return channel switch { 0 => "Red", 1 => "Green", 2 => "Blue", _ => "Alpha" };
        return count == 1 ? "Gray" : string.Create(CultureInfo.InvariantCulture, $"C{channel}");
    }
}
