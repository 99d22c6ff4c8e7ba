namespace CellOps.Sdk.Imaging;

/// <summary>
/// One field of view: where it came from, its size, channels and pixel type, and a way to read its
/// pixels. A micrograph does not hold its pixels or an open file: <see cref="OpenPixels"/> opens a
/// fresh <see cref="IPixelSource"/> each time it is called, so thousands of micrographs can travel
/// down a pipeline without holding thousands of files open.
/// </summary>
public sealed class Micrograph
{
    private readonly Func<IPixelSource> _open;

    /// <summary>Creates a micrograph.</summary>
    /// <param name="name">Short name (usually the file name without folder).</param>
    /// <param name="path">Full path of the source file, or null for an image made in memory.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="pixelType">Type of each sample.</param>
    /// <param name="frameCount">Number of frames.</param>
    /// <param name="channels">The channels, in order.</param>
    /// <param name="pixelSize">Physical pixel size, or null where unknown.</param>
    /// <param name="metadata">Free-form metadata (file tags, OME fields, provenance).</param>
    /// <param name="openPixels">Opens a new pixel source over the pixels; the caller disposes it.</param>
    public Micrograph(
        string name,
        string? path,
        int width,
        int height,
        PixelType pixelType,
        int frameCount,
        IReadOnlyList<ChannelInfo> channels,
        PixelSize? pixelSize,
        IReadOnlyDictionary<string, string>? metadata,
        Func<IPixelSource> openPixels)
    {
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "Width must be positive.");
        if (height <= 0) throw new ArgumentOutOfRangeException(nameof(height), height, "Height must be positive.");
        if (frameCount <= 0) throw new ArgumentOutOfRangeException(nameof(frameCount), frameCount, "Frame count must be positive.");
        if (channels is null || channels.Count == 0) throw new ArgumentException("A micrograph needs at least one channel.", nameof(channels));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Path = path;
        Width = width;
        Height = height;
        PixelType = pixelType;
        FrameCount = frameCount;
        Channels = channels;
        PixelSize = pixelSize;
        Metadata = metadata ?? new Dictionary<string, string>();
        _open = openPixels ?? throw new ArgumentNullException(nameof(openPixels));
    }

    /// <summary>Short name, usually the file name.</summary>
    public string Name { get; }

    /// <summary>Full path of the source file; null for an image made in memory.</summary>
    public string? Path { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of channels.</summary>
    public int ChannelCount => Channels.Count;

    /// <summary>The channels, each with its name and role.</summary>
    public IReadOnlyList<ChannelInfo> Channels { get; }

    /// <summary>Type of each sample.</summary>
    public PixelType PixelType { get; }

    /// <summary>Number of frames (pages, time points, z-planes).</summary>
    public int FrameCount { get; }

    /// <summary>Physical size of a pixel, or null where the file does not say.</summary>
    public PixelSize? PixelSize { get; }

    /// <summary>Free-form metadata: file tags, OME fields, provenance.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The paired image (fluorescence, mask or label) of the same field, or null.</summary>
    public Micrograph? Pair { get; private init; }

    /// <summary>The role of the first channel, which is what most single-channel micrographs are.</summary>
    public ChannelRole Role => Channels[0].Role;

    /// <summary>Opens a new pixel source over this micrograph's pixels. The caller disposes it.</summary>
    /// <exception cref="MicrographReadException">The file can no longer be read.</exception>
    public IPixelSource OpenPixels() => _open();

    /// <summary>Returns a copy of this micrograph with <paramref name="pair"/> attached.</summary>
    /// <exception cref="ArgumentException">The pair's width or height differs from this micrograph's.</exception>
    public Micrograph WithPair(Micrograph? pair)
    {
        if (pair is not null && (pair.Width != Width || pair.Height != Height))
        {
            throw new ArgumentException(
                $"The pair '{pair.Path ?? pair.Name}' is {pair.Width}×{pair.Height} but '{Path ?? Name}' is {Width}×{Height}.",
                nameof(pair));
        }
        return new Micrograph(Name, Path, Width, Height, PixelType, FrameCount, Channels, PixelSize, Metadata, _open) { Pair = pair };
    }

    /// <summary>Returns a copy of this micrograph whose channels carry the given names and roles.</summary>
    /// <exception cref="ArgumentException">The number of channels differs.</exception>
    public Micrograph WithChannels(IReadOnlyList<ChannelInfo> channels)
    {
        if (channels.Count != ChannelCount)
        {
            throw new ArgumentException($"'{Name}' has {ChannelCount} channel(s), not {channels.Count}.", nameof(channels));
        }
        return new Micrograph(Name, Path, Width, Height, PixelType, FrameCount, channels, PixelSize, Metadata, _open) { Pair = Pair };
    }

    /// <summary>
    /// Returns a copy of this micrograph (pair included) whose metadata also holds <paramref name="entries"/>; an entry
    /// replaces one of the same key, keys compared without case.
    /// </summary>
    /// <exception cref="ArgumentException">A key is blank or a value is null.</exception>
    public Micrograph WithMetadata(IEnumerable<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in Metadata) metadata[key] = value;
        foreach (var (key, value) in entries)
        {
            if (string.IsNullOrWhiteSpace(key)) throw new ArgumentException($"A metadata key of '{Name}' is blank.", nameof(entries));
            metadata[key] = value ?? throw new ArgumentException($"The metadata entry '{key}' of '{Name}' has no value.", nameof(entries));
        }
        return new Micrograph(Name, Path, Width, Height, PixelType, FrameCount, Channels, PixelSize, metadata, _open) { Pair = Pair };
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Width}×{Height}, {ChannelCount} ch, {PixelType})";
}
