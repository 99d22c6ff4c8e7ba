using CellOps.PluginHost.Manifest;

namespace CellOps.PluginHost;

/// <summary>
/// A model as its plugin's manifest declares it: enough to list it, complete its name and check its
/// hyperparameters, with no plugin code run. <see cref="PluginCatalog.ResolveModel"/> loads the plugin
/// and gives the live model.
/// </summary>
public sealed class DeclaredModel
{
    internal DeclaredModel(PluginRecord record, ModelDeclaration declaration)
    {
        Record = record;
        Declaration = declaration;
        QualifiedName = PluginCatalog.Qualify(record.Id, declaration.Name);
    }

    /// <summary><c>PluginId.ModelName</c>.</summary>
    public string QualifiedName { get; }

    /// <summary>What the manifest says of the model.</summary>
    public ModelDeclaration Declaration { get; }

    /// <summary>The plugin's record as listed (folder, version, source).</summary>
    public PluginRecord Record { get; }

    /// <inheritdoc />
    public override string ToString() => QualifiedName;
}
