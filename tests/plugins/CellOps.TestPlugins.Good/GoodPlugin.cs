using CellOps.Sdk.Models;

namespace CellOps.TestPlugins.Good;

/// <summary>A plugin that loads: two tiny models.</summary>
public sealed class GoodPlugin : ICellPlugin
{
    public string Id => "TestGood";

    public Version Version { get; } = new(1, 2, 3);

    public StudyReference Study { get; } = new("Test study", "Tester A, Tester B. Journal of Tests 1 (2024).", "10.0000/test");

    public IReadOnlyList<ICellModel> Models { get; } = new ICellModel[] { new ProbeModel(), new EchoModel() };
}
