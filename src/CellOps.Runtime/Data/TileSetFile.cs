using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Data;

/// <summary>
/// A tile set in one file, so that a training task on another process or machine trains on exactly the tiles the
/// session cut: its properties, every tile (source, frame, rectangle, target) and the pixels of every source
/// micrograph and its pair, read once from wherever they came from (files, stacks, images made in memory).
/// </summary>
/// <remarks>
/// Layout: the magic <c>CELLTILE</c>, a little-endian int32 header length, the header (UTF-8 JSON), then each
/// micrograph's raw samples (frame by frame, channel-planar, as <see cref="IPixelSource.ReadRegion"/> gives them) in
/// header order. A task reads the pixels back into memory: the file is as large as the source micrographs' pixels.
/// </remarks>
public static class TileSetFile
{
    private static readonly byte[] Magic = "CELLTILE"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes <paramref name="tiles"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="MicrographReadException">A source micrograph can no longer be read.</exception>
    /// <exception cref="ArgumentException">A source micrograph's frame is too large for the file (2 GB of samples).</exception>
    public static void Write(string path, TileSet tiles)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        var images = new List<Micrograph>();
        var index = new Dictionary<Micrograph, int>(ReferenceEqualityComparer.Instance);
        int Add(Micrograph m)
        {
            if (index.TryGetValue(m, out int i)) return i;
            // The pair first, so an entry only ever points back to one already listed.
            if (m.Pair is not null) Add(m.Pair);
            index[m] = images.Count;
            images.Add(m);
            return images.Count - 1;
        }
        foreach (var source in tiles.Sources) Add(source);
        foreach (var tile in tiles.Tiles) Add(tile.Source);

        var header = new Header
        {
            TileSize = tiles.TileSize,
            Stride = tiles.Stride,
            EdgePolicy = tiles.EdgePolicy,
            Target = tiles.Target,
            ClassCount = tiles.ClassCount,
            IgnoreClass = tiles.IgnoreClass,
            Grids = tiles.Grids.ToArray(),
            ClassNames = tiles.ClassNames.ToArray(),
            WholeImages = tiles.WholeImages,
            LabelValues = tiles.LabelValues.ToArray(),
            Sources = tiles.Sources.Select(s => index[s]).ToArray(),
            Images = images.Select(m => new ImageEntry
            {
                Name = m.Name,
                Path = m.Path,
                Width = m.Width,
                Height = m.Height,
                PixelType = m.PixelType,
                FrameCount = m.FrameCount,
                Channels = m.Channels.Select(c => new ChannelEntry { Index = c.Index, Name = c.Name, Role = c.Role }).ToArray(),
                PixelSize = m.PixelSize,
                Metadata = new Dictionary<string, string>(m.Metadata),
                Pair = m.Pair is null ? null : index[m.Pair],
            }).ToArray(),
            Tiles = tiles.Tiles.Select(t => new TileEntry
            {
                Image = index[t.Source],
                Frame = t.Frame,
                X = t.Rect.X,
                Y = t.Rect.Y,
                Width = t.Rect.Width,
                Height = t.Rect.Height,
                Label = t.Label,
                PositiveFraction = t.PositiveFraction,
                Histograms = t.Histograms?.ToArray(),
            }).ToArray(),
        };

        string full = Path.GetFullPath(path);
        string temp = AtomicFile.TemporaryPathFor(full);
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: false))
            {
                byte[] json = JsonSerializer.SerializeToUtf8Bytes(header, Json);
                writer.Write(Magic);
                writer.Write(json.Length);
                writer.Write(json);
                foreach (var image in images)
                {
                    using var pixels = image.OpenPixels();
                    var region = new PixelRect(0, 0, pixels.Width, pixels.Height);
                    long frameBytes = (long)pixels.Width * pixels.Height * pixels.ChannelCount * pixels.PixelType.BytesPerSample();
                    if (frameBytes * pixels.FrameCount > int.MaxValue)
                    {
                        throw new ArgumentException($"{image.Path ?? image.Name} ({image.Width}×{image.Height}, {pixels.FrameCount} frame(s)) is too large to carry " +
                                                    "into a tile set file; cut it into fields first (Split-Micrograph).", nameof(tiles));
                    }
                    writer.Write(pixels.ChannelCount);
                    writer.Write(pixels.FrameCount);
                    var buffer = new byte[pixels.RegionByteCount(region)];
                    for (int frame = 0; frame < pixels.FrameCount; frame++)
                    {
                        pixels.ReadRegion(frame, region, buffer);
                        writer.Write(buffer);
                    }
                }
                writer.Flush();
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>Reads a tile set written by <see cref="Write"/>; its micrographs hold their pixels in memory.</summary>
    /// <exception cref="InvalidDataException">The file is not a tile set file, or is damaged or truncated.</exception>
    public static TileSet Read(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using var reader = new BinaryReader(file, Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new InvalidDataException($"{path} is not a CellOps tile set file.");
            int length = reader.ReadInt32();
            var header = JsonSerializer.Deserialize<Header>(reader.ReadBytes(length), Json)
                         ?? throw new InvalidDataException($"The tile set file {path} has no header.");
            var images = new Micrograph[header.Images.Length];
            for (int i = 0; i < images.Length; i++)
            {
                var entry = header.Images[i];
                int channels = reader.ReadInt32();
                int frames = reader.ReadInt32();
                long size = (long)entry.Width * entry.Height * channels * frames * entry.PixelType.BytesPerSample();
                byte[] raw = reader.ReadBytes(checked((int)size));
                if (raw.Length != size) throw new EndOfStreamException();
                var source = ArrayPixelSource.FromRaw(raw, entry.PixelType, entry.Width, entry.Height, channels, frames);
                var micrograph = new Micrograph(entry.Name, entry.Path, entry.Width, entry.Height, entry.PixelType, entry.FrameCount,
                    entry.Channels.Select(c => new ChannelInfo(c.Index, c.Name, c.Role)).ToArray(), entry.PixelSize, entry.Metadata, () => source);
                images[i] = entry.Pair is int pair ? micrograph.WithPair(images[pair]) : micrograph;
            }
            var tiles = header.Tiles.Select((t, k) => new Tile(k, images[t.Image], t.Frame, new PixelRect(t.X, t.Y, t.Width, t.Height), t.Label,
                t.PositiveFraction, t.Histograms)).ToArray();
            return new TileSet(tiles, header.Sources.Select(s => images[s]).ToArray(), header.TileSize, header.Stride, header.EdgePolicy, header.Target,
                header.ClassCount, header.IgnoreClass, header.Grids, header.ClassNames, header.WholeImages, header.LabelValues);
        }
        catch (Exception ex) when (ex is EndOfStreamException or JsonException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"The tile set file {path} is damaged: {ex.Message}", ex);
        }
    }

    private sealed class Header
    {
        public int TileSize { get; set; }
        public int Stride { get; set; }
        public EdgePolicy EdgePolicy { get; set; }
        public TileTarget Target { get; set; }
        public int ClassCount { get; set; }
        public int? IgnoreClass { get; set; }
        public int[] Grids { get; set; } = [];
        public string[] ClassNames { get; set; } = [];
        public bool WholeImages { get; set; }
        public int[] LabelValues { get; set; } = [];
        public int[] Sources { get; set; } = [];
        public ImageEntry[] Images { get; set; } = [];
        public TileEntry[] Tiles { get; set; } = [];
    }

    private sealed class ImageEntry
    {
        public string Name { get; set; } = "";
        public string? Path { get; set; }
        public int Width { get; set; }
        public int Height { get; set; }
        public PixelType PixelType { get; set; }
        public int FrameCount { get; set; }
        public ChannelEntry[] Channels { get; set; } = [];
        public PixelSize? PixelSize { get; set; }
        public Dictionary<string, string> Metadata { get; set; } = new();
        public int? Pair { get; set; }
    }

    private sealed class ChannelEntry
    {
        public int Index { get; set; }
        public string Name { get; set; } = "";
        public ChannelRole Role { get; set; }
    }

    private sealed class TileEntry
    {
        public int Image { get; set; }
        public int Frame { get; set; }
        public int X { get; set; }
        public int Y { get; set; }
        public int Width { get; set; }
        public int Height { get; set; }
        public int Label { get; set; }
        public double? PositiveFraction { get; set; }
        public float[][]? Histograms { get; set; }
    }
}
