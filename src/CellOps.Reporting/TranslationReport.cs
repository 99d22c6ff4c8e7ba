using CellOps.Runtime.Metrics;
using CellOps.Runtime.Training;
using CellOps.Runtime.Translation;

namespace CellOps.Reporting;

/// <summary>
/// The numbers behind the report of an image-translation model: each micrograph's prediction scored
/// against its measured target per channel, the scores pooled over all of them, and, optionally, how
/// the model trained.
/// </summary>
public sealed class TranslationReport
{
    private TranslationReport(string model, IReadOnlyList<string> channels, IReadOnlyList<PredictedImage> micrographs,
        IReadOnlyList<TranslationSetScores>? scores, IReadOnlyList<EpochRecord> epochs, bool complete)
    {
        Model = model;
        Channels = channels;
        Micrographs = micrographs;
        Scored = micrographs.Where(m => m.Scores is not null).ToArray();
        Scores = scores;
        Epochs = epochs;
        Complete = complete;
    }

    /// <summary>The model (PluginId.ModelName).</summary>
    public string Model { get; }

    /// <summary>The target channels' names (e.g. DAPI, MAP2).</summary>
    public IReadOnlyList<string> Channels { get; }

    /// <summary>Every micrograph predicted, in input order.</summary>
    public IReadOnlyList<PredictedImage> Micrographs { get; }

    /// <summary>The micrographs that were scored against a measured target, in input order.</summary>
    public IReadOnlyList<PredictedImage> Scored { get; }

    /// <summary>Per channel, the scores pooled over <see cref="Scored"/> (see <see cref="TranslationMetrics.Pool"/>); null where none was scored.</summary>
    public IReadOnlyList<TranslationSetScores>? Scores { get; }

    /// <summary>Per-epoch training metrics; empty where no trained model was given.</summary>
    public IReadOnlyList<EpochRecord> Epochs { get; }

    /// <summary>False where some result's run was stopped before every micrograph was predicted.</summary>
    public bool Complete { get; }

    /// <summary>Gathers a report from translation results (merged where there are several) and, optionally, the training run.</summary>
    /// <param name="results">The results of Invoke-CellModel with an image-translation model.</param>
    /// <param name="epochs">The training run's epochs, or null.</param>
    /// <exception cref="ArgumentException">No results, results of different models, or of different target channels.</exception>
    public static TranslationReport Create(IReadOnlyList<TranslationResult> results, IReadOnlyList<EpochRecord>? epochs = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0) throw new ArgumentException("A report needs at least one translation result.", nameof(results));
        if (results.Any(r => r is null)) throw new ArgumentException("A translation result is null.", nameof(results));
        var models = results.Select(r => r.Model).Distinct(StringComparer.Ordinal).ToArray();
        if (models.Length > 1) throw new ArgumentException($"A report covers one model; got {string.Join(", ", models)}.", nameof(results));
        // A result of no micrographs has no channels to compare.
        var channelSets = results.Where(r => r.Count > 0).Select(r => r.Channels).ToArray();
        var channels = channelSets.FirstOrDefault() ?? Array.Empty<string>();
        if (channelSets.FirstOrDefault(c => !c.SequenceEqual(channels, StringComparer.OrdinalIgnoreCase)) is { } other)
        {
            throw new ArgumentException(
                $"A report covers one set of target channels; got {string.Join(", ", channels)} and {string.Join(", ", other)}.", nameof(results));
        }

        var micrographs = results.SelectMany(r => r.Micrographs).ToArray();
        var scored = micrographs.Where(m => m.Scores is not null).ToArray();
        if (scored.FirstOrDefault(m => m.Scores!.Count != channels.Count) is { } odd)
            throw new ArgumentException($"{odd.Source.Name} has scores of {odd.Scores!.Count} channel(s); the model predicts {channels.Count}.", nameof(results));
        // Pooling again over every result's micrographs: one result's own pooled scores are the same numbers.
        var scores = scored.Length == 0 ? null
            : Enumerable.Range(0, channels.Count).Select(c => TranslationMetrics.Pool(scored.Select(m => m.Scores![c]).ToArray())).ToArray();
        return new TranslationReport(models[0], channels, micrographs, scores, epochs ?? [], results.All(r => r.Complete));
    }

    /// <summary>The channel's pooled scores by name; null without scores or where no channel has the name.</summary>
    public TranslationSetScores? ScoresOf(string channel)
    {
        int c = Channels.ToList().FindIndex(n => string.Equals(n, channel, StringComparison.OrdinalIgnoreCase));
        return c < 0 || Scores is null ? null : Scores[c];
    }
}
