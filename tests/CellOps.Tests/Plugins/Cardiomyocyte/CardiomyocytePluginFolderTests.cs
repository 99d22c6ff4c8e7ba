using System.Text.Json;
using CellOps.Plugins.Cardiomyocyte;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Plugins.Cardiomyocyte;

public class CardiomyocytePluginFolderTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "out", "CellOps", "plugins", "Cardiomyocyte");

    [Fact]
    public void The_plugin_folder_holds_its_assembly_and_a_manifest_naming_it()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "plugin.json")));
        var root = manifest.RootElement;
        Assert.Equal(new CardiomyocytePlugin().Id, root.GetProperty("id").GetString());
        Assert.Equal("CellOps.Plugins.Cardiomyocyte.dll", root.GetProperty("assembly").GetString());
        Assert.Equal("0.1", root.GetProperty("sdkVersion").GetString());
        Assert.True(File.Exists(Path.Combine(Folder, "CellOps.Plugins.Cardiomyocyte.dll")));
    }

    [Fact]
    public void The_plugin_folder_ships_neither_TorchSharp_nor_the_Sdk_nor_libtorch()
    {
        var files = Directory.GetFiles(Folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray();
        Assert.DoesNotContain("TorchSharp.dll", files);
        Assert.DoesNotContain("CellOps.Sdk.dll", files);
        Assert.DoesNotContain(files, f => f!.StartsWith("libtorch", StringComparison.Ordinal) || f.StartsWith("libLibTorchSharp", StringComparison.Ordinal));
    }
}
