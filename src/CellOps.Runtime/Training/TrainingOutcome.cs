using CellOps.Runtime.Packaging;
using static TorchSharp.torch;

namespace CellOps.Runtime.Training;

/// <summary>A finished (or stopped) training run: the trained network and what it achieved.</summary>
public sealed class TrainingOutcome : IDisposable
{
    internal TrainingOutcome(nn.Module<Tensor, Tensor> network, ModelManifest manifest, IReadOnlyList<EpochRecord> epochs,
        int completedEpochs, string? stopReason, bool cancelled)
    {
        Network = network;
        Manifest = manifest;
        Epochs = epochs;
        CompletedEpochs = completedEpochs;
        StopReason = stopReason;
        Cancelled = cancelled;
    }

    /// <summary>The trained network.</summary>
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>The manifest its package gets.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Per-epoch results, including epochs run before a resume.</summary>
    public IReadOnlyList<EpochRecord> Epochs { get; }

    /// <summary>The last finished epoch.</summary>
    public int CompletedEpochs { get; }

    /// <summary>
    /// The epoch whose weights <see cref="Network"/> holds: the one with the lowest validation loss where the run
    /// kept its best epoch, else the last finished one (0 where none finished).
    /// </summary>
    public int KeptEpoch => Manifest.KeptEpoch ?? CompletedEpochs;

    /// <summary>The results of <see cref="KeptEpoch"/>, or null where no epoch finished.</summary>
    public EpochRecord? Kept => Epochs.LastOrDefault(e => e.Epoch == KeptEpoch);

    /// <summary>Why training ended early, or null.</summary>
    public string? StopReason { get; }

    /// <summary>Whether the user stopped it.</summary>
    public bool Cancelled { get; }

    /// <summary>Writes the model package (atomically).</summary>
    public void Save(string path) => Save(path, Manifest);

    /// <summary>Writes the model package (atomically) with another manifest, e.g. one that adds the search that chose this run.</summary>
    internal void Save(string path, ModelManifest manifest) =>
        ModelPackageWriter.Write(path, manifest, new Dictionary<string, byte[]> { [Checkpoint.WeightsEntry] = Checkpoint.SaveWeights(Network) });

    /// <inheritdoc />
    public void Dispose() => Network.Dispose();
}
