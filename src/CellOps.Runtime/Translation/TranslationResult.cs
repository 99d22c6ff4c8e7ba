namespace CellOps.Runtime.Translation;

/// <summary>
/// What an image-translation model made of a set of micrographs: each micrograph's predicted image
/// and, where it had a measured target (its pair), how close the prediction came, per target channel
/// and pooled over the set.
/// </summary>
public sealed class TranslationResult
{
    /// <summary>Assembles a result.</summary>
    /// <param name="model">The model (PluginId.ModelName).</param>
    /// <param name="micrographs">The predictions, in input order.</param>
    /// <param name="complete">False where the run was stopped before every micrograph was predicted.</param>
    public TranslationResult(string model, IReadOnlyList<PredictedImage> micrographs, bool complete)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Micrographs = micrographs ?? throw new ArgumentNullException(nameof(micrographs));
        Complete = complete;
        var scored = micrographs.Where(m => m.Scores is not null).ToArray();
        Scores = scored.Length == 0 ? null
            : Enumerable.Range(0, scored[0].Scores!.Count).Select(c => Metrics.TranslationMetrics.Pool(scored.Select(m => m.Scores![c]).ToArray())).ToArray();
    }

    /// <summary>
    /// Per target channel, the scores pooled over the micrographs that had a measured target (see
    /// <see cref="Metrics.TranslationMetrics.Pool"/>), with Pearson's r across them of predicted against
    /// measured positive area; null where none had one.
    /// </summary>
    public IReadOnlyList<Metrics.TranslationSetScores>? Scores { get; }

    /// <summary>The target channel's pooled scores by name (e.g. <c>DAPI</c>); null without scores or where no channel has the name.</summary>
    public Metrics.TranslationSetScores? ScoresOf(string channel)
    {
        int c = Micrographs.Count == 0 ? -1 : Micrographs[0].Scaling.IndexOf(channel);
        return c < 0 || Scores is null ? null : Scores[c];
    }

    /// <summary>The model (PluginId.ModelName).</summary>
    public string Model { get; }

    /// <summary>Each micrograph's prediction, in input order.</summary>
    public IReadOnlyList<PredictedImage> Micrographs { get; }

    /// <summary>Number of micrographs predicted.</summary>
    public int Count => Micrographs.Count;

    /// <summary>The target channels' names.</summary>
    public IReadOnlyList<string> Channels => Micrographs.Count == 0 ? Array.Empty<string>() : Micrographs[0].Scaling.Channels;

    /// <summary>False where the run was stopped before every micrograph was predicted.</summary>
    public bool Complete { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Model}: {Count} micrograph(s) → {string.Join(", ", Channels)}";
}
