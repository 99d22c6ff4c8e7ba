using System.Text.Json;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Runtime.Training;

/// <summary>
/// Checkpoints are model packages with more entries (optimizer state, the random generator's state,
/// the run's position and, where the run keeps its best epoch and that is not the last, the best
/// epoch's weights), so a checkpoint can be verified like any package, resumed from,
/// or used for prediction as it is. They are written atomically: an interrupted write leaves the
/// previous checkpoint in place.
/// </summary>
public static class Checkpoint
{
    /// <summary>The network's weights in every package.</summary>
    public const string WeightsEntry = "weights/network.bin";

    /// <summary>
    /// The weights of the run's best epoch so far, in a checkpoint of a run that keeps its best epoch, where that
    /// epoch is not the checkpoint's own (whose weights are <see cref="WeightsEntry"/>).
    /// </summary>
    public const string BestWeightsEntry = "checkpoint/best-weights.bin";

    private const string OptimizerEntry = "checkpoint/optimizer.bin";
    private const string RandomStateEntry = "checkpoint/random-state.bin";
    private const string StateEntry = "checkpoint/state.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The network's weights as bytes, in TorchSharp's format.</summary>
    public static byte[] SaveWeights(nn.Module network)
    {
        using var stream = new MemoryStream();
        network.save(stream);
        return stream.ToArray();
    }

    /// <summary>Loads weights saved by <see cref="SaveWeights"/> into a network of the same shape.</summary>
    public static void LoadWeights(nn.Module network, byte[] weights)
    {
        using var stream = new MemoryStream(weights, writable: false);
        network.load(stream);
    }

    /// <summary>Writes a checkpoint.</summary>
    /// <param name="path">Where to write it.</param>
    /// <param name="manifest">The manifest of the model so far.</param>
    /// <param name="network">The network.</param>
    /// <param name="optimizer">The standard trainer's optimiser, or null.</param>
    /// <param name="state">The run's position and settings.</param>
    /// <param name="kept">Optimisers a custom loop handed the host (<see cref="Sdk.Training.ITrainingContext.KeepOptimizer"/>), by name.</param>
    /// <param name="bestWeights">The best epoch's weights (<see cref="SaveWeights"/>) where the run keeps them and that epoch
    /// (<see cref="CheckpointState.BestEpoch"/>) is not <see cref="CheckpointState.Epoch"/>; otherwise null.</param>
    public static void Write(string path, ModelManifest manifest, nn.Module network, OptimizerHelper? optimizer, CheckpointState state,
        IReadOnlyDictionary<string, OptimizerHelper>? kept = null, byte[]? bestWeights = null)
    {
        var entries = new Dictionary<string, byte[]>
        {
            [WeightsEntry] = SaveWeights(network),
            [StateEntry] = JsonSerializer.SerializeToUtf8Bytes(state, Json),
        };
        using (var generator = torch.random.get_rng_state())
        {
            entries[RandomStateEntry] = generator.bytes.ToArray();
        }
        if (optimizer is not null) entries[OptimizerEntry] = SaveOptimizer(optimizer);
        if (bestWeights is not null) entries[BestWeightsEntry] = bestWeights;
        foreach (var (name, keptOptimizer) in kept ?? new Dictionary<string, OptimizerHelper>())
        {
            entries[KeptOptimizerEntry(name)] = SaveOptimizer(keptOptimizer);
        }
        ModelPackageWriter.Write(path, manifest, entries);
    }

    /// <summary>The package entry of an optimiser a custom loop kept under <paramref name="name"/>.</summary>
    public static string KeptOptimizerEntry(string name) => $"checkpoint/optimizer-{name}.bin";

    private static byte[] SaveOptimizer(OptimizerHelper optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            optimizer.save_state_dict(writer);
        }
        return stream.ToArray();
    }

    /// <summary>Opens and verifies a checkpoint.</summary>
    /// <exception cref="ModelPackageException">Not a valid package, or not a checkpoint.</exception>
    public static LoadedCheckpoint Read(string path, Version sdkVersion)
    {
        var package = ModelPackage.Open(path, sdkVersion);
        try
        {
            if (!package.Manifest.Entries.ContainsKey(StateEntry) || !package.Manifest.Entries.ContainsKey(RandomStateEntry))
            {
                throw new ModelPackageException(ModelPackageFailure.MissingEntry, path,
                    $"{Path.GetFileName(path)} is a model package but not a checkpoint (it has no training state to resume from).");
            }
            var state = JsonSerializer.Deserialize<CheckpointState>(package.ReadEntry(StateEntry), Json)
                ?? throw new ModelPackageException(ModelPackageFailure.Tampered, path, $"{Path.GetFileName(path)} has an empty training state.");
            return new LoadedCheckpoint(package, state);
        }
        catch
        {
            package.Dispose();
            throw;
        }
    }

    /// <summary>A verified checkpoint, ready to restore.</summary>
    public sealed class LoadedCheckpoint : IDisposable
    {
        internal LoadedCheckpoint(ModelPackage package, CheckpointState state)
        {
            Package = package;
            State = state;
        }

        /// <summary>The package.</summary>
        public ModelPackage Package { get; }

        /// <summary>The run's position and settings.</summary>
        public CheckpointState State { get; }

        /// <summary>Restores the network's weights.</summary>
        public void RestoreWeights(nn.Module network) => LoadWeights(network, Package.ReadEntry(WeightsEntry));

        /// <summary>
        /// The weights of the best epoch so far (<see cref="CheckpointState.BestEpoch"/>) of a run that keeps its best
        /// epoch; null where the run does not, or no epoch has reported a validation loss yet.
        /// </summary>
        /// <exception cref="ModelPackageException">The checkpoint lacks them.</exception>
        public byte[]? BestWeights()
        {
            if (!State.KeepBest || State.BestEpoch <= 0) return null;
            if (State.BestEpoch == State.Epoch) return Package.ReadEntry(WeightsEntry);
            if (!Package.Manifest.Entries.ContainsKey(BestWeightsEntry))
            {
                throw new ModelPackageException(ModelPackageFailure.MissingEntry, Package.Path,
                    $"{System.IO.Path.GetFileName(Package.Path)} keeps the weights of epoch {State.BestEpoch} as the best, but has no {BestWeightsEntry}.");
            }
            return Package.ReadEntry(BestWeightsEntry);
        }

        /// <summary>Restores the random generator, so dropout continues as it would have.</summary>
        public void RestoreRandomState()
        {
            using var generator = CopiedTensor.UInt8(Package.ReadEntry(RandomStateEntry), CPU);
            torch.random.set_rng_state(generator);
        }

        /// <summary>Restores the optimizer's moments and step counts, where the checkpoint has them.</summary>
        public void RestoreOptimizer(OptimizerHelper optimizer)
        {
            if (!Package.Manifest.Entries.ContainsKey(OptimizerEntry)) return;
            using var stream = new MemoryStream(Package.ReadEntry(OptimizerEntry), writable: false);
            using var reader = new BinaryReader(stream);
            optimizer.load_state_dict(reader);
        }

        /// <summary>
        /// Restores the state of an optimiser a custom loop kept under <paramref name="name"/>; false where the
        /// checkpoint has none by that name (written before the loop kept it).
        /// </summary>
        public bool RestoreOptimizer(string name, OptimizerHelper optimizer)
        {
            string entry = KeptOptimizerEntry(name);
            if (!Package.Manifest.Entries.ContainsKey(entry)) return false;
            using var stream = new MemoryStream(Package.ReadEntry(entry), writable: false);
            using var reader = new BinaryReader(stream);
            optimizer.load_state_dict(reader);
            return true;
        }

        /// <inheritdoc />
        public void Dispose() => Package.Dispose();
    }
}
