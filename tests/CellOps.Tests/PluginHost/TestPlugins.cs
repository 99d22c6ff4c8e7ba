using System.Text.Json.Nodes;
using CellOps.PluginHost;
using CellOps.PluginHost.Discovery;
using CellOps.Tests.TestSupport;

namespace CellOps.Tests.PluginHost;

/// <summary>The test plugins the solution builds into out/testplugins, and ways to make broken copies of them.</summary>
internal static class TestPlugins
{
    public static string Root => Path.Combine(RepoPaths.Root, "out", "testplugins");

    public static string Folder(string name) => Path.Combine(Root, name);

    /// <summary>A catalog of only these search folders (-PluginPath), leaving out the module folder and CELLOPS_PLUGIN_PATH.</summary>
    public static PluginCatalog Catalog(params string[] folders) => PluginCatalog.Load(PluginSearchPath.Build(null, null, folders));

    /// <summary>Copies a built test plugin into <paramref name="parent"/>/<paramref name="as"/>, optionally changing its manifest.</summary>
    public static string Copy(string name, string parent, string? @as = null, Action<JsonObject>? manifest = null)
    {
        string target = Path.Combine(parent, @as ?? name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Folder(name)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
        if (manifest is not null)
        {
            string path = Path.Combine(target, "plugin.json");
            var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            manifest(json);
            File.WriteAllText(path, json.ToJsonString());
        }
        return target;
    }

    /// <summary>
    /// The declaration fields of a plugin.json (version, study, one model named <paramref name="model"/>),
    /// to write after the id, assembly and sdkVersion fields.
    /// </summary>
    public static string Declaration(string model = "Never") =>
        $"\"version\": \"1.0\", \"study\": {{ \"title\": \"t\", \"citation\": \"t\" }}, \"models\": [ {{ \"name\": \"{model}\", \"description\": \"\", " +
        "\"task\": \"TileClassification\", \"target\": \"Label\", \"input\": { \"tileSize\": 4, \"channels\": 1, \"normalization\": \"UnitRange\" }, " +
        "\"classes\": [\"a\", \"b\"], \"hyperParameters\": [] } ]";

    /// <summary>A plugin folder holding only the given plugin.json text.</summary>
    public static string ManifestOnly(string parent, string name, string manifest)
    {
        string folder = Path.Combine(parent, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "plugin.json"), manifest);
        return folder;
    }

    public static PluginRecord Record(this PluginCatalog catalog, string folder) =>
        catalog.Plugins.Single(p => p.Folder == Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
}
