using CellOps.Sdk.Models;
using TorchSharp.Modules;
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

    /// <summary>
    /// Hands the host an optimiser that a custom loop made, under a name unique in the run (e.g.
    /// <c>generator</c>, <c>discriminator</c>): its state (moments, step counts) is saved with every
    /// checkpoint, and when the run resumes from one the saved state is loaded into it now, so the resumed
    /// run continues as the uninterrupted one would have. The standard trainer's optimiser is kept already.
    /// </summary>
    /// <param name="name">The optimiser's name in the checkpoint.</param>
    /// <param name="optimizer">The optimiser, over parameters already on <see cref="Device"/>.</param>
    /// <exception cref="ArgumentException">The name is taken, or the checkpoint's state does not fit the optimiser.</exception>
    void KeepOptimizer(string name, OptimizerHelper optimizer);

    /// <summary>Reports progress (shown with Write-Progress).</summary>
    void Report(TrainingProgress progress);

    /// <summary>
    /// Ends an epoch: records its metrics (e.g. <c>loss</c>, <c>val_accuracy</c>) and writes the
    /// checkpoint of the network. A <c>val_loss</c> among them is what early stopping watches, and where it
    /// is the lowest so far the host copies the network's weights: unless the user asks for the last
    /// epoch's, the run ends with those of the epoch with the lowest <c>val_loss</c>. Call it with the
    /// network as the epoch left it.
    /// </summary>
    /// <returns>True to go on; false when early stopping or cancellation says to stop.</returns>
    bool EndEpoch(int epoch, IReadOnlyDictionary<string, double> metrics);
}
