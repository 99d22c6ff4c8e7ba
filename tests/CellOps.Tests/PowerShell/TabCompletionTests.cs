using System.Management.Automation;
using CellOps.Tests.PluginHost;
using CellOps.Tests.Runtime.Packaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>Tab completion of model names, hyperparameter names and class names, through the engine's TabExpansion2 as a console uses it.</summary>
public sealed class TabCompletionTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();

    public TabCompletionTests(PowerShellSessionFixture fixture) => _ps = fixture.Session;

    public void Dispose() => _data.Dispose();

    private IReadOnlyList<CompletionResult> Complete(string line, string? location = null)
    {
        var result = _ps.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches", new Dictionary<string, object?> { ["line"] = line }, location);
        result.AssertNoErrors();
        return result.Objects<CompletionResult>();
    }

    private static string[] Texts(IEnumerable<CompletionResult> results) => results.Select(r => r.CompletionText).ToArray();

    [Fact]
    public void Get_CellModel_completes_model_names_by_prefix_with_the_description_as_tooltip()
    {
        var matches = Complete("Get-CellModel Leu");
        Assert.Contains("Leukocyte.WNet", Texts(matches));
        Assert.Contains("Leukocyte.DCGAN", Texts(matches));
        Assert.All(matches, m => Assert.StartsWith("Leukocyte.", m.CompletionText, StringComparison.Ordinal));
        var wnet = matches.Single(m => m.CompletionText == "Leukocyte.WNet");
        Assert.NotEqual(wnet.CompletionText, wnet.ToolTip);
    }

    [Fact]
    public void Model_names_come_also_from_a_typed_relative_PluginPath_and_broken_plugins_stay_silent()
    {
        // The test plugins folder also holds plugins that fail to load: completion must not report them.
        var matches = Texts(Complete("Get-CellModel -PluginPath . TestG", location: TestPlugins.Root));
        Assert.Equal(new[] { "TestGood.Echo", "TestGood.Probe" }, matches);
    }

    [Fact]
    public void Start_CellTraining_completes_the_model_case_insensitively()
    {
        var matches = Texts(Complete("Start-CellTraining neuralfate.r"));
        Assert.Contains("NeuralFate.ResNet18", matches);
        Assert.Contains("NeuralFate.ResNet50", matches);
        Assert.All(matches, m => Assert.StartsWith("NeuralFate.ResNet", m, StringComparison.Ordinal));
    }

    [Fact]
    public void ConvertTo_CellModel_completes_model_by_bare_model_name_and_wildcard()
    {
        Assert.Contains("NeuralFate.ResNet50", Texts(Complete("ConvertTo-CellModel -Model ResNet5")));
        Assert.Contains("Leukocyte.WNet", Texts(Complete("ConvertTo-CellModel -Model *WN")));
    }

    [Fact]
    public void HyperParameter_completes_a_name_of_the_bound_model_to_a_hashtable_with_its_default()
    {
        var matches = Complete("Start-CellTraining Leukocyte.WNet -HyperParameter Dep");
        var depth = Assert.Single(matches);
        Assert.Equal(("Depth", "@{ Depth = 4 }"), (depth.ListItemText, depth.CompletionText));
        Assert.Contains("default 4", depth.ToolTip, StringComparison.Ordinal);
        Assert.Empty(Complete("Start-CellTraining Leukocyte.DCGAN -HyperParameter Dep"));
    }

    [Fact]
    public void The_completed_hashtable_parses_with_the_name_as_its_key()
    {
        string table = Assert.Single(Complete("ConvertTo-CellModel -Model NeuralFate.ResNet18 -HyperParameter Dro")).CompletionText;
        var result = _ps.Run($"$h = {table}; $h.Keys; $h.Values");
        result.AssertNoErrors();
        Assert.Equal(new[] { "Dropout", "0" }, result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Export_AttentionMap_completes_the_class_names_of_the_package()
    {
        string package = PackageSamples.Write(_data.Path);
        var matches = Complete($"Export-AttentionMap -Model '{package}' -Class d");
        Assert.Equal(new[] { "diseased" }, Texts(matches));
    }
}
