using System.Buffers.Binary;
using System.Globalization;
using CellOps.Sdk.Imaging;
using CellOps.Imaging.Native;
using OpenCvSharp;

namespace CellOps.Imaging.Formats;

/// <summary>
/// A PNG, JPEG or BMP file decoded through OpenCV. These formats cannot be read by region, so the
/// whole image is decoded once and regions are served from the decoded pixels: on <see cref="Open"/>
/// for images up to <see cref="EagerPixels"/> (so damage is found on import), otherwise on the first
/// read, where the size its header claims is known without decoding and at most
/// <see cref="MaxDecodedBytes"/> are decoded. Colour images come out in RGB (RGBA) channel order, 8- or
/// 16-bit as stored.
/// </summary>
public sealed class OpenCvImageFile : IImageFile
{
    private static readonly object LogLevelLock = new();
    private static bool _logSilenced;

    /// <summary>
    /// Largest image, in pixels, decoded on <see cref="Open"/> (2048 × 2048): larger ones are described from
    /// their header and decoded when first read, so importing a small file that claims a huge image commits
    /// no pixel memory.
    /// </summary>
    public const long EagerPixels = 1L << 22;

    /// <summary>
    /// Most bytes of pixels decoded from one file (512 MiB, e.g. 23000 × 23000 grey): decoding holds them twice
    /// (OpenCV's copy and CellOps's planes). Larger images are refused with <see cref="MicrographReadFailure.TooLarge"/>.
    /// </summary>
    public const long MaxDecodedBytes = 1L << 29;

    private ArrayPixelSource? _pixels;
    private byte[]? _encoded;
    private readonly ImageHeader? _promised;

    private OpenCvImageFile(string path, string format, ArrayPixelSource pixels, PixelSize? pixelSize, IReadOnlyDictionary<string, string> metadata)
        : this(path, format, pixels.Width, pixels.Height, pixels.ChannelCount, pixels.PixelType, pixelSize, metadata)
    {
        _pixels = pixels;
    }

    private OpenCvImageFile(string path, string format, ImageHeader header, byte[] encoded, PixelSize? pixelSize, IReadOnlyDictionary<string, string> metadata)
        : this(path, format, header.Width, header.Height, header.Channels, header.PixelType, pixelSize, metadata)
    {
        _promised = header;
        _encoded = encoded;
    }

    private OpenCvImageFile(string path, string format, int width, int height, int channels, PixelType pixelType,
        PixelSize? pixelSize, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        Format = format;
        Width = width;
        Height = height;
        ChannelCount = channels;
        PixelType = pixelType;
        PixelSize = pixelSize;
        Metadata = metadata;
        ChannelNames = new string?[channels];
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public string Format { get; }

    /// <inheritdoc />
    public IReadOnlyList<string?> ChannelNames { get; }

    /// <inheritdoc />
    public PixelSize? PixelSize { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <inheritdoc />
    public int Width { get; }

    /// <inheritdoc />
    public int Height { get; }

    /// <inheritdoc />
    public int ChannelCount { get; }

    /// <inheritdoc />
    public int FrameCount => 1;

    /// <inheritdoc />
    public PixelType PixelType { get; }

    /// <summary>True when the file's extension is one this reader handles (.png, .jpg, .jpeg, .jpe, .bmp, .dib).</summary>
    public static bool HandlesExtension(string path) => FormatFromExtension(path) is not null;

    /// <summary>Opens and decodes a PNG, JPEG or BMP file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How to interpret it (these formats have one page, so nothing applies yet).</param>
    /// <exception cref="MicrographReadException">The file is missing, unreadable, damaged or not of a supported kind.</exception>
    public static OpenCvImageFile Open(string path, ImageReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        NativeLibraryResolver.Register(typeof(Cv2).Assembly);
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new MicrographReadException(full, MicrographReadFailure.NotFound, $"'{full}' does not exist.");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MicrographReadException(full, MicrographReadFailure.Unreadable, $"'{full}' could not be read: {e.Message}", e);
        }

        string format = Sniff(bytes) ?? FormatFromExtension(full)
            ?? throw new MicrographReadException(full, MicrographReadFailure.Unsupported,
                $"'{full}' is not a PNG, JPEG or BMP file.");
        if (bytes.Length == 0)
        {
            throw Corrupt(full, format, "the file is empty");
        }
        if (Sniff(bytes) != format)
        {
            throw Corrupt(full, format, "the file does not start with the format's signature");
        }

        // Damaged files make the codec libraries inside OpenCV print to stderr, and a truncated JPEG
        // even decodes "successfully" with grey filler, so the container is checked before OpenCV sees it.
        PixelSize? pixelSize = null;
        var metadata = new Dictionary<string, string> { ["Format"] = format };
        switch (format)
        {
            case "PNG":
                pixelSize = PngContainer.Check(full, bytes, metadata);
                break;
            case "JPEG":
                CheckJpeg(full, bytes);
                metadata["Compression"] = "JPEG";
                break;
            case "BMP":
                CheckBmp(full, bytes);
                break;
        }

        var header = ImageHeader.Read(format, bytes);
        if (header is not null && (long)header.Width * header.Height > EagerPixels)
        {
            metadata["BitsPerSample"] = (header.PixelType.BytesPerSample() * 8).ToString(CultureInfo.InvariantCulture);
            return new OpenCvImageFile(full, format, header, bytes, pixelSize, metadata);
        }
        var pixels = Decode(full, format, bytes, metadata);
        metadata["BitsPerSample"] = (pixels.PixelType.BytesPerSample() * 8).ToString(CultureInfo.InvariantCulture);
        return new OpenCvImageFile(full, format, pixels, pixelSize, metadata);
    }

    private static ArrayPixelSource Decode(string full, string format, byte[] bytes, Dictionary<string, string> metadata)
    {
        SilenceOpenCvLog();
        Mat mat;
        string warnings;
        try
        {
            mat = NativeStderr.Capture(() => Cv2.ImDecode(bytes, ImreadModes.Unchanged), out warnings);
        }
        catch (OpenCVException e)
        {
            throw Corrupt(full, format, e.Message, e);
        }
        using (mat)
        {
            if (mat.Empty())
            {
                throw Corrupt(full, format, warnings.Length > 0 ? $"the decoder could not read its pixels ({warnings})" : "the decoder could not read its pixels");
            }
            // libjpeg fills what it cannot decode with grey and only warns, so its data-corruption
            // warnings make the file corrupt. "Extraneous bytes before marker" alone is left as a
            // warning: some writers pad their files, and the pixels are then intact.
            if (format == "JPEG" && IsDamageWarning(warnings))
            {
                throw Corrupt(full, format, $"its compressed data is damaged ({warnings})");
            }
            if (warnings.Length > 0) metadata["DecoderWarnings"] = warnings;
            return ToPlanar(full, mat);
        }
    }

    /// <inheritdoc />
    public void ReadRegion(int frame, PixelRect region, Span<byte> destination) => (_pixels ??= DecodePromised()).ReadRegion(frame, region, destination);

    /// <inheritdoc />
    public void Dispose()
    {
        _pixels = null;
        _encoded = null;
    }

    // The first read of an image described from its header: decoded whole, within the bound, and held to its header's word.
    private ArrayPixelSource DecodePromised()
    {
        var header = _promised!;
        var encoded = _encoded ?? throw new ObjectDisposedException(Path);
        if (header.DecodedBytes > MaxDecodedBytes)
        {
            throw new MicrographReadException(Path, MicrographReadFailure.TooLarge,
                $"'{Path}' is {Width}×{Height} pixels ({header.DecodedBytes / (1024.0 * 1024):N0} MB decoded); CellOps decodes at most {MaxDecodedBytes / (1024 * 1024)} MB " +
                $"of a {Format} file, which cannot be read in pieces. Save it as a tiled TIFF, or cut it into smaller files.");
        }
        var pixels = Decode(Path, Format, encoded, new Dictionary<string, string>());
        if (pixels.Width != Width || pixels.Height != Height || pixels.ChannelCount != ChannelCount || pixels.PixelType != PixelType)
        {
            throw Corrupt(Path, Format, $"its header says {Width}×{Height}, {ChannelCount} channel(s) of {PixelType}, but it decodes to " +
                $"{pixels.Width}×{pixels.Height}, {pixels.ChannelCount} channel(s) of {pixels.PixelType}");
        }
        _encoded = null;
        return pixels;
    }

    private static bool IsDamageWarning(string warnings)
    {
        foreach (var line in warnings.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("Corrupt JPEG data", StringComparison.OrdinalIgnoreCase)
                && !line.Contains("extraneous bytes", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static void SilenceOpenCvLog()
    {
        lock (LogLevelLock)
        {
            if (_logSilenced) return;
            Cv2.SetLogLevel(LogLevel.SILENT);
            _logSilenced = true;
        }
    }

    internal static MicrographReadException Corrupt(string path, string format, string problem, Exception? inner = null) =>
        new(path, MicrographReadFailure.Corrupt, $"'{path}' is not a readable {format} file: {problem}.", inner);

    private static string? FormatFromExtension(string path) =>
        System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => "PNG",
            ".jpg" or ".jpeg" or ".jpe" => "JPEG",
            ".bmp" or ".dib" => "BMP",
            _ => null,
        };

    private static string? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 8 && b[..8].SequenceEqual(PngContainer.Signature)) return "PNG";
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "JPEG";
        if (b.Length >= 2 && b[0] == (byte)'B' && b[1] == (byte)'M') return "BMP";
        return null;
    }

    private static void CheckJpeg(string path, byte[] bytes)
    {
        // Entropy-coded data stuffs every 0xFF with 0x00, so FF DA (start of scan) and FF D9 (end of
        // image) appear only as markers. The last scan must be followed by an end-of-image marker.
        int lastSos = -1, lastEoi = -1;
        for (int i = 2; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] != 0xFF) continue;
            byte m = bytes[i + 1];
            if (m == 0xDA) lastSos = i;
            else if (m == 0xD9) lastEoi = i;
        }
        if (lastSos < 0) throw Corrupt(path, "JPEG", "the file has no image data (no start-of-scan marker)");
        if (lastEoi < lastSos) throw Corrupt(path, "JPEG", "the file is truncated (no end-of-image marker after the last scan)");
    }

    private static void CheckBmp(string path, byte[] bytes)
    {
        if (bytes.Length < 26) throw Corrupt(path, "BMP", "the file is truncated (incomplete header)");
        uint declared = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(2));
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(10));
        // Some writers leave the declared size zero; the pixel offset is always there.
        if (declared != 0 && bytes.Length < declared)
        {
            throw Corrupt(path, "BMP", $"the file is truncated ({bytes.Length} of {declared} bytes)");
        }
        if (offset >= bytes.Length) throw Corrupt(path, "BMP", "the file is truncated (no pixel data)");
    }

    private static unsafe ArrayPixelSource ToPlanar(string path, Mat mat)
    {
        PixelType type = mat.Depth() switch
        {
            MatType.CV_8U => PixelType.UInt8,
            MatType.CV_8S => PixelType.Int8,
            MatType.CV_16U => PixelType.UInt16,
            MatType.CV_16S => PixelType.Int16,
            MatType.CV_32S => PixelType.Int32,
            MatType.CV_32F => PixelType.Float32,
            _ => throw new MicrographReadException(path, MicrographReadFailure.Unsupported,
                $"'{path}' has samples of OpenCV depth {mat.Depth()}, which CellOps does not read."),
        };
        int channels = mat.Channels();
        int width = mat.Cols, height = mat.Rows;
        int bps = type.BytesPerSample();
        int pixelBytes = bps * channels;
        long planeBytes = (long)width * height * bps;
        var raw = new byte[checked(planeBytes * channels)];

        // OpenCV keeps colour as BGR(A); CellOps serves RGB(A), so the first three channels are reversed.
        Span<int> sourceChannel = stackalloc int[channels];
        for (int c = 0; c < channels; c++)
        {
            sourceChannel[c] = channels is 3 or 4 && c < 3 ? 2 - c : c;
        }

        byte* basePtr = (byte*)mat.Data;
        long step = mat.Step();
        fixed (byte* dst0 = raw)
        {
            for (int c = 0; c < channels; c++)
            {
                int srcOffset = sourceChannel[c] * bps;
                byte* plane = dst0 + c * planeBytes;
                for (int y = 0; y < height; y++)
                {
                    byte* src = basePtr + y * step + srcOffset;
                    byte* dst = plane + (long)y * width * bps;
                    switch (bps)
                    {
                        case 1:
                            for (int x = 0; x < width; x++) dst[x] = src[x * pixelBytes];
                            break;
                        case 2:
                            for (int x = 0; x < width; x++) ((ushort*)dst)[x] = *(ushort*)(src + x * pixelBytes);
                            break;
                        default:
                            for (int x = 0; x < width; x++) ((uint*)dst)[x] = *(uint*)(src + x * pixelBytes);
                            break;
                    }
                }
            }
        }
        return ArrayPixelSource.FromRaw(raw, type, width, height, channels);
    }
}
