using CellOps.Sdk.Models;

namespace CellOps.TestPlugins.TwoEntries;

/// <summary>One of two entry types: a plugin assembly must have exactly one.</summary>
public sealed class FirstPlugin : ICellPlugin
{
    public string Id => "TestTwoEntries";

    public Version Version => new(1, 0);

    public StudyReference Study => new("t", "t");

    public IReadOnlyList<ICellModel> Models => Array.Empty<ICellModel>();
}

/// <summary>The other entry type.</summary>
public sealed class SecondPlugin : ICellPlugin
{
    public string Id => "TestTwoEntries";

    public Version Version => new(1, 0);

    public StudyReference Study => new("t", "t");

    public IReadOnlyList<ICellModel> Models => Array.Empty<ICellModel>();
}
