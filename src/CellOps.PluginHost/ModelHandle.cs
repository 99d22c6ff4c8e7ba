using CellOps.Sdk.Models;

namespace CellOps.PluginHost;

/// <summary>A model resolved by name: the model, the plugin that offers it, and that plugin's record.</summary>
public sealed class ModelHandle
{
    internal ModelHandle(PluginRecord record, ICellModel model)
    {
        Record = record;
        Plugin = record.Plugin ?? throw new ArgumentException("The plugin did not load.", nameof(record));
        Model = model;
        QualifiedName = PluginCatalog.Qualify(record.Id, model.Name);
    }

    /// <summary>The plugin's entry object.</summary>
    public ICellPlugin Plugin { get; }

    /// <summary>The model.</summary>
    public ICellModel Model { get; }

    /// <summary><c>PluginId.ModelName</c>.</summary>
    public string QualifiedName { get; }

    /// <summary>The plugin's record (folder, version, source).</summary>
    public PluginRecord Record { get; }

    /// <inheritdoc />
    public override string ToString() => QualifiedName;
}
