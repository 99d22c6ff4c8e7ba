using System.Management.Automation;
using CellOps.PluginHost;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// Opens the package a -Model argument names and rebuilds its network from the installed plugin, as
/// Invoke-CellModel does; every failure is a terminating error, since nothing can follow without it.
/// </summary>
internal static class ModelLoading
{
    /// <summary>The package a -Model argument names, verified and accepted by the package trust policy; the caller disposes it.</summary>
    public static ModelPackage Open(PSCmdlet cmdlet, object model, string parameter)
    {
        string path = PackageArgument.ToPath(cmdlet, model, parameter);
        var trust = PackageTrust.Policy(cmdlet);
        ModelPackage package;
        try
        {
            package = ModelPackage.Open(path, CellOps.Sdk.SdkVersion.Current, trust);
        }
        catch (ModelPackageException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "ModelPackageInvalid", ErrorCategory.InvalidData, path));
            throw;
        }
        catch (CellOps.Runtime.Signing.PackageTrustException ex)
        {
            cmdlet.ThrowTerminatingError(PackageTrust.Error(ex));
            throw;
        }
        return package;
    }

    /// <summary>The installed plugin model that <paramref name="package"/> needs; warns where the plugin's version differs.</summary>
    public static ModelHandle Resolve(PSCmdlet cmdlet, ModelPackage package, PluginCatalog catalog)
    {
        string path = package.Path;
        var manifest = package.Manifest;
        string name = $"{manifest.PluginId}.{manifest.ModelName}";
        try
        {
            var handle = catalog.ResolveModel(name);
            var installed = handle.Plugin.Version;
            if (!string.Equals(installed.ToString(2), Version.Parse(manifest.PluginVersion).ToString(2), StringComparison.Ordinal))
            {
                cmdlet.WriteWarning($"{Path.GetFileName(path)} was trained with {manifest.PluginId} {manifest.PluginVersion}; {installed.ToString(3)} is installed.");
            }
            return handle;
        }
        catch (ModelNotFoundException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException($"{Path.GetFileName(path)} needs the model {name}, which no installed plugin offers. {ex.Message}", ex),
                "PluginNotInstalled", ErrorCategory.ObjectNotFound, path));
            throw;
        }
        catch (PluginLoadFailedException ex)
        {
            cmdlet.ThrowTerminatingError(PluginCatalogAccess.FailedPlugin(ex));
            throw;
        }
    }

    /// <summary>
    /// Whether <paramref name="tiles"/> are the size <paramref name="model"/> was trained on; where they are not, writes a
    /// non-terminating TileSizeMismatch error that says how to cut them, and the caller skips the set.
    /// </summary>
    public static bool FitsTiles(PSCmdlet cmdlet, LoadedModel model, string modelName, CellOps.Sdk.Tiling.TileSet tiles)
    {
        int size = model.Manifest.TileSize;
        if (tiles.TileSize == size) return true;
        cmdlet.WriteError(new ErrorRecord(
            new ArgumentException($"The tiles are {tiles.TileSize}×{tiles.TileSize}; {modelName} was trained on {size}×{size}. Cut them with New-TileSet -Size {size}."),
            "TileSizeMismatch", ErrorCategory.InvalidArgument, tiles));
        return false;
    }

    /// <summary>The package's network with its weights, on <paramref name="compute"/>.</summary>
    public static LoadedModel Load(PSCmdlet cmdlet, ModelPackage package, ModelHandle handle, ComputeContext compute)
    {
        try
        {
            return LoadedModel.Load(package, handle.Model, compute);
        }
        catch (ArgumentException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "ModelIncompatible", ErrorCategory.InvalidData, package.Path));
            throw;
        }
        catch (InvalidNetworkException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "InvalidNetwork", ErrorCategory.InvalidResult, package.Path));
            throw;
        }
    }
}
