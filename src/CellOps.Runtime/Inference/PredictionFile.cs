using System.Text.Json;
using System.Text.Json.Serialization;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Maps;
using CellOps.Runtime.Metrics;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Inference;

/// <summary>
/// Saves prediction results as JSON and reads them back as <see cref="PredictionResult"/>s with the same tiles,
/// probabilities, per-micrograph summaries (segmentation scores and group keys included), overall segmentation
/// scores, dense cells, map coverage and label coding; the evaluation is computed again from the tiles, as a
/// prediction computes it. What is not carried: the pixels (a read-back micrograph opens its file again, by
/// path, when its pixels are needed, e.g. for a figure), a micrograph's pair, and the tiles' training targets
/// (positive fractions, histograms), which a prediction does not use.
/// </summary>
public static class PredictionFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes <paramref name="results"/> to <paramref name="path"/> atomically (the file is whole or absent).</summary>
    /// <exception cref="IOException">The file could not be written.</exception>
    /// <exception cref="NotSupportedException">A result is a dense model's over a whole slide, whose maps were built while it predicted: its cells were not kept.</exception>
    public static void Write(string path, IReadOnlyList<PredictionResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.FirstOrDefault(r => r.MapsBuilt) is { } slide)
        {
            throw new NotSupportedException(
                $"The prediction of {string.Join(", ", slide.Sources.Select(m => m.Name))} by {slide.Model} built its maps while it ran (a micrograph over " +
                $"{PredictionResult.InMemoryMapPixels / 1_000_000} megapixels), so its per-tile cells were not kept and it cannot be saved as a job result; " +
                "cut the slide with Split-Micrograph first, or run it with Invoke-CellModel and Export-VirtualStain directly.");
        }
        var saved = results.Select(Save).ToArray();
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(saved, Options));
    }

    /// <summary>Reads the results <see cref="Write"/> saved, in the order they were saved.</summary>
    /// <exception cref="InvalidDataException">The file is not a saved prediction.</exception>
    public static IReadOnlyList<PredictionResult> Read(string path)
    {
        SavedPrediction[]? saved;
        try
        {
            using var stream = File.OpenRead(path);
            saved = JsonSerializer.Deserialize<SavedPrediction[]>(stream, Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a saved CellOps prediction: {ex.Message}", ex);
        }
        if (saved is null || saved.Any(s => s is null || s.Tiles is null || s.Micrographs is null || s.ClassNames is null))
            throw new InvalidDataException($"{path} is not a saved CellOps prediction: a part is missing.");
        return saved.Select(s => Restore(s, path)).ToArray();
    }

    /// <summary>
    /// One result of the same model made of several, as one prediction over all their micrographs would be: tiles and
    /// micrographs in the order given, the evaluation computed over every tile, the segmentation scores summed.
    /// </summary>
    /// <exception cref="ArgumentException">No results, or results of different models or classes.</exception>
    public static PredictionResult Combine(IReadOnlyList<PredictionResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0) throw new ArgumentException("Nothing to combine.", nameof(results));
        if (results.Count == 1) return results[0];
        var parts = results.Select(Save).ToArray();
        var first = parts[0];
        foreach (var part in parts)
        {
            if (part.Model != first.Model || !part.ClassNames.SequenceEqual(first.ClassNames) || part.Grid != first.Grid || part.Block != first.Block)
                throw new ArgumentException($"Results of {part.Model} ({string.Join(", ", part.ClassNames)}) cannot be combined with results of {first.Model} ({string.Join(", ", first.ClassNames)}).", nameof(results));
        }
        var micrographs = new List<SavedMicrograph>();
        var tiles = new List<SavedTile>();
        foreach (var part in parts)
        {
            int tileOffset = tiles.Count, micrographOffset = micrographs.Count;
            micrographs.AddRange(part.Micrographs.Select(m => m with { Tiles = m.Tiles.Select(t => t + tileOffset).ToArray() }));
            tiles.AddRange(part.Tiles.Select(t => t with { Micrograph = t.Micrograph + micrographOffset }));
        }
        var segmentations = parts.Select(p => p.Segmentation).ToArray();
        var combined = first with
        {
            Complete = parts.All(p => p.Complete),
            Segmentation = segmentations.All(s => s is not null) ? SegmentationMetrics.Merge(segmentations!) : null,
            Micrographs = micrographs.ToArray(),
            Tiles = tiles.ToArray(),
            Cells = parts.All(p => p.Cells is not null) ? parts.SelectMany(p => p.Cells!).ToArray() : null,
        };
        return Restore(combined, "the combined results");
    }

    private static SavedPrediction Save(PredictionResult result)
    {
        var sourceTiles = result.SourceTiles;
        var sources = result.Sources;
        var micrographIndex = new Dictionary<Micrograph, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < sources.Count; i++) micrographIndex[sources[i]] = i;
        var tiles = new SavedTile[result.Tiles.Count];
        for (int i = 0; i < tiles.Length; i++)
        {
            var tile = sourceTiles[i];
            var rect = tile.Rect;
            tiles[i] = new SavedTile(micrographIndex[tile.Source], tile.Index, tile.Frame, rect.X, rect.Y, rect.Width, rect.Height, tile.Label,
                result.Tiles[i].Probabilities.ToArray());
        }
        var micrographs = sources.Select((m, i) => new SavedMicrograph(m.Name, m.Path, m.Width, m.Height, m.PixelType, m.FrameCount,
            m.Channels.Select(c => new SavedChannel(c.Index, c.Name, c.Role)).ToArray(), m.PixelSize,
            m.Metadata.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal), result.Micrographs[i], result.MicrographTiles[i])).ToArray();
        var coding = result.LabelCoding is { } c ? new SavedLabelCoding(c.ClassCount, c.IgnoreValue, c.Values.ToArray()) : null;
        return new SavedPrediction(result.Model, result.ClassNames.ToArray(), result.Complete, result.GroupedBy, result.Footprint.Block,
            result.Footprint.Grid, coding, result.Segmentation, micrographs, tiles, result.CellValues);
    }

    private static PredictionResult Restore(SavedPrediction saved, string origin)
    {
        int k = saved.ClassNames.Length;
        var sources = saved.Micrographs.Select(Describe).ToArray();
        var sourceTiles = new Tile[saved.Tiles.Length];
        var predictions = new TilePrediction[saved.Tiles.Length];
        for (int i = 0; i < saved.Tiles.Length; i++)
        {
            var t = saved.Tiles[i];
            if (t.Micrograph < 0 || t.Micrograph >= sources.Length || t.Probabilities is null || t.Probabilities.Length != k)
                throw new InvalidDataException($"Tile {i} of {origin} names no saved micrograph or has not {k} probabilities.");
            var source = sources[t.Micrograph];
            var rect = new PixelRect(t.X, t.Y, t.Width, t.Height);
            sourceTiles[i] = new Tile(t.Index, source, t.Frame, rect, t.Label);
            int predicted = ClassificationMetrics.PredictedClass(t.Probabilities);
            predictions[i] = new TilePrediction(source.Name, t.Index, rect, predicted, saved.ClassNames[predicted], t.Probabilities,
                t.Label >= 0 ? t.Label : null);
        }
        var labels = saved.Tiles.Select(t => t.Label).ToArray();
        bool labelled = labels.Length > 0 && Array.TrueForAll(labels, l => l >= 0 && l < k);
        var evaluation = saved.Complete && labelled
            ? ClassificationMetrics.Compute(saved.Tiles.SelectMany(t => t.Probabilities).ToArray(), labels, k, saved.ClassNames)
            : null;
        var footprint = saved.Grid > 0 ? MapFootprint.Cells(saved.Grid) : saved.Block > 0 ? MapFootprint.Centre(saved.Block) : MapFootprint.WholeTile;
        var coding = saved.LabelCoding is { } c ? new LabelCoding(c.ClassCount, c.IgnoreValue, c.Values) : null;
        return PredictionResult.Restore(saved.Model, predictions, saved.Micrographs.Select(m => m.Summary).ToArray(), evaluation, saved.Complete,
            sourceTiles, saved.ClassNames, footprint, sources, saved.Micrographs.Select(m => m.Tiles).ToArray(), saved.Cells, coding,
            saved.Segmentation, saved.GroupedBy);
    }

    // The pixels stay in the micrograph's file: they are read again from there when asked for.
    private static Micrograph Describe(SavedMicrograph m)
    {
        string? path = m.Path;
        return new Micrograph(m.Name, path, m.Width, m.Height, m.PixelType, m.FrameCount,
            m.Channels.Select(c => new ChannelInfo(c.Index, c.Name, c.Role)).ToArray(), m.PixelSize, m.Metadata,
            () => path is not null
                ? MicrographLoader.Load(path).OpenPixels()
                : throw new InvalidOperationException($"{m.Name} was made in memory; a saved prediction does not carry its pixels."));
    }
}
