using CellOps.Runtime.Data;
using CellOps.Sdk.Models;
using CellOps.Sdk.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Runtime.Training;

/// <summary>
/// The host's side of a training run, handed to the training loop as its <see cref="ITrainingContext"/>:
/// batches, settings, progress, cancellation, per-epoch metrics, checkpoints and early stopping.
/// </summary>
/// <remarks>
/// Where the run keeps its best epoch, <see cref="EndEpoch"/> copies the network's weights whenever the
/// validation loss improves, so standard and custom loops alike can end with the best epoch's weights
/// (<see cref="BestWeights"/>) without a loop doing anything for it.
/// </remarks>
public sealed class TrainingRun : ITrainingContext
{
    private readonly TrainingOptions _options;
    private readonly BatchSource _training;
    private readonly BatchSource? _validation;
    private readonly Action<TrainingProgress>? _progress;
    private readonly Action<TrainingRun, int>? _checkpoint;
    private readonly List<IReadOnlyDictionary<string, double>> _history;
    private readonly Dictionary<string, OptimizerHelper> _kept = new(StringComparer.Ordinal);
    private readonly nn.Module _network;
    private readonly bool _keepBest;

    internal TrainingRun(
        TrainingOptions options,
        nn.Module network,
        Device device,
        HyperParameterValues hyperParameters,
        double learningRate,
        BatchSource training,
        BatchSource? validation,
        int startEpoch,
        IEnumerable<IReadOnlyDictionary<string, double>> history,
        EarlyStopping earlyStopping,
        (int Epoch, byte[]? Weights) best,
        Action<TrainingProgress>? progress,
        Action<TrainingRun, int>? checkpoint,
        CancellationToken cancellation)
    {
        _options = options;
        _network = network;
        _keepBest = options.KeepsBest;
        Device = device;
        HyperParameters = hyperParameters;
        LearningRate = learningRate;
        _training = training;
        _validation = validation;
        StartEpoch = startEpoch;
        _history = history.ToList();
        EarlyStopping = earlyStopping;
        BestEpoch = best.Epoch;
        BestWeights = _keepBest ? best.Weights : null;
        _progress = progress;
        _checkpoint = checkpoint;
        Cancellation = cancellation;
    }

    /// <inheritdoc />
    public Device Device { get; }

    /// <inheritdoc />
    public HyperParameterValues HyperParameters { get; }

    /// <inheritdoc />
    public long Seed => _options.Seed;

    /// <inheritdoc />
    public int Epochs => _options.Epochs;

    /// <inheritdoc />
    public int StartEpoch { get; }

    /// <inheritdoc />
    public int BatchSize => _options.BatchSize;

    /// <inheritdoc />
    public double LearningRate { get; }

    /// <inheritdoc />
    public int TrainingBatchCount => _training.BatchCount;

    /// <inheritdoc />
    public CancellationToken Cancellation { get; }

    /// <summary>Whether a validation split exists.</summary>
    public bool HasValidation => _validation is { TileCount: > 0 };

    /// <summary>Metrics of every epoch so far (including those before a resume).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> History => _history;

    /// <summary>The early-stopping state.</summary>
    public EarlyStopping EarlyStopping { get; }

    /// <summary>A backbone kept fixed (transfer learning): the trainer leaves it in evaluation mode. Null when nothing is frozen.</summary>
    public nn.Module? FrozenBackbone { get; internal init; }

    /// <summary>The optimizer of the standard trainer, saved with each checkpoint so a resume continues exactly.</summary>
    public OptimizerHelper? Optimizer { get; internal set; }

    /// <summary>The optimisers a custom loop kept (<see cref="KeepOptimizer"/>), by name, saved with each checkpoint.</summary>
    public IReadOnlyDictionary<string, OptimizerHelper> KeptOptimizers => _kept;

    /// <summary>The checkpoint the run resumes from, whose kept optimisers' state is restored as they are kept; null for a fresh run.</summary>
    internal Checkpoint.LoadedCheckpoint? ResumedFrom { get; init; }

    /// <summary>Called with a line for the user (verbose output), or null.</summary>
    internal Action<string>? Verbose { get; init; }

    /// <summary>The epoch with the lowest validation loss so far (<see cref="EarlyStopping.BestLoss"/>); 0 before any epoch reported one.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The weights of <see cref="BestEpoch"/> (<see cref="Checkpoint.SaveWeights"/>) where the run keeps its best epoch; otherwise null.</summary>
    internal byte[]? BestWeights { get; private set; }

    /// <summary>The last epoch that finished.</summary>
    public int LastCompletedEpoch { get; private set; }

    /// <summary>Why the run ended before its last epoch, if it did.</summary>
    public string? StopReason { get; private set; }

    /// <inheritdoc />
    public IEnumerable<TrainingBatch> TrainingBatches(int epoch) => _training.ForEpoch(Seed, epoch, _options.Augment);

    /// <inheritdoc />
    public IEnumerable<TrainingBatch> ValidationBatches() =>
        _validation is null ? Enumerable.Empty<TrainingBatch>() : _validation.InOrder();

    /// <summary>The validation tiles as a batch source, or null.</summary>
    internal BatchSource? Validation => _validation;

    /// <inheritdoc />
    public void KeepOptimizer(string name, OptimizerHelper optimizer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw new ArgumentException($"An optimiser's name is letters, digits, '-' and '_' only, not '{name}'.", nameof(name));
        if (!_kept.TryAdd(name, optimizer)) throw new ArgumentException($"An optimiser named '{name}' is kept already.", nameof(name));
        if (ResumedFrom is not { } checkpoint) return;
        try
        {
            if (!checkpoint.RestoreOptimizer(name, optimizer))
            {
                Verbose?.Invoke($"The checkpoint has no state for the optimiser '{name}'; it starts afresh.");
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IOException or System.Runtime.InteropServices.ExternalException)
        {
            throw new ArgumentException($"The checkpoint's state of the optimiser '{name}' does not fit it: {ex.Message}", nameof(optimizer), ex);
        }
    }

    /// <inheritdoc />
    public void Report(TrainingProgress progress) => _progress?.Invoke(progress);

    /// <inheritdoc />
    public bool EndEpoch(int epoch, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (Cancellation.IsCancellationRequested)
        {
            // An interrupted epoch is not a finished one: the checkpoint keeps the last whole epoch.
            StopReason = "stopped by the user";
            return false;
        }
        var record = new Dictionary<string, double>(metrics) { ["epoch"] = epoch };
        _history.Add(record);
        LastCompletedEpoch = epoch;
        double? validationLoss = metrics.TryGetValue("val_loss", out var vl) ? vl : null;
        bool better = validationLoss < EarlyStopping.BestLoss;
        bool improvedOrNoSignal = EarlyStopping.Observe(validationLoss);
        if (better)
        {
            BestEpoch = epoch;
            // Copied now: the loop goes on changing the network in place.
            if (_keepBest) BestWeights = Checkpoint.SaveWeights(_network);
        }
        _checkpoint?.Invoke(this, epoch);
        if (!improvedOrNoSignal && EarlyStopping.ShouldStop)
        {
            StopReason = $"early stopping: validation loss has not improved for {EarlyStopping.Patience} epochs";
            return false;
        }
        return true;
    }
}
