using CellOps.Sdk.Imaging;

namespace CellOps.Runtime.Inference;

/// <summary>
/// Where a micrograph's time point comes from: by convention its <see cref="DefaultKey"/> metadata entry
/// (set with <c>Import-Micrograph -Metadata</c>), or any other entry the caller names.
/// </summary>
public static class TimePointMetadata
{
    /// <summary>The metadata entry that holds a micrograph's time point unless another is named.</summary>
    public const string DefaultKey = "CellOps.TimePoint";

    /// <summary>Reads the entry <paramref name="key"/> of each micrograph (see <see cref="Read"/>).</summary>
    public static Func<Micrograph, string?> Reader(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return micrograph => Read(micrograph, key);
    }

    /// <summary>The micrograph's entry <paramref name="key"/>, trimmed; null where it has none or it is blank.</summary>
    public static string? Read(Micrograph micrograph, string key)
    {
        ArgumentNullException.ThrowIfNull(micrograph);
        if (!micrograph.Metadata.TryGetValue(key, out var value))
        {
            // Imported micrographs compare keys without case; one built in code may not.
            value = micrograph.Metadata.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
        }
        return Normalize(value);
    }

    /// <summary>A time point as CellOps keeps it: trimmed, and null where blank.</summary>
    public static string? Normalize(string? timePoint) => string.IsNullOrWhiteSpace(timePoint) ? null : timePoint.Trim();
}
