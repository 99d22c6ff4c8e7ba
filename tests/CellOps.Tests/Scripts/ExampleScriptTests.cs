using System.Management.Automation;
using System.Management.Automation.Language;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Scripts;

/// <summary>
/// The examples behave like the scripts PowerShell users write: they declare the module they need,
/// take the common parameters, narrate on the host and return objects, so <c>$x = ./example.ps1</c>
/// keeps the results.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ExampleScriptTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Examples, "*.ps1").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_requires_the_module_is_an_advanced_script_and_never_writes_through_Out_Default(string name)
    {
        var ast = Parser.ParseFile(Path.Combine(RepoPaths.Examples, name), out _, out var errors);
        Assert.Empty(errors);
        Assert.Contains(ast.ScriptRequirements?.RequiredModules ?? [], m => m.Name == "CellOps");
        Assert.NotNull(ast.ParamBlock);
        Assert.Contains(ast.ParamBlock!.Attributes, a => a.TypeName.GetReflectionType() == typeof(CmdletBindingAttribute));
        var outDefault = ast.FindAll(n => n is CommandAst c && c.GetCommandName() is "Out-Default", searchNestedScriptBlocks: true);
        Assert.Empty(outDefault);
    }

    [Fact]
    public void Assigning_an_example_to_a_variable_keeps_its_objects_and_the_narration_stays_on_the_host()
    {
        var result = PwshProcess.Run("-Command",
            "$x = & ./examples/01-import-and-tile.ps1 -TileSize 32 6>$null; " +
            "'count=' + @($x).Count; 'names=' + (@($x | ForEach-Object Micrograph | Select-Object -Unique).Count); " +
            "'tiles=' + ($x | Measure-Object Tiles -Sum).Sum");
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // 24 shipped smears, one summary object each, and nothing else captured (the tables went to the host).
        Assert.Contains("count=24", lines);
        Assert.Contains("names=24", lines);
        var tiles = int.Parse(lines.Single(l => l.StartsWith("tiles=", StringComparison.Ordinal))["tiles=".Length..]);
        Assert.True(tiles > 24 * 100, result.ToString());
    }
}
