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
