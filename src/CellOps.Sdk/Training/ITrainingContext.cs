using CellOps.Sdk.Models;
using static TorchSharp.torch;

namespace CellOps.Sdk.Training;

/// <summary>
/// What the host gives a training loop: data as batches on the device, the run's settings, progress,
/// cancellation, and the end-of-epoch hook that records metrics and writes the checkpoint.
/// </summary>
public interface ITrainingContext
{
    /// <summary>The device tensors live on.</summary>
    Device Device { get; }

    /// <summary>Resolved hyperparameters.</summary>
    HyperParameterValues HyperParameters { get; }

    /// <summary>The run's random seed (the host has already seeded torch with it).</summary>
    long Seed { get; }

    /// <summary>Epochs to train.</summary>
    int Epochs { get; }

    /// <summary>The first epoch to run (1, or later when resuming from a checkpoint).</summary>
    int StartEpoch { get; }

    /// <summary>Tiles per batch.</summary>
    int BatchSize { get; }

    /// <summary>Learning rate for the run.</summary>
    double LearningRate { get; }

    /// <summary>Number of training batches per epoch.</summary>
    int TrainingBatchCount { get; }

    /// <summary>Signalled when the user stops the run (Ctrl+C); finish the current batch and return.</summary>
    CancellationToken Cancellation { get; }

    /// <summary>The training tiles of <paramref name="epoch"/>: shuffled and augmented the same way for the same seed and epoch.</summary>
    IEnumerable<TrainingBatch> TrainingBatches(int epoch);

    /// <summary>The validation tiles (never shuffled or augmented); empty without a validation split.</summary>
    IEnumerable<TrainingBatch> ValidationBatches();

    /// <summary>Reports progress (shown with Write-Progress).</summary>
    void Report(TrainingProgress progress);

    /// <summary>
    /// Ends an epoch: records its metrics (e.g. <c>loss</c>, <c>val_accuracy</c>) and writes the
    /// checkpoint of the network.
    /// </summary>
    /// <returns>True to go on; false when early stopping or cancellation says to stop.</returns>
    bool EndEpoch(int epoch, IReadOnlyDictionary<string, double> metrics);
}
