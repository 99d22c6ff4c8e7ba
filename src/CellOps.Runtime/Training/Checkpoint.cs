using System.Text.Json;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Runtime.Training;

/// <summary>
/// Checkpoints are model packages with three more entries (optimizer state, the random generator's
/// state and the run's position), so a checkpoint can be verified like any package, resumed from,
/// or used for prediction as it is. They are written atomically: an interrupted write leaves the
/// previous checkpoint in place.
/// </summary>
public static class Checkpoint
{
    /// <summary>The network's weights in every package.</summary>
    public const string WeightsEntry = "weights/network.bin";

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
    public static void Write(string path, ModelManifest manifest, nn.Module network, OptimizerHelper? optimizer, CheckpointState state)
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
        if (optimizer is not null)
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                optimizer.save_state_dict(writer);
            }
            entries[OptimizerEntry] = stream.ToArray();
        }
        ModelPackageWriter.Write(path, manifest, entries);
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

        /// <inheritdoc />
        public void Dispose() => Package.Dispose();
    }
}
