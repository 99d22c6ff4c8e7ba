using CellOps.Sdk.Models;

namespace CellOps.Runtime.Packaging;

/// <summary>The hyperparameters a package was trained with, as the installed model declares them.</summary>
public static class PackageHyperParameters
{
    /// <summary>
    /// The manifest's values; a declared hyperparameter the manifest lacks (the package predates it)
    /// takes <see cref="HyperParameter.ValueInOlderPackages"/> where the model gives one, else its default.
    /// </summary>
    /// <exception cref="ArgumentException">A recorded value does not fit the declared range.</exception>
    public static HyperParameterValues Resolve(ICellModel model, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(manifest);
        var recorded = new Dictionary<string, double>(manifest.HyperParameters, StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in model.HyperParameters)
        {
            if (!recorded.ContainsKey(parameter.Name) && parameter.ValueInOlderPackages is { } older) recorded[parameter.Name] = older;
        }
        return HyperParameterValues.Resolve(model.HyperParameters, recorded);
    }
}
