using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Sdk.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Tests.Plugins.CancerStemCell;

/// <summary>
/// A training context without the host: every epoch it hands the loop the same (tiles, targets) pair as
/// one batch, and validates on that pair too; it records what the loop keeps, reports and ends.
/// </summary>
internal sealed class FixedPairContext : ITrainingContext, IDisposable
{
    private readonly Tensor _inputs;
    private readonly Tensor? _targets;
    private readonly bool _validate;

    public FixedPairContext(ICellModel model, IReadOnlyDictionary<string, double> hyperParameters, Tensor inputs, Tensor? targets,
        int epochs, bool validate = true)
    {
        HyperParameters = HyperParameterValues.Resolve(model.HyperParameters, hyperParameters);
        LearningRate = HyperParameters.GetReal("LearningRate");
        (_inputs, _targets, Epochs, _validate) = (inputs, targets, epochs, validate);
    }

    public Device Device => CPU;
    public HyperParameterValues HyperParameters { get; }
    public long Seed => 1;
    public int Epochs { get; }
    public int StartEpoch => 1;
    public int BatchSize => (int)_inputs.shape[0];
    public double LearningRate { get; }
    public int TrainingBatchCount => 1;
    public CancellationTokenSource Stop { get; } = new();
    public CancellationToken Cancellation => Stop.Token;

    public List<string> Kept { get; } = new();
    public List<TrainingProgress> Reports { get; } = new();
    public List<IReadOnlyDictionary<string, double>> Ended { get; } = new();

    /// <summary>Whether the first progress report also asks the run to stop (as Ctrl+C would).</summary>
    public bool StopAfterFirstReport { get; init; }

    public IEnumerable<TrainingBatch> TrainingBatches(int epoch)
    {
        yield return Batch();
    }

    public IEnumerable<TrainingBatch> ValidationBatches()
    {
        if (_validate) yield return Batch();
    }

    public void KeepOptimizer(string name, OptimizerHelper optimizer) => Kept.Add(name);

    public void Report(TrainingProgress progress)
    {
        Reports.Add(progress);
        if (StopAfterFirstReport) Stop.Cancel();
    }

    public bool EndEpoch(int epoch, IReadOnlyDictionary<string, double> metrics)
    {
        if (Cancellation.IsCancellationRequested) return false;
        Ended.Add(metrics);
        return true;
    }

    // The loop disposes each batch, so each gets its own copies.
    private TrainingBatch Batch() => new(_inputs.clone(), _targets?.clone(), Array.Empty<Tile>());

    public void Dispose()
    {
        _inputs.Dispose();
        _targets?.Dispose();
        Stop.Dispose();
    }
}
