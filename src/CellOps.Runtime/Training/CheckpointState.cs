using System.Text.Json.Serialization;
using CellOps.Runtime.Data;

namespace CellOps.Runtime.Training;

/// <summary>
/// What a checkpoint records beyond the model: where the run was, and the settings that must be the
/// same for a resumed run to continue exactly as the interrupted one would have.
/// </summary>
public sealed record CheckpointState
{
    /// <summary>The last finished epoch.</summary>
    public int Epoch { get; init; }

    /// <summary>Early stopping: the lowest validation loss so far.</summary>
    public double BestLoss { get; init; } = double.PositiveInfinity;

    /// <summary>Early stopping: epochs since that loss.</summary>
    public int EpochsSinceBest { get; init; }

    /// <summary>The epoch that reached <see cref="BestLoss"/>; 0 before any epoch reported a validation loss.</summary>
    public int BestEpoch { get; init; }

    /// <summary>
    /// Whether the run keeps the weights of its best epoch (<see cref="TrainingOptions.KeepBest"/> with a validation
    /// split); such a checkpoint carries them where that epoch is not its own (<see cref="Checkpoint.BestWeightsEntry"/>).
    /// </summary>
    public bool KeepBest { get; init; }

    /// <summary>Tiles per batch.</summary>
    public int BatchSize { get; init; }

    /// <summary>The validation fraction.</summary>
    public double ValidationFraction { get; init; }

    /// <summary>What the validation split held out whole (<see cref="HoldOutGrouping.Description"/>); null for micrographs.</summary>
    public string? HoldOutBy { get; init; }

    /// <summary>Whether training tiles were augmented.</summary>
    public bool Augment { get; init; }

    /// <summary>Whether the loss was class-balanced.</summary>
    public bool BalanceClasses { get; init; }

    /// <summary>How training tiles were drawn (checkpoints from before sampling was a choice were shuffled).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<BatchSampling>))]
    public BatchSampling Sampling { get; init; }

    /// <summary>Whether the backbone taken from a parent package was kept fixed.</summary>
    public bool FreezeBackbone { get; init; }

    /// <summary>The learning rate.</summary>
    public double LearningRate { get; init; }

    /// <summary>The first setting that differs from <paramref name="other"/>, in words, or null where all agree.</summary>
    public string? Difference(CheckpointState other)
    {
        if (BatchSize != other.BatchSize) return $"batch size {BatchSize} vs {other.BatchSize}";
        if (ValidationFraction != other.ValidationFraction) return $"validation fraction {ValidationFraction} vs {other.ValidationFraction}";
        if (!string.Equals(HoldOutBy, other.HoldOutBy, StringComparison.Ordinal))
            return $"validation held out by {HoldOutBy ?? ValidationSplit.ByMicrograph} vs {other.HoldOutBy ?? ValidationSplit.ByMicrograph}";
        if (KeepBest != other.KeepBest) return $"weights kept: {Kept(KeepBest)} vs {Kept(other.KeepBest)}";
        if (Augment != other.Augment) return $"augmentation {(Augment ? "on" : "off")} vs {(other.Augment ? "on" : "off")}";
        if (BalanceClasses != other.BalanceClasses) return $"class balancing {(BalanceClasses ? "on" : "off")} vs {(other.BalanceClasses ? "on" : "off")}";
        if (Sampling != other.Sampling) return $"sampling {Sampling} vs {other.Sampling}";
        if (FreezeBackbone != other.FreezeBackbone) return $"backbone {(FreezeBackbone ? "frozen" : "trained")} vs {(other.FreezeBackbone ? "frozen" : "trained")}";
        if (LearningRate != other.LearningRate) return $"learning rate {LearningRate} vs {other.LearningRate}";
        return null;
    }

    private static string Kept(bool best) => best ? "the best epoch's" : "the last epoch's (-KeepLast)";
}
