using CellOps.Sdk.Models;

namespace CellOps.TestPlugins.ThrowingCtor;

/// <summary>A plugin whose constructor fails.</summary>
public sealed class ThrowingPlugin : ICellPlugin
{
    public ThrowingPlugin() => throw new InvalidOperationException("licence file not found");

    public string Id => "TestThrowing";

    public Version Version => new(1, 0);

    public StudyReference Study => new("t", "t");

    public IReadOnlyList<ICellModel> Models => Array.Empty<ICellModel>();
}
