using System.Management.Automation;
using CellOps.PluginHost;
using CellOps.Tests.Scripts;
using CellOps.Tests.PowerShell;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PluginHost;

public sealed class GetCellModelTests : IClassFixture<PowerShellSessionFixture>
{
    private const string CmdletClass = "CellOps.PowerShell.Commands.GetCellModelCommand";
    private readonly PowerShellSession _ps;

    public GetCellModelTests(PowerShellSessionFixture fixture) => _ps = fixture.Session;

    private static Dictionary<string, object?> Vars(string path) => new() { ["path"] = path };

    /// <summary>The models found through -PluginPath (the module's own plugins are listed too).</summary>
    private static List<ModelInfo> FromPluginPath(PipelineResult result) =>
        result.Objects<ModelInfo>().Where(m => m.Source == PluginSource.PluginPath).ToList();

    [Fact]
    public void Get_CellModel_lists_each_model_of_a_PluginPath_plugin_with_its_description()
    {
        var result = _ps.Run("Get-CellModel -PluginPath $path", Vars(TestPlugins.Folder("Good")));
        result.AssertNoErrors();

        var models = FromPluginPath(result);
        Assert.Equal(new[] { "TestGood.Probe", "TestGood.Echo" }, models.Select(m => m.Name));
        var probe = models[0];
        Assert.Equal("TestGood", probe.Plugin);
        Assert.Equal(new Version(1, 2, 3), probe.PluginVersion);
        Assert.Equal("Test study", probe.Study);
        Assert.Equal("Tester A, Tester B. Journal of Tests 1 (2024). doi:10.0000/test", probe.Citation);
        Assert.Equal(CellOps.Sdk.Models.ModelTask.TileClassification, probe.Task);
        Assert.Equal(4, probe.Input!.TileSize);
        Assert.Equal(CellOps.Sdk.Tiling.TileTarget.Label, probe.Target);
        Assert.Equal(new[] { "negative", "positive" }, probe.Classes);
        Assert.Equal(new[] { "LearningRate", "Head" }, probe.HyperParameters.Select(h => h.Name));
        var rate = probe.HyperParameters[0];
        Assert.Equal(("LearningRate", 0.01, "0.0001..0.1 (log)"), (rate.Name, rate.Default, rate.Range));
        var head = probe.HyperParameters[1];
        Assert.Equal((CellOps.Sdk.Models.HyperParameterKind.Categorical, 0.0, "Linear|Hidden", "Linear"),
            (head.Kind, head.Default, head.Range, head.FormatValue(head.Default)));
        Assert.NotEqual(PluginStatus.Failed, probe.Status);
        Assert.Null(probe.Reason);
    }

    [Theory]
    [InlineData("TestGood.*", 2)]
    [InlineData("*.Probe", 1)]
    [InlineData("Ech*", 1)]
    [InlineData("probe", 1)]
    [InlineData("Nothing*", 0)]
    public void Name_takes_wildcards_against_qualified_and_bare_names(string name, int count)
    {
        var result = _ps.Run("Get-CellModel $name -PluginPath $path",
            new Dictionary<string, object?> { ["name"] = name, ["path"] = TestPlugins.Folder("Good") });
        result.AssertNoErrors();
        Assert.Equal(count, FromPluginPath(result).Count);
    }

    [Fact]
    public void A_name_without_wildcards_that_matches_nothing_is_a_ModelNotFound_error_listing_the_models()
    {
        var result = _ps.Run("Get-CellModel TestGood.Missing -PluginPath $path", Vars(TestPlugins.Folder("Good")));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ModelNotFound," + CmdletClass, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("TestGood.Missing", error.TargetObject);
        Assert.Contains("TestGood.Probe", error.Exception.Message);
    }

    [Fact]
    public void A_plugin_refused_by_checks_that_run_no_code_is_a_PluginLoadFailed_error_and_the_rest_still_list()
    {
        var result = _ps.Run("Get-CellModel -PluginPath $path", Vars(TestPlugins.Root));

        Assert.Null(result.Terminating);
        Assert.Contains("TestGood.Probe", FromPluginPath(result).Select(m => m.Name));
        Assert.Contains("TestThrowing.Never", FromPluginPath(result).Select(m => m.Name));
        Assert.All(result.Errors, e => Assert.Equal("PluginLoadFailed," + CmdletClass, e.FullyQualifiedErrorId));
        var wrongSdk = result.Errors.Single(e => Equals(e.TargetObject, TestPlugins.Folder("WrongSdk")));
        Assert.Equal(ErrorCategory.InvalidData, wrongSdk.CategoryInfo.Category);
        Assert.Contains("CellOps.Sdk 9.0", wrongSdk.Exception.Message);
    }

    [Fact]
    public void Listing_never_runs_a_plugins_constructor_and_using_its_model_is_a_terminating_PluginLoadFailed_error()
    {
        using var temp = new TempFolder();
        string folder = Path.TrimEndingDirectorySeparator(TestPlugins.Copy("ThrowingCtor", temp.Path));

        var listed = _ps.Run("Get-CellModel -PluginPath $path -IncludeFailed", Vars(temp.Path));
        listed.AssertNoErrors();
        var row = Assert.Single(FromPluginPath(listed));
        Assert.Equal(("TestThrowing.Never", PluginStatus.Available), (row.Name, row.Status));

        var used = _ps.Run("try { ConvertTo-CellModel -Path weights.pt -Model TestThrowing.Never -PluginPath $path } catch { $_ }", Vars(temp.Path), location: temp.Path);
        var error = Assert.IsType<ErrorRecord>(Assert.Single(used.Output).BaseObject);
        Assert.Equal("PluginLoadFailed,CellOps.PowerShell.Commands.ConvertToCellModelCommand", error.FullyQualifiedErrorId);
        Assert.Equal(folder, error.TargetObject);
        Assert.Contains("TestThrowing.Never", error.Exception.Message);
        Assert.Contains("licence file not found", error.Exception.Message);
    }

    [Fact]
    public void IncludeFailed_adds_a_Failed_row_per_broken_plugin()
    {
        var result = _ps.Run("Get-CellModel -PluginPath $path -IncludeFailed -ErrorAction SilentlyContinue", Vars(TestPlugins.Root));

        var failed = FromPluginPath(result).Where(m => m.Status == PluginStatus.Failed).ToList();
        Assert.Contains("TestWrongSdk", failed.Select(f => f.Name));
        Assert.All(failed, f => Assert.StartsWith("Plugin folder '", f.Reason));
        Assert.Equal(PluginFailure.IncompatibleSdk, failed.Single(f => f.Name == "TestWrongSdk").Failure);
    }

    [Fact]
    public void A_missing_PluginPath_folder_is_a_terminating_PluginPathNotFound_error()
    {
        using var temp = new TempFolder();
        var result = _ps.Run("try { Get-CellModel -PluginPath $path } catch { $_ }", Vars(temp.File("absent")));

        var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Output).BaseObject);
        Assert.Equal("PluginPathNotFound," + CmdletClass, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("absent", error.Exception.Message);
    }

    [Fact]
    public void A_relative_PluginPath_is_taken_from_the_PowerShell_location()
    {
        var result = _ps.Run("Get-CellModel -PluginPath ./Good", location: TestPlugins.Root);
        result.AssertNoErrors();
        Assert.Equal(2, FromPluginPath(result).Count);
    }

    [Fact]
    public void Listing_models_in_pwsh_never_loads_torchs_native_library()
    {
        if (!OperatingSystem.IsLinux()) return;
        var result = PwshProcess.Run("-Command",
            "$m = Get-CellModel -PluginPath '" + TestPlugins.Folder("Good") + "'; " +
            "'models=' + @($m | Where-Object { $_.Source -eq 'PluginPath' }).Count; 'libtorch=' + [IO.File]::ReadAllText('/proc/self/maps').Contains('libtorch')");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("models=2", result.Output);
        Assert.Contains("libtorch=False", result.Output);
    }
}
