using CellOps.Sdk.Models;
using CellOps.TestPlugins.Helper;

namespace CellOps.TestPlugins.MissingDependency;

/// <summary>A plugin whose model derives from a type in a library missing from the plugin folder.</summary>
public sealed class MissingDependencyPlugin : ICellPlugin
{
    public string Id => "TestMissingDependency";

    public Version Version => new(1, 0);

    public StudyReference Study => new("t", "t");

    public IReadOnlyList<ICellModel> Models { get; } = new ICellModel[] { new HelperModel() };
}

/// <summary>The model: its base type lives in CellOps.TestPlugins.Helper.</summary>
public sealed class HelperModel : ModelBase
{
    public override string Name => "Helped";
}
