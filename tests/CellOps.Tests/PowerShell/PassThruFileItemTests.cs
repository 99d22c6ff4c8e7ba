using System.Management.Automation;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>-PassThru gives the files as Get-Item does, so they print in the FileSystem table with every column.</summary>
public sealed class PassThruFileItemTests : IClassFixture<PowerShellSessionFixture>
{
    private readonly PowerShellSession _ps;

    public PassThruFileItemTests(PowerShellSessionFixture fixture) => _ps = fixture.Session;

    [Fact]
    public void Export_Micrograph_and_Export_ContactSheet_PassThru_emit_provider_items_even_for_names_with_brackets()
    {
        using var temp = new TempFolder();
        ImportAsChannelsTests.WritePlane(temp.File("a[1].png"), 1);
        ImportAsChannelsTests.WritePlane(temp.File("b.png"), 2);
        var vars = new Dictionary<string, object?> { ["data"] = temp.Path };

        var result = _ps.Run(
            "$m = Import-Micrograph -LiteralPath \"$data/a[1].png\", \"$data/b.png\"\n" +
            "$m | Export-Micrograph \"$data/out\" -PassThru\n" +
            "$m | Export-ContactSheet \"$data/out/sheet[2].png\" -Columns 2 -CellSize 16 -PassThru", vars);
        result.AssertNoErrors();

        Assert.Equal(3, result.Output.Count);
        string folder = Path.Combine(temp.Path, "out");
        Assert.Equal(new[] { "a[1].png", "b.png", "sheet[2].png" }, result.Output.Select(o => ((FileInfo)o.BaseObject).Name));
        foreach (var item in result.Output)
        {
            var file = (FileInfo)item.BaseObject;
            Assert.True(file.Exists, file.FullName);
            Assert.Equal(folder, file.DirectoryName);
            Assert.Equal(file.Name, Note(item, "PSChildName"));
            Assert.EndsWith(file.FullName, Note(item, "PSPath"), StringComparison.Ordinal);
            Assert.EndsWith(folder, Note(item, "PSParentPath"), StringComparison.Ordinal);
            Assert.Equal(false, item.Properties["PSIsContainer"]?.Value);
            Assert.NotNull(item.Properties["PSProvider"]?.Value);
        }
    }

    private static string Note(PSObject item, string name)
    {
        var property = item.Properties[name];
        Assert.True(property is PSNoteProperty, $"{name} is missing or not a note property");
        return (string)property!.Value;
    }
}
