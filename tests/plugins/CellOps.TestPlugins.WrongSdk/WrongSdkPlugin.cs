using CellOps.Sdk.Models;

namespace CellOps.TestPlugins.WrongSdk;

/// <summary>A valid plugin whose plugin.json claims a future SDK (9.0).</summary>
public sealed class WrongSdkPlugin : ICellPlugin
{
    public string Id => "TestWrongSdk";

    public Version Version => new(1, 0);

    public StudyReference Study => new("t", "t");

    public IReadOnlyList<ICellModel> Models => Array.Empty<ICellModel>();
}
