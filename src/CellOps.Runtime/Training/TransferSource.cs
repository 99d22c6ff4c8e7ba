using System.Security.Cryptography;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;

namespace CellOps.Runtime.Training;

/// <summary>
/// A trained package to start a training run from: its network, rebuilt and loaded as for
/// prediction, and its identity (the SHA-256 of the file) for the child's manifest.
/// </summary>
public sealed class TransferSource : IDisposable
{
    private readonly LoadedModel _loaded;

    private TransferSource(LoadedModel loaded, string sha256, string path)
    {
        _loaded = loaded;
        Sha256 = sha256;
        Path = path;
    }

    /// <summary>The parent's network, with its trained weights.</summary>
    public TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Network => _loaded.Network;

    /// <summary>The parent package's manifest.</summary>
    public ModelManifest Manifest => _loaded.Manifest;

    /// <summary>Lowercase hex SHA-256 of the parent package file.</summary>
    public string Sha256 { get; }

    /// <summary>The parent package file.</summary>
    public string Path { get; }

    /// <summary>Opens and verifies a package and rebuilds its network.</summary>
    /// <param name="path">The parent .cellmodel.</param>
    /// <param name="resolveModel">Finds the installed model that wrote the package (from its manifest).</param>
    /// <param name="compute">Where the network goes.</param>
    /// <exception cref="ModelPackageException">The package is damaged or from an incompatible SDK.</exception>
    /// <param name="trust">The package trust policy to enforce; null for none.</param>
    /// <exception cref="ArgumentException">Its weights do not fit the installed model.</exception>
    /// <exception cref="CellOps.Runtime.Signing.PackageTrustException">The policy refuses the package.</exception>
    public static TransferSource Load(string path, Func<ModelManifest, ICellModel> resolveModel, ComputeContext compute,
        CellOps.Runtime.Signing.PackageTrustPolicy? trust = null)
    {
        ArgumentNullException.ThrowIfNull(resolveModel);
        using var package = ModelPackage.Open(path, CellOps.Sdk.SdkVersion.Current, trust);
        var model = resolveModel(package.Manifest);
        // The package keeps the file open for reading only, so the bytes hashed are those just verified.
        string sha256;
        using (var file = new FileStream(package.Path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            sha256 = Convert.ToHexString(SHA256.HashData(file)).ToLowerInvariant();
        }
        var loaded = LoadedModel.Load(package, model, compute);
        return new TransferSource(loaded, sha256, package.Path);
    }

    /// <summary>What the child's manifest records about this parent.</summary>
    /// <param name="backboneFrozen">Whether the child kept the backbone fixed.</param>
    public ParentPackage Describe(bool backboneFrozen) => new()
    {
        Sha256 = Sha256,
        Model = $"{Manifest.PluginId}.{Manifest.ModelName}",
        FileName = System.IO.Path.GetFileName(Path),
        ClassNames = Manifest.ClassNames.ToArray(),
        BackboneFrozen = backboneFrozen,
        ImportedFrom = Manifest.ImportedFrom ?? Manifest.Parent?.ImportedFrom,
    };

    /// <inheritdoc />
    public void Dispose() => _loaded.Dispose();
}
