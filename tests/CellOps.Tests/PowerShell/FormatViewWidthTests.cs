using System.Xml.Linq;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>
/// The default tables must print whole in an 80-column terminal or CI log: PowerShell shrinks every column of a
/// table that is too wide, which cuts numbers (an AUC of 0.741 prints as "…741"), wraps headers and drops the
/// right-hand columns.
/// </summary>
public sealed class FormatViewWidthTests
{
    // PowerShell never writes the last column of the screen (it keeps the cursor from wrapping), so a table
    // has 79 of the 80 columns.
    private const int Columns = 80 - 1;

    // Room a column without a Width needs at least: it takes the rest of the line.
    private const int FlexibleMinimum = 8;

    public static TheoryData<string> TableViews()
    {
        var data = new TheoryData<string>();
        foreach (var (file, view) in Views()) data.Add($"{Path.GetFileName(file)}:{Name(view)}");
        return data;
    }

    [Fact]
    public void Every_format_file_of_the_module_has_table_views_to_check()
    {
        var files = Directory.GetFiles(ModuleFolder, "*.format.ps1xml");
        Assert.True(files.Length >= 4, $"Found {files.Length} format files in {ModuleFolder}.");
        Assert.True(Views().Count() >= 15, "Expected the module's table views.");
    }

    [Theory]
    [MemberData(nameof(TableViews))]
    public void A_table_view_fits_in_80_columns(string id)
    {
        var headers = Headers(id);
        var width = headers.Sum(h => h.Width ?? Math.Max(FlexibleMinimum, h.Label.Length)) + headers.Count - 1;
        Assert.True(width <= Columns,
            $"{id} needs {width} columns ({string.Join(" ", headers.Select(h => $"{h.Label}:{h.Width?.ToString() ?? "*"}"))}), more than {Columns}.");
    }

    [Theory]
    [MemberData(nameof(TableViews))]
    public void A_table_header_fits_its_column(string id)
    {
        var tooLong = Headers(id).Where(h => h.Width is { } w && h.Label.Length > w).Select(h => $"{h.Label} ({h.Width})").ToList();
        Assert.True(tooLong.Count == 0, $"{id}: headers wider than their columns wrap: {string.Join(", ", tooLong)}.");
    }

    [Theory]
    [MemberData(nameof(TableViews))]
    public void A_table_view_has_an_item_per_header(string id)
    {
        var view = Views().Single(v => $"{Path.GetFileName(v.File)}:{Name(v.View)}" == id).View;
        var table = view.Element("TableControl")!;
        var items = table.Descendants("TableColumnItems").First().Elements("TableColumnItem").Count();
        Assert.Equal(Headers(id).Count, items);
    }

    private static string ModuleFolder => Path.Combine(RepoPaths.Root, "module");

    private static IEnumerable<(string File, XElement View)> Views() =>
        from file in Directory.GetFiles(ModuleFolder, "*.format.ps1xml").OrderBy(f => f, StringComparer.Ordinal)
        from view in XDocument.Load(file).Descendants("View")
        where view.Element("TableControl") is not null
        select (file, view);

    private static string Name(XElement view) => (string?)view.Element("Name") ?? "(unnamed)";

    private static List<(string Label, int? Width)> Headers(string id)
    {
        var view = Views().Single(v => $"{Path.GetFileName(v.File)}:{Name(v.View)}" == id).View;
        return view.Element("TableControl")!.Element("TableHeaders")!.Elements("TableColumnHeader")
            .Select(h => ((string?)h.Element("Label") ?? "", (int?)h.Element("Width")))
            .ToList();
    }
}
