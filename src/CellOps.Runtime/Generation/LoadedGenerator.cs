using System.Security.Cryptography;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Sdk.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Generation;

/// <summary>
/// A generator package brought back to life: the plugin's network rebuilt with the package's
/// hyperparameters and its verified weights, in evaluation mode, ready to make images from noise.
/// </summary>
public sealed class LoadedGenerator : IDisposable
{
    private LoadedGenerator(ModelManifest manifest, nn.Module<Tensor, Tensor> network, IGeneratorNetwork generator,
        ComputeContext compute, string path, string sha256)
    {
        Manifest = manifest;
        Network = network;
        Generator = generator;
        Compute = compute;
        Path = path;
        Sha256 = sha256;
    }

    /// <summary>The package's manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The network; its forward maps latent vectors to images.</summary>
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>The network's latent size and output range.</summary>
    public IGeneratorNetwork Generator { get; }

    /// <summary>Where it runs.</summary>
    public ComputeContext Compute { get; }

    /// <summary>The package file.</summary>
    public string Path { get; }

    /// <summary>Lowercase hex SHA-256 of the package file.</summary>
    public string Sha256 { get; }

    /// <summary>The generating model, <c>PluginId.ModelName</c>.</summary>
    public string ModelName => $"{Manifest.PluginId}.{Manifest.ModelName}";

    /// <summary>Rebuilds the network of <paramref name="package"/> from <paramref name="model"/> and loads its weights.</summary>
    /// <exception cref="ArgumentException">The package is not a generator's, or does not fit the installed model.</exception>
    public static LoadedGenerator Load(ModelPackage package, ICellModel model, ComputeContext compute)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(compute);
        var manifest = package.Manifest;
        string file = System.IO.Path.GetFileName(package.Path);
        if (manifest.Task != ModelTask.Generation || model.Task != ModelTask.Generation)
        {
            throw new ArgumentException($"{file} holds {manifest.PluginId}.{manifest.ModelName}, a {manifest.Task} model; only Generation models make images from noise.");
        }
        var hyperParameters = PackageHyperParameters.Resolve(model, manifest);
        var network = NetworkCheck.Create(manifest.PluginId, model, hyperParameters);
        try
        {
            if (network is not IGeneratorNetwork generator)
            {
                throw new ArgumentException($"The network of {manifest.PluginId}.{manifest.ModelName} does not say how to generate (it is no {nameof(IGeneratorNetwork)}).");
            }
            Checkpoint.LoadWeights(network, package.ReadEntry(Checkpoint.WeightsEntry));
            if (compute.IsCuda) network.to(compute.Device);
            network.eval();
            // The file was verified entry by entry on opening; its hash names this exact package in what it makes.
            string sha256;
            using (var stream = new FileStream(package.Path, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                sha256 = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
            }
            return new LoadedGenerator(manifest, network, generator, compute, package.Path, sha256);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            network.Dispose();
            throw new ArgumentException($"The weights in {file} do not fit the network of the installed {manifest.PluginId}.{manifest.ModelName}: {ex.Message}", ex);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Network.Dispose();
}
