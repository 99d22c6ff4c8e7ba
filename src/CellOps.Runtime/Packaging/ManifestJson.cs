using System.Text.Json;
using System.Text.Json.Serialization;

namespace CellOps.Runtime.Packaging;

/// <summary>The one JSON shape of <c>manifest.json</c>, shared by the writer and the reader.</summary>
internal static class ManifestJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        // A diverged run can leave NaN or infinite metrics; they must not make the package unwritable.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static byte[] Serialize(ModelManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Options);

    /// <exception cref="JsonException">Not valid JSON, or not a manifest.</exception>
    public static ModelManifest Deserialize(Stream json) =>
        JsonSerializer.Deserialize<ModelManifest>(json, Options) ?? throw new JsonException("The manifest is null.");

    /// <summary>What is wrong with a parsed manifest's shape, or null; JSON <c>null</c>s slip past the serializer.</summary>
    public static string? Problem(ModelManifest m)
    {
        if (string.IsNullOrWhiteSpace(m.PluginId)) return "has no pluginId";
        if (string.IsNullOrWhiteSpace(m.ModelName)) return "has no modelName";
        if (m.PluginVersion is null) return "has no pluginVersion";
        if (m.SdkVersion is null) return "has no sdkVersion";
        if (m.TrainingFingerprint is null) return "has a null trainingFingerprint";
        if (m.NormalizationMean is null || m.NormalizationStd is null || m.ClassNames is null || m.HyperParameters is null
            || m.Metrics is null || m.EpochMetrics is null || m.Entries is null || m.EpochMetrics.Any(e => e is null)
            || m.ClassNames.Any(n => n is null) || m.Entries.Values.Any(v => v is null)
            || (m.Search is { } search && (search.Method is null || search.Score is null || search.Searched is null || search.Trials is null
                || search.Trials.Any(t => t is null || t.HyperParameters is null)))
            || (m.Validation is { } validation && (validation.By is null || validation.Groups is null || validation.Groups.Any(g => g is null)))
            || (m.Parent is { } parent && (parent.Sha256 is null || parent.Model is null || parent.ClassNames is null || parent.FileName is null))
            || (m.ImportedFrom is { } origin && (origin.FileName is null || origin.Sha256 is null || origin.Format is null)))
            return "has a null where a list or map belongs";
        if (m.TileSize <= 0 || m.Channels <= 0) return "has a tile size or channel count that is not positive";
        if (Bounds(m) is { } bound) return bound;
        if (m.TargetScaling?.Problem() is { } scaling) return $"has a target scaling that {scaling}";
        if (m.Task == CellOps.Sdk.Models.ModelTask.ImageTranslation && m.TargetScaling is null) return "is an image-translation model without its target scaling";
        return null;
    }

    // Checked here, when the manifest is read, because these numbers size what is built later (the network's
    // probe batch, its head), and a few bytes of JSON can otherwise claim gigabytes.
    private static string? Bounds(ModelManifest m)
    {
        if (m.TileSize > PackageLimits.MaxTileSize) return $"says tileSize {m.TileSize}, more than the {PackageLimits.MaxTileSize} CellOps accepts";
        if (m.Channels > PackageLimits.MaxChannels) return $"says channels {m.Channels}, more than the {PackageLimits.MaxChannels} CellOps accepts";
        if (m.ClassNames.Count > PackageLimits.MaxClasses) return $"lists {m.ClassNames.Count} classNames, more than the {PackageLimits.MaxClasses} CellOps accepts";
        if (m.OutputGrids is { } grids && grids.Any(g => g <= 0 || g > PackageLimits.MaxTileSize))
            return $"says outputGrids {string.Join(",", grids)}, where each must lie between 1 and {PackageLimits.MaxTileSize}";
        if (m.LabelValues is { Count: > PackageLimits.MaxClasses } labels) return $"lists {labels.Count} labelValues, more than the {PackageLimits.MaxClasses} CellOps accepts";
        return null;
    }
}
