using System.Globalization;
using System.Runtime.CompilerServices;
using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Fields;

/// <summary>
/// Cuts a micrograph (and its pair, identically) into square fields, each a micrograph that views its
/// region of the original without copying pixels: one well becomes fields that can be held out whole
/// for testing. Fields are given in row-major order. A field is named <c>NAME rRcC</c> and records
/// its row, column, position and parent in its metadata; it keeps the parent's channels, pixel type,
/// frames, pixel size and metadata, and has no path of its own (it is not the file).
/// </summary>
/// <remarks>
/// Only whole fields are cut unless partial ones are asked for: then the last column and row may be
/// narrower or shorter. Reading a field opens its parent; a <see cref="Tiling.TileReader"/> shares one
/// open parent among all the fields it reads (see <see cref="OriginOf"/>), so tiles shuffled across
/// the fields of one well do not decode the well's files again for every tile.
/// </remarks>
public static class MicrographFields
{
    /// <summary>Metadata key: the field's zero-based row in its parent's grid of fields.</summary>
    public const string FieldRowKey = "CellOps.FieldRow";

    /// <summary>Metadata key: the field's zero-based column in its parent's grid of fields.</summary>
    public const string FieldColumnKey = "CellOps.FieldColumn";

    /// <summary>Metadata key: the field's left edge, in the parent's pixels.</summary>
    public const string FieldXKey = "CellOps.FieldX";

    /// <summary>Metadata key: the field's top edge, in the parent's pixels.</summary>
    public const string FieldYKey = "CellOps.FieldY";

    /// <summary>Metadata key: the name of the micrograph the field was cut from.</summary>
    public const string FieldOfKey = "CellOps.FieldOf";

    /// <summary>Metadata key: the path of the micrograph the field was cut from, where it has one.</summary>
    public const string FieldOfPathKey = "CellOps.FieldOfPath";

    private static readonly ConditionalWeakTable<Micrograph, FieldOrigin> Origins = new();

    /// <summary>Cuts <paramref name="micrograph"/> and its pair into fields of <paramref name="size"/> pixels square.</summary>
    /// <param name="micrograph">The micrograph.</param>
    /// <param name="size">Width and height of a field, in pixels.</param>
    /// <param name="includePartial">Also cut the narrower fields of the right edge and the shorter ones of the
    /// bottom edge where the size does not divide the image; by default they are left out.</param>
    /// <returns>The fields, row by row; empty where the micrograph is smaller than one whole field and
    /// <paramref name="includePartial"/> is false.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is less than 1.</exception>
    public static IReadOnlyList<Micrograph> Split(Micrograph micrograph, int size, bool includePartial = false)
    {
        ArgumentNullException.ThrowIfNull(micrograph);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        int columns = includePartial ? (micrograph.Width + size - 1) / size : micrograph.Width / size;
        int rows = includePartial ? (micrograph.Height + size - 1) / size : micrograph.Height / size;
        var fields = new List<Micrograph>(rows * columns);
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                int x = column * size, y = row * size;
                var region = new PixelRect(x, y, Math.Min(size, micrograph.Width - x), Math.Min(size, micrograph.Height - y));
                var field = Cut(micrograph, row, column, region);
                if (micrograph.Pair is { } pair)
                {
                    var origin = Origins.TryGetValue(field, out var o) ? o : throw new InvalidOperationException("A field was cut without its origin.");
                    field = field.WithPair(Cut(pair, row, column, region));
                    Origins.AddOrUpdate(field, origin);
                }
                fields.Add(field);
            }
        }
        return fields;
    }

    /// <summary>Where <paramref name="micrograph"/> lies in the micrograph it was cut from, or null where it
    /// is not a field made by <see cref="Split"/> (or is a copy of one made by <see cref="Micrograph.WithPair"/>
    /// or <see cref="Micrograph.WithChannels"/>, which reads the same pixels without sharing its parent).</summary>
    public static FieldOrigin? OriginOf(Micrograph micrograph)
    {
        ArgumentNullException.ThrowIfNull(micrograph);
        return Origins.TryGetValue(micrograph, out var origin) ? origin : null;
    }

    /// <summary>The name of the field at <paramref name="row"/>, <paramref name="column"/> of a micrograph
    /// named <paramref name="name"/>: the name without an image file's extension, then <c>rRcC</c>.</summary>
    public static string FieldName(string name, int row, int column)
    {
        ArgumentNullException.ThrowIfNull(name);
        var extension = ImageFiles.KnownExtensions
            .Where(e => name.Length > e.Length && name.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(e => e.Length)
            .FirstOrDefault();
        var stem = extension is null ? name : name[..^extension.Length];
        return string.Create(CultureInfo.InvariantCulture, $"{stem} r{row}c{column}");
    }

    private static Micrograph Cut(Micrograph parent, int row, int column, PixelRect region)
    {
        var (root, rootRegion) = OriginOf(parent) is { } origin
            ? (origin.Parent, region with { X = region.X + origin.Region.X, Y = region.Y + origin.Region.Y })
            : (parent, region);
        var metadata = new Dictionary<string, string>(parent.Metadata, StringComparer.OrdinalIgnoreCase)
        {
            [FieldRowKey] = row.ToString(CultureInfo.InvariantCulture),
            [FieldColumnKey] = column.ToString(CultureInfo.InvariantCulture),
            [FieldXKey] = region.X.ToString(CultureInfo.InvariantCulture),
            [FieldYKey] = region.Y.ToString(CultureInfo.InvariantCulture),
            [FieldOfKey] = parent.Name,
        };
        if (parent.Path is { } path) metadata[FieldOfPathKey] = path;
        else metadata.Remove(FieldOfPathKey);
        // Path stays null: the field is not the file, and a shared path would make the fields of one
        // well look like one source wherever sources are told apart by path.
        var field = new Micrograph(FieldName(parent.Name, row, column), null, region.Width, region.Height, parent.PixelType,
            parent.FrameCount, parent.Channels, parent.PixelSize, metadata,
            () => Open(root, rootRegion));
        Origins.AddOrUpdate(field, new FieldOrigin(root, rootRegion));
        return field;
    }

    private static IPixelSource Open(Micrograph root, PixelRect region)
    {
        var parent = root.OpenPixels();
        try
        {
            return new RegionPixelSource(parent, region, ownsParent: true);
        }
        catch
        {
            parent.Dispose();
            throw;
        }
    }
}
