using System.Text.Json;
using CellOps.Plugins.Leukocyte;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Plugins.Leukocyte;

public class LeukocytePluginFolderTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "out", "CellOps", "plugins", "Leukocyte");

    [Fact]
    public void The_plugin_folder_holds_its_assembly_and_manifest_and_no_copy_of_the_host()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "plugin.json")));
        Assert.Equal(new LeukocytePlugin().Id, manifest.RootElement.GetProperty("id").GetString());
        Assert.Equal("CellOps.Plugins.Leukocyte.dll", manifest.RootElement.GetProperty("assembly").GetString());
        var files = Directory.GetFiles(Folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray();
        Assert.Contains("CellOps.Plugins.Leukocyte.dll", files);
        Assert.DoesNotContain("TorchSharp.dll", files);
        Assert.DoesNotContain("CellOps.Sdk.dll", files);
    }
}
