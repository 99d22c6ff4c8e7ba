using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Sdk.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// What the host gives a custom training loop, cut down to timing its steps: one epoch of
/// <see cref="TrainingBatchCount"/> batches that are all the same ready tensors (so the tiles' reading
/// and augmentation are not timed, as the standard trainer's rows feed one fixed batch), no validation
/// tiles, no checkpoints. Each batch handed out is a new handle on the same storage, since the loop
/// disposes every batch it is given.
/// </summary>
internal sealed class FixedBatchTrainingContext : ITrainingContext
{
    private readonly Tensor _inputs;
    private readonly Tensor _targets;

    public FixedBatchTrainingContext(HyperParameterValues values, double learningRate, Tensor inputs, Tensor targets, int batches)
    {
        HyperParameters = values;
        LearningRate = learningRate;
        _inputs = inputs;
        _targets = targets;
        TrainingBatchCount = batches;
    }

    public Device Device => CPU;

    public HyperParameterValues HyperParameters { get; }

    public long Seed => 0;

    public int Epochs => 1;

    public int StartEpoch => 1;

    public int BatchSize => (int)_inputs.shape[0];

    public double LearningRate { get; }

    public int TrainingBatchCount { get; }

    public CancellationToken Cancellation => CancellationToken.None;

    public IEnumerable<TrainingBatch> TrainingBatches(int epoch)
    {
        for (int b = 0; b < TrainingBatchCount; b++) yield return new TrainingBatch(_inputs.alias(), _targets.alias(), Array.Empty<Tile>());
    }

    public IEnumerable<TrainingBatch> ValidationBatches() => Array.Empty<TrainingBatch>();

    public void KeepOptimizer(string name, OptimizerHelper optimizer)
    {
        // Nothing is checkpointed.
    }

    public void Report(TrainingProgress progress)
    {
    }

    public bool EndEpoch(int epoch, IReadOnlyDictionary<string, double> metrics) => true;
}
