using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using CellOps.PluginHost.Manifest;
using CellOps.Plugins.CancerStemCell;
using CellOps.Plugins.Cardiomyocyte;
using CellOps.Plugins.IpsColony;
using CellOps.Plugins.Leukocyte;
using CellOps.Plugins.NeuralFate;
using CellOps.Sdk.Models;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PluginHost;

/// <summary>
/// Each plugin.json in the repository declares exactly what its plugin offers: listing reads the
/// manifest, loading compares. With CELLOPS_UPDATE_PLUGIN_MANIFESTS=1 the test writes the declarations
/// into the manifests instead (after a plugin's models change), and then the run must be repeated without it.
/// </summary>
public class PluginManifestDeclarationTests
{
    public static TheoryData<string> Manifests => new()
    {
        "plugins/CellOps.Plugins.Cardiomyocyte/plugin.json",
        "plugins/CellOps.Plugins.IpsColony/plugin.json",
        "plugins/CellOps.Plugins.Leukocyte/plugin.json",
        "plugins/CellOps.Plugins.CancerStemCell/plugin.json",
        "plugins/CellOps.Plugins.NeuralFate/plugin.json",
        "tests/plugins/CellOps.TestPlugins.Good/plugin.json",
    };

    [Theory]
    [MemberData(nameof(Manifests))]
    public void The_manifest_declares_what_the_plugin_offers(string manifest)
    {
        string path = Path.Combine(RepoPaths.Root, manifest);
        var actual = PluginDeclaration.Describe(Create(manifest));
        if (Environment.GetEnvironmentVariable("CELLOPS_UPDATE_PLUGIN_MANIFESTS") == "1")
        {
            Write(path, actual);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var declared = PluginDeclaration.Read(document.RootElement, Path.GetFileName(Path.GetDirectoryName(path))!);
        Assert.Null(declared.DifferenceFrom(actual));
    }

    [Fact]
    public void A_declaration_written_as_json_reads_back_equal()
    {
        var actual = PluginDeclaration.Describe(new NeuralFatePlugin());
        using var document = JsonDocument.Parse(actual.ToJson());
        var read = PluginDeclaration.Read(document.RootElement, "NeuralFate");
        Assert.Null(read.DifferenceFrom(actual));
        Assert.Equal(actual.ToJson(), read.ToJson());
    }

    [Fact]
    public void A_changed_default_is_a_difference_that_names_the_model_and_the_field()
    {
        var actual = PluginDeclaration.Describe(new CardiomyocytePlugin());
        var json = JsonNode.Parse(actual.ToJson())!.AsObject();
        var firstHyper = json["models"]![0]!["hyperParameters"]![0]!.AsObject();
        string name = firstHyper["name"]!.GetValue<string>();
        double min = firstHyper["min"]!.GetValue<double>(), max = firstHyper["max"]!.GetValue<double>();
        firstHyper["default"] = min == firstHyper["default"]!.GetValue<double>() ? max : min;
        using var document = JsonDocument.Parse(json.ToJsonString());

        string? difference = PluginDeclaration.Read(document.RootElement, "Cardiomyocyte").DifferenceFrom(actual);

        Assert.NotNull(difference);
        Assert.Contains(actual.Models[0].Name, difference);
        Assert.Contains(name, difference);
    }

    private static ICellPlugin Create(string manifest) => Path.GetFileName(Path.GetDirectoryName(manifest)) switch
    {
        "CellOps.Plugins.Cardiomyocyte" => new CardiomyocytePlugin(),
        "CellOps.Plugins.IpsColony" => new IpsColonyPlugin(),
        "CellOps.Plugins.Leukocyte" => new LeukocytePlugin(),
        "CellOps.Plugins.CancerStemCell" => new CancerStemCellPlugin(),
        "CellOps.Plugins.NeuralFate" => new NeuralFatePlugin(),
        "CellOps.TestPlugins.Good" => FromBuild(Path.Combine(TestPlugins.Folder("Good"), "CellOps.TestPlugins.Good.dll")),
        var other => throw new ArgumentException($"no plugin known for {other}"),
    };

    private static ICellPlugin FromBuild(string assemblyPath)
    {
        var assembly = Assembly.LoadFrom(assemblyPath);
        var type = assembly.GetExportedTypes().Single(t => typeof(ICellPlugin).IsAssignableFrom(t) && !t.IsAbstract);
        return (ICellPlugin)Activator.CreateInstance(type)!;
    }

    private static void Write(string path, PluginDeclaration declaration)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var fields = JsonNode.Parse(declaration.ToJson())!.AsObject();
        var written = new JsonObject();
        foreach (var key in new[] { "id", "assembly", "sdkVersion" }) written[key] = manifest[key]!.DeepClone();
        foreach (var (key, value) in fields) written[key] = value!.DeepClone();
        File.WriteAllText(path, written.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }
}
