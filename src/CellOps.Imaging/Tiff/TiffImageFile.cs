using System.Globalization;
using BitMiracle.LibTiff.Classic;
using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// A TIFF, BigTIFF or OME-TIFF file opened for region reads. Only the strips or tiles a region touches
/// are decoded, and recently decoded ones are kept in a small bounded cache, so huge images can be cut
/// into tiles without being held in memory.
/// </summary>
/// <remarks>
/// <para>Pages become frames, or channels when <see cref="ImageReadOptions.PagesAsChannels"/> is set or the
/// OME-XML says the pages are channels. Reduced-resolution pages (pyramid levels, thumbnails) are skipped.
/// Frames must agree in size, channel count and pixel type: a file whose pages change part-way holds
/// several series (<see cref="SeriesCount"/>), runs of consecutive pages that agree, and is opened one
/// series at a time (<see cref="ImageReadOptions.Series"/>); opened whole, it is refused.</para>
/// <para>MinIsWhite integer images are inverted on read so that a higher value always means brighter,
/// which is what every model and statistic in CellOps assumes; <see cref="Metadata"/> records it.
/// Palette images are expanded to 16-bit RGB through their colour map; an extra sample beside the index
/// follows as a fourth channel (alpha scaled to 16 bits, other extra data as stored). CMYK with 8 or 16-bit unsigned or
/// 32-bit float ink is converted to RGB at its own depth (R = (max−C)(max−K)/max; extra samples such as
/// alpha follow unchanged). Photometric interpretations that are not read natively (old-style JPEG, YCbCr
/// without JPEG, CIELab, signed CMYK, ...) are converted by LibTiff to 8-bit RGB or RGBA.</para>
/// <para>Samples without a pixel type of their own are widened, keeping their values: unsigned integers of
/// 3 to 7 bits to UInt8, 9 to 15 bits to UInt16, 17 to 31 bits to UInt32 (a 12-bit camera's 0–4095 stays
/// 0–4095; metadata <c>SignificantBits</c> records the width, and display stretches by it, as it does for
/// 2 and 4-bit images); 16 and 64-bit floats to Float32; 64-bit integers to Float32 as well, exact up to
/// 2^24 (beyond that rounded: metadata <c>Widened</c> says so), since no CellOps pixel type holds them and
/// images of such values are counts or labels rather than intensities. Horizontal differencing on
/// odd-width samples, which LibTiff refuses, is undone by CellOps, even without compression. Signed
/// integers of odd widths and floats of other widths are refused with the reason.</para>
/// <para>The Orientation tag is applied on read: mirrorings (2, 3, 4) and transpositions (5 to 8, which
/// swap width and height) deliver the image upright; metadata <c>Orientation</c> records it. Zstandard,
/// LZMA and WebP are decoded through the system's libtiff where it has the codec; JPEG XL and SGI LogLuv
/// compression are refused, naming the codec.</para>
/// <para>Not thread-safe. Dispose closes the file.</para>
/// </remarks>
public sealed class TiffImageFile : IImageFile
{
    /// <summary>Default bound on decoded strips and tiles kept for reuse.</summary>
    public const long DefaultCacheBytes = 48L << 20;

    private const int MaxPages = short.MaxValue;

    private readonly LibTiff _tiff;
    private readonly TiffReadContext _context;
    private readonly TiffPage[][] _frames;
    private int _currentDirectory;
    private bool _disposed;

    private TiffImageFile(string path, LibTiff tiff, TiffReadContext context, TiffPage[][] frames, int currentDirectory,
        string format, IReadOnlyList<string?> channelNames, PixelSize? pixelSize, IReadOnlyDictionary<string, string> metadata, int seriesCount)
    {
        SeriesCount = seriesCount;
        Path = path;
        _tiff = tiff;
        _context = context;
        _frames = frames;
        _currentDirectory = currentDirectory;
        Format = format;
        ChannelNames = channelNames;
        PixelSize = pixelSize;
        Metadata = metadata;
        var first = frames[0];
        Width = first[0].OutputWidth;
        Height = first[0].OutputHeight;
        PixelType = first[0].PixelType;
        ChannelCount = first.Sum(p => p.ChannelCount);
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public string Format { get; }

    /// <inheritdoc />
    public int Width { get; }

    /// <inheritdoc />
    public int Height { get; }

    /// <inheritdoc />
    public int ChannelCount { get; }

    /// <inheritdoc />
    public int FrameCount => _frames.Length;

    /// <inheritdoc />
    public PixelType PixelType { get; }

    /// <inheritdoc />
    public IReadOnlyList<string?> ChannelNames { get; }

    /// <inheritdoc />
    public PixelSize? PixelSize { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <inheritdoc />
    public int SeriesCount { get; }

    /// <summary>How many strips or tiles have been decoded so far; a diagnostic for proving that region
    /// reads decode only what they need (cache hits are not counted).</summary>
    public long DecodedChunkCount => _context.DecodedChunks;

    /// <summary>Bytes of decoded strips and tiles currently cached.</summary>
    public long CachedBytes => _context.Cache.BytesHeld;

    /// <summary>Opens a TIFF file and reads its structure (not its pixels).</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How pages are to be interpreted.</param>
    /// <exception cref="MicrographReadException">The file is missing, unreadable, not a TIFF, damaged, or uses a feature CellOps does not read.</exception>
    public static TiffImageFile Open(string path, ImageReadOptions options) => Open(path, options, DefaultCacheBytes);

    /// <summary>Opens a TIFF file with a chosen bound on the cache of decoded strips and tiles.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How pages are to be interpreted.</param>
    /// <param name="cacheBytes">The bound on decoded chunks kept.</param>
    /// <param name="directDecoding">Decode common layouts with <see cref="TiffChunkDecoder"/>; false leaves
    /// every chunk to LibTiff (tests compare the two).</param>
    internal static TiffImageFile Open(string path, ImageReadOptions options, long cacheBytes, bool directDecoding = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new MicrographReadException(full, MicrographReadFailure.NotFound, $"TIFF file '{full}' does not exist.");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MicrographReadException(full, MicrographReadFailure.Unreadable, $"TIFF file '{full}' could not be opened: {e.Message}", e);
        }

        LibTiff? tiff = null;
        bool handedOver = false;
        try
        {
            bool bigTiff = CheckHeader(full, stream);
            TiffDirectoryScan.Check(full, stream, bigTiff, MaxPages);
            long length = stream.Length;
            using (var messages = LibTiffMessages.Capture())
            {
                try
                {
                    tiff = LibTiff.ClientOpen(full, "r", stream, new TiffStream());
                }
                catch (Exception e) when (e is not MicrographReadException)
                {
                    throw new MicrographReadException(full, MicrographReadFailure.Corrupt, $"TIFF file '{full}' is damaged: {e.Message}", e);
                }
                if (tiff is null)
                {
                    throw new MicrographReadException(full, MicrographReadFailure.Corrupt,
                        $"TIFF file '{full}' is damaged: {messages.Describe(full, "its first directory could not be read")}.");
                }
                var result = Build(full, tiff, length, bigTiff, options, cacheBytes, directDecoding, messages);
                handedOver = true;
                return result;
            }
        }
        catch (MicrographReadException)
        {
            throw;
        }
        catch (Exception e)
        {
            // LibTiff can fail deep inside on damaged directories; the caller gets the reason, not a trace.
            throw new MicrographReadException(full, MicrographReadFailure.Corrupt, $"TIFF file '{full}' is damaged: {e.Message}", e);
        }
        finally
        {
            if (!handedOver)
            {
                using (LibTiffMessages.Capture()) tiff?.Dispose();
                stream.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void ReadRegion(int frame, PixelRect region, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)frame >= (uint)_frames.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"'{Path}' has {_frames.Length} frame(s).");
        }
        if (!region.IsInside(Width, Height) || region.Width == 0 || region.Height == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(region), region, $"The region must be non-empty and lie inside the {Width}×{Height} image '{Path}'.");
        }
        long planeBytes = region.Area * PixelType.BytesPerSample();
        long needed = planeBytes * ChannelCount;
        if (destination.Length < needed)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; {needed} are needed.", nameof(destination));
        }

        int channel = 0;
        foreach (var page in _frames[frame])
        {
            var target = destination.Slice((int)(channel * planeBytes), (int)(page.ChannelCount * planeBytes));
            try
            {
                SelectPage(page);
                page.Read(_context, region, target);
            }
            catch (Exception e) when (e is not MicrographReadException)
            {
                // The arguments were checked above, so anything thrown here comes from decoding damaged data.
                throw _context.Corrupt($"page {page.Index + 1} could not be read ({e.Message}).", e);
            }
            channel += page.ChannelCount;
        }
    }

    /// <summary>Closes the file and releases the cached chunks.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _context.Cache.Dispose();
        _context.Dispose();
        using (LibTiffMessages.Capture())
        {
            _tiff.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{System.IO.Path.GetFileName(Path)} ({Format}, {Width}×{Height}, {ChannelCount} ch, {FrameCount} frame(s), {PixelType})";

    private void SelectPage(TiffPage page)
    {
        if (_currentDirectory == page.Index) return;
        using var messages = LibTiffMessages.Capture();
        _context.Scanline = new TiffReadContext.ScanlinePosition(-1, 0, 0);
        if (!_tiff.SetDirectory((short)page.Index))
        {
            _currentDirectory = -1;
            throw _context.Corrupt($"page {page.Index + 1} could not be selected ({messages.Describe(Path, "no reason given")}).");
        }
        page.ApplyDecodeSettings(_tiff);
        _currentDirectory = page.Index;
    }

    private static bool CheckHeader(string path, FileStream stream)
    {
        Span<byte> header = stackalloc byte[8];
        int read = 0;
        while (read < header.Length)
        {
            int n = stream.Read(header[read..]);
            if (n == 0) break;
            read += n;
        }
        stream.Position = 0;
        if (read == 0) throw new MicrographReadException(path, MicrographReadFailure.Corrupt, $"TIFF file '{path}' is damaged: it is empty.");
        bool little = read >= 2 && header[0] == (byte)'I' && header[1] == (byte)'I';
        bool big = read >= 2 && header[0] == (byte)'M' && header[1] == (byte)'M';
        int version = read >= 4 ? (little ? header[2] | header[3] << 8 : header[2] << 8 | header[3]) : -1;
        if ((!little && !big) || (read >= 4 && version != 42 && version != 43))
        {
            throw new MicrographReadException(path, MicrographReadFailure.Unsupported,
                $"'{path}' is not a TIFF file (it does not start with a TIFF header).");
        }
        if (read < 8) throw new MicrographReadException(path, MicrographReadFailure.Corrupt, $"TIFF file '{path}' is damaged: it is only {read} bytes long.");
        return version == 43;
    }

    private static TiffImageFile Build(string path, LibTiff tiff, long fileLength, bool bigTiff, ImageReadOptions options,
        long cacheBytes, bool directDecoding, LibTiffMessages.Scope messages)
    {
        var pages = new List<TiffPage>();
        int directory = 0;
        while (true)
        {
            pages.Add(TiffPage.Describe(tiff, directory, path, fileLength, cacheBytes, directDecoding));
            if (tiff.LastDirectory()) break;
            if (directory + 1 >= MaxPages)
            {
                throw new MicrographReadException(path, MicrographReadFailure.Unsupported, $"TIFF file '{path}' cannot be read: it has more than {MaxPages} pages.");
            }
            if (!tiff.ReadDirectory())
            {
                // A damaged link to a further page: what was read so far is still usable only if LibTiff said why.
                throw new MicrographReadException(path, MicrographReadFailure.Corrupt,
                    $"TIFF file '{path}' is damaged: page {directory + 2} could not be read ({messages.Describe(path, "broken directory chain")}).");
            }
            directory++;
        }

        var main = pages.Where(p => !p.ReducedResolution).ToList();
        if (main.Count == 0) main = pages;
        var ome = OmeXmlMetadata.TryParse(pages[0].Description);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        bool omeChannels = ome is not null && ome.SizeC > 1 && main.All(p => p.ChannelCount == 1)
            && main.Count == ome.SizeC * ome.SizeZ * ome.SizeT;
        bool pagesAreChannels = omeChannels || (options.PagesAsChannels && main.Count > 1);

        // Pages read as frames may change shape part-way; each run of pages that agree is a series,
        // read on its own when one is asked for. Pages read as channels must all agree.
        var series = pagesAreChannels ? new List<TiffPage[]> { main.ToArray() } : TiffSeries.Split(main);
        if (options.Series > series.Count)
        {
            throw new MicrographReadException(path, MicrographReadFailure.NotFound,
                $"TIFF file '{path}' has {series.Count} series of pages; there is no series {options.Series}.");
        }
        if (options.Series > 0 && series.Count > 1)
        {
            main = series[options.Series - 1].ToList();
            metadata[MicrographLoader.SeriesKey] = string.Create(CultureInfo.InvariantCulture, $"{options.Series} of {series.Count}");
            metadata[MicrographLoader.SeriesPagesKey] = TiffSeries.PageNumbers(main);
        }
        var first = main[0];
        TiffPage[][] frames;
        if (omeChannels)
        {
            frames = new TiffPage[ome!.SizeZ * ome.SizeT][];
            for (int t = 0; t < ome.SizeT; t++)
            {
                for (int z = 0; z < ome.SizeZ; z++)
                {
                    var planes = new TiffPage[ome.SizeC];
                    for (int c = 0; c < ome.SizeC; c++) planes[c] = main[ome.PageIndex(c, z, t)];
                    frames[t * ome.SizeZ + z] = planes;
                }
            }
            metadata["PagesAre"] = "channels (OME-XML)";
        }
        else if (pagesAreChannels)
        {
            frames = new[] { main.ToArray() };
            metadata["PagesAre"] = "channels";
        }
        else
        {
            frames = main.Select(p => new[] { p }).ToArray();
            if (main.Count > 1) metadata["PagesAre"] = "frames";
        }
        foreach (var page in main)
        {
            if (page.OutputWidth != first.OutputWidth || page.OutputHeight != first.OutputHeight || page.PixelType != first.PixelType
                || (!pagesAreChannels && page.ChannelCount != first.ChannelCount))
            {
                string shapes = $"page {page.Index + 1} is {page.OutputWidth}×{page.OutputHeight}, {page.ChannelCount} channel(s) of {page.PixelType}, "
                    + $"but page {first.Index + 1} is {first.OutputWidth}×{first.OutputHeight}, {first.ChannelCount} channel(s) of {first.PixelType}";
                throw new MicrographReadException(path, MicrographReadFailure.Mismatch, pagesAreChannels
                    ? $"TIFF file '{path}' cannot be read as channels: {shapes}; without PagesAsChannels each run of pages that agree is read as a micrograph of its own."
                    : $"TIFF file '{path}' cannot be read as one image: its pages form {series.Count} series that differ in {TiffSeries.Differences(series)} "
                      + $"({shapes}); read one series at a time (Import-Micrograph imports each as a micrograph).");
            }
        }

        int channelCount = frames[0].Sum(p => p.ChannelCount);
        IReadOnlyList<string?> names = ome is not null && series.Count == 1 && ome.ChannelNames.Count == channelCount && ome.ChannelNames.Any(n => n is not null)
            ? ome.ChannelNames.ToArray()
            : new string?[channelCount];
        // The OME-XML describes the file's first image; a later series is an image of its own.
        PixelSize? pixelSize = series.Count == 1 ? ome?.PixelSize : null;
        if (pixelSize is null)
        {
            tiff.SetDirectory((short)first.Index);
            pixelSize = ReadResolution(tiff, first.Description);
            directory = first.Index;
        }
        first.ApplyDecodeSettings(tiff);

        string format = ome is not null ? "OME-TIFF" : bigTiff ? "BigTIFF" : "TIFF";
        FillMetadata(metadata, tiff, first, pages.Count, format, ome, messages);
        var context = new TiffReadContext(tiff, path, new TiffChunkCache(cacheBytes));
        return new TiffImageFile(path, tiff, context, frames, directory, format, names, pixelSize, metadata, series.Count);
    }

    private static PixelSize? ReadResolution(LibTiff tiff, string? description)
    {
        double? x = TiffFields.Double(tiff, TiffTag.XRESOLUTION);
        double? y = TiffFields.Double(tiff, TiffTag.YRESOLUTION);
        if (x is not > 0) return null;
        if (y is not > 0) y = x;
        long unit = TiffFields.Long(tiff, TiffTag.RESOLUTIONUNIT) ?? (long)ResUnit.INCH;
        double micronsPerUnit;
        switch ((ResUnit)unit)
        {
            case ResUnit.INCH:
                micronsPerUnit = 25400;
                break;
            case ResUnit.CENTIMETER:
                micronsPerUnit = 10000;
                break;
            default:
                // ImageJ leaves the unit out of the tags and writes it into its description.
                if (description is null || !description.StartsWith("ImageJ=", StringComparison.Ordinal)) return null;
                string? imageJUnit = description.Split('\n').Select(l => l.Trim())
                    .FirstOrDefault(l => l.StartsWith("unit=", StringComparison.Ordinal))?[5..];
                micronsPerUnit = imageJUnit switch
                {
                    "micron" or "um" or "µm" or @"\u00B5m" => 1,
                    "nm" => 0.001,
                    "mm" => 1000,
                    "cm" => 10000,
                    _ => double.NaN,
                };
                if (double.IsNaN(micronsPerUnit)) return null;
                break;
        }
        return new PixelSize(micronsPerUnit / x.Value, micronsPerUnit / y.Value, "µm");
    }

    private static void FillMetadata(Dictionary<string, string> metadata, LibTiff tiff, TiffPage page, int pageCount, string format,
        OmeXmlMetadata? ome, LibTiffMessages.Scope messages)
    {
        metadata["Format"] = format;
        metadata["Pages"] = pageCount.ToString(CultureInfo.InvariantCulture);
        metadata["Compression"] = TiffFields.Name(page.Compression);
        metadata["Photometric"] = page.Photometric.ToString();
        metadata["SamplesPerPixel"] = page.SamplesPerPixel.ToString(CultureInfo.InvariantCulture);
        metadata["BitsPerSample"] = page.BitsPerSample.ToString(CultureInfo.InvariantCulture);
        metadata["SampleFormat"] = page.SampleFormat.ToString();
        metadata["PlanarConfiguration"] = page.Planar ? "separate" : "contiguous";
        metadata["Layout"] = page.Layout;
        if (page.Invert) metadata["MinIsWhite"] = "inverted on read so that higher values are brighter";
        if (page.IsPalette) metadata["Palette"] = page.PaletteDescription;
        if (page.ViaRgba) metadata["DecodedAs"] = "8-bit RGB(A) through LibTiff's RGBA conversion";
        if (page.JpegToRgb) metadata["DecodedAs"] = "JPEG YCbCr converted to RGB";
        page.AddDecodingMetadata(metadata);
        if (ome is not null)
        {
            foreach (var (key, value) in ome.ToMetadata()) metadata[key] = value;
        }
        else if (!string.IsNullOrWhiteSpace(page.Description))
        {
            metadata["ImageDescription"] = page.Description.Length > 4096 ? page.Description[..4096] : page.Description;
        }
        foreach (var (tag, key) in new[] { (TiffTag.SOFTWARE, "Software"), (TiffTag.DATETIME, "DateTime"), (TiffTag.ARTIST, "Artist"), (TiffTag.MAKE, "Make"), (TiffTag.MODEL, "Model") })
        {
            string? text = TiffFields.String(tiff, tag);
            if (!string.IsNullOrWhiteSpace(text)) metadata[key] = text;
        }
        if (messages.Warnings.Count > 0)
        {
            metadata["Warnings"] = string.Join("; ", messages.Warnings.Distinct().Take(8));
        }
    }
}
