using CellOps.Runtime.Data;

namespace CellOps.Runtime.Training;

/// <summary>How a training run goes; the cmdlet's parameters, validated.</summary>
public sealed record TrainingOptions
{
    /// <summary>Epochs to train (at least 1).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Tiles per batch (at least 1).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Learning rate; null for the model's LearningRate hyperparameter (or 0.001).</summary>
    public double? LearningRate { get; init; }

    /// <summary>Share of tiles held out for validation, by whole micrographs (or whole <see cref="HoldOutBy"/> groups); 0 for none.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>The groups of micrographs the validation split holds out whole (a run, a well, a column of fields); null for single micrographs.</summary>
    public HoldOutGrouping? HoldOutBy { get; init; }

    /// <summary>
    /// With a validation split: end with the weights of the epoch whose validation loss was lowest (the one
    /// early stopping measures from), not those of the last epoch. Validation loss swings from epoch to epoch,
    /// and after early stopping the last epochs are by definition not the best.
    /// </summary>
    public bool KeepBest { get; init; } = true;

    /// <summary>Whether the run keeps its best epoch: <see cref="KeepBest"/> and a validation split.</summary>
    public bool KeepsBest => KeepBest && ValidationFraction > 0;

    /// <summary>Seed of every random choice: initial weights, split, shuffling, augmentation, dropout.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Random flips and quarter-turns of training tiles.</summary>
    public bool Augment { get; init; } = true;

    /// <summary>Weight the loss so that every class counts equally (with <see cref="BatchSampling.Shuffled"/>
    /// sampling only: balanced batches are already even, and weighting them too would over-correct).</summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>How each epoch's training tiles are drawn: all once, shuffled, or class-balanced.</summary>
    public BatchSampling Sampling { get; init; } = BatchSampling.Shuffled;

    /// <summary>Whether the loss is weighted by class: <see cref="BalanceClasses"/> with shuffled sampling.</summary>
    public bool WeightsLoss => BalanceClasses && Sampling == BatchSampling.Shuffled;

    /// <summary>Stop when the validation loss has not improved for this many epochs; 0 never stops early.</summary>
    public int Patience { get; init; }

    /// <summary>With a parent (<see cref="TrainingRequest.Parent"/>): keep the backbone taken from it fixed and train only the new head.</summary>
    public bool FreezeBackbone { get; init; }

    /// <summary>User values of the model's hyperparameters.</summary>
    public IReadOnlyDictionary<string, double> HyperParameters { get; init; } = new Dictionary<string, double>();

    /// <summary>Where to write a checkpoint after every epoch, or null.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Continue from <see cref="CheckpointPath"/> where it exists.</summary>
    public bool Resume { get; init; }

    /// <summary>Throws where a value is out of range.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be at least 1.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        if (LearningRate is { } lr && !(lr > 0 && lr < 10)) throw new ArgumentOutOfRangeException(nameof(LearningRate), lr, "LearningRate must be positive and below 10.");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1)) throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "ValidationFraction must be at least 0 and below 1.");
        if (HoldOutBy is not null && ValidationFraction == 0)
            throw new ArgumentException($"Validation is held out by {HoldOutBy.Description}, but the validation fraction is 0: give a fraction above 0, or hold nothing out.");
        if (!Enum.IsDefined(Sampling)) throw new ArgumentOutOfRangeException(nameof(Sampling), Sampling, "Unknown sampling.");
        if (Patience < 0) throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "Patience cannot be negative.");
        if (Resume && CheckpointPath is null) throw new ArgumentException("Resume needs a checkpoint path.");
    }
}
