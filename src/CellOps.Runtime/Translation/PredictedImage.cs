using CellOps.Imaging.Maps;
using System.Globalization;
using CellOps.Sdk.Imaging;

namespace CellOps.Runtime.Translation;

/// <summary>
/// One micrograph's predicted image: a float32 channel per target (e.g. DAPI, MAP2) in the target's own
/// intensity units, held on disk (see <see cref="PredictionSpool"/>) and readable as a
/// <see cref="Sdk.Imaging.Micrograph"/> whose pair is the measured target, where the input had one.
/// </summary>
public sealed class PredictedImage
{
    private readonly PredictionSpool _spool;

    internal PredictedImage(PredictionSpool spool, Micrograph source, TargetScaling scaling, int tileSize, int stride, int tiles, TimeSpan elapsed)
    {
        _spool = spool;
        Source = source;
        Scaling = scaling;
        TileCount = tiles;
        Elapsed = elapsed;
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Format"] = "CellOps prediction",
            ["PredictedFrom"] = source.Path ?? source.Name,
            ["TileSize"] = tileSize.ToString(CultureInfo.InvariantCulture),
            ["Stride"] = stride.ToString(CultureInfo.InvariantCulture),
        };
        var channels = scaling.Channels.Select((name, c) => new ChannelInfo(c, name, ChannelRole.Fluorescence)).ToArray();
        Prediction = new Micrograph(source.Name, null, spool.Width, spool.Height, PixelType.Float32, 1, channels,
            source.PixelSize, metadata, spool.OpenPixels);
        // The spool lives while anything can still read it: the micrograph's reader closure keeps it.
    }

    /// <summary>The micrograph the prediction was made from.</summary>
    public Micrograph Source { get; }

    /// <summary>The prediction: one float32 channel per target, in the target's units, with the source's pixel size.</summary>
    public Micrograph Prediction { get; }

    /// <summary>The measured target (the source's pair), or null.</summary>
    public Micrograph? Truth => Source.Pair;

    /// <summary>How the model's outputs map onto target units.</summary>
    public TargetScaling Scaling { get; }

    /// <summary>Tiles predicted.</summary>
    public int TileCount { get; }

    /// <summary>How long the prediction took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>
    /// Per target channel, how close the prediction came to the measured target (pixel r, SSIM, PSNR, MAE,
    /// and Dice, IoU, precision and recall after Otsu binarisation of both); null where there was no target.
    /// </summary>
    public IReadOnlyList<Metrics.TranslationImageScores>? Scores { get; private set; }

    /// <summary>The target channel's scores by name (e.g. <c>MAP2</c>); null without scores or where no channel has the name.</summary>
    public Metrics.TranslationImageScores? ScoresOf(string channel)
    {
        int c = Scaling.IndexOf(channel);
        return c < 0 || Scores is null ? null : Scores[c];
    }

    /// <summary>
    /// Scores the prediction against the measured target, channel by channel, reading both by bands.
    /// Does nothing where the micrograph had no pair.
    /// </summary>
    /// <exception cref="ArgumentException">The pair's channel count or size differs from the prediction's.</exception>
    /// <exception cref="InvalidDataException">A pixel of either image is not finite.</exception>
    /// <exception cref="MicrographReadException">The pair cannot be read.</exception>
    public void Score(CancellationToken cancellation = default)
    {
        if (Truth is not { } truth) return;
        if (truth.ChannelCount != Scaling.ChannelCount)
        {
            throw new ArgumentException(
                $"The pair of {Source.Name} ('{truth.Path ?? truth.Name}') has {truth.ChannelCount} channel(s); the model predicts {Scaling.ChannelCount} ({string.Join(", ", Scaling.Channels)}).");
        }
        var scores = new Metrics.TranslationImageScores[Scaling.ChannelCount];
        using var measured = truth.OpenPixels();
        using var predicted = OpenPixels();
        for (int c = 0; c < scores.Length; c++)
        {
            scores[c] = Metrics.TranslationMetrics.Compute(measured, c, predicted, c, null, cancellation);
        }
        Scores = scores;
    }

    /// <inheritdoc />
    public override string ToString() => Scores is null
        ? $"{Source.Name} → {string.Join(", ", Scaling.Channels)}"
        : $"{Source.Name}: " + string.Join(", ", Scaling.Channels.Select((n, c) => $"{n} r {Scores[c].Pearson:F3}"));

    /// <summary>Opens the prediction's pixels (channel-planar float32).</summary>
    public IPixelSource OpenPixels() => _spool.OpenPixels();

    /// <summary>Opens one channel of the prediction as a one-channel float32 source.</summary>
    public IPixelSource OpenChannel(int channel) => _spool.OpenChannel(channel);
}
