using CellOps.Imaging.Boxes;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

public sealed class BoxTileSetTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();

    public BoxTileSetTests(PowerShellSessionFixture fixture)
    {
        _ps = fixture.Session;
        // A grey 60×40 smear with a red cell at x 10–30, y 5–25 and a blue one at x 40–50, y 20–30.
        using var mat = new Mat(40, 60, MatType.CV_8UC3, new Scalar(128, 128, 128));
        mat[new Rect(10, 5, 20, 20)].SetTo(new Scalar(20, 20, 220));
        mat[new Rect(40, 20, 10, 10)].SetTo(new Scalar(220, 20, 20));
        Cv2.ImWrite(_data.File("smear1.png"), mat);
    }

    public void Dispose() => _data.Dispose();

    private static byte[] MeanRgb(Micrograph crop)
    {
        var pixels = new float[crop.ChannelCount * crop.Width * crop.Height];
        using (var source = crop.OpenPixels()) source.ReadRegion(0, new PixelRect(0, 0, crop.Width, crop.Height), pixels.AsSpan());
        int area = crop.Width * crop.Height;
        return Enumerable.Range(0, 3).Select(c => (byte)Math.Round(pixels.Skip(c * area).Take(area).Average())).ToArray();
    }

    [Fact]
    public void New_TileSet_BoxFrom_cuts_one_tile_per_box_resized_and_labelled_with_its_class()
    {
        File.WriteAllLines(_data.File("boxes.csv"), new[]
        {
            "filename,cell_type,xmin,xmax,ymin,ymax",
            "smear1.png,WBC,10,30,5,25",
            "smear1.png,Platelets,40,50,20,30",
        });
        var result = _ps.Run("Import-Micrograph \"$data/smear1.png\" | New-TileSet -Size 8 -BoxFrom \"$data/boxes.csv\"",
            new Dictionary<string, object?> { ["data"] = _data.Path });
        result.AssertNoErrors();

        var set = Assert.Single(result.Objects<TileSet>());
        Assert.Equal((TileTarget.ImageClass, true, 8), (set.Target, set.WholeImages, set.TileSize));
        Assert.Equal(new[] { "Platelets", "WBC" }, set.ClassNames);
        var white = set.Tiles.Single(t => t.Label == 1).Source;
        var platelet = set.Tiles.Single(t => t.Label == 0).Source;
        Assert.Equal((8, 8, 3), (white.Width, white.Height, white.ChannelCount));
        Assert.Equal(new byte[] { 220, 20, 20 }, MeanRgb(white));
        Assert.Equal(new byte[] { 20, 20, 220 }, MeanRgb(platelet));
        Assert.Equal("boxes.csv row 2", platelet.Metadata[BoxCrop.AnnotationKey]);
    }

    [Fact]
    public void New_TileSet_BoxFrom_reads_Pascal_VOC_files_by_wildcard_and_a_path_matching_nothing_stops_it()
    {
        Directory.CreateDirectory(_data.File("voc"));
        File.WriteAllText(_data.File("voc/smear1.xml"),
            "<annotation><filename>smear1.png</filename><object><name>WBC</name><bndbox><xmin>10</xmin><ymin>5</ymin><xmax>30</xmax><ymax>25</ymax></bndbox></object></annotation>");
        var result = _ps.Run("Import-Micrograph \"$data/smear1.png\" | New-TileSet -Size 8 -BoxFrom \"$data/voc/*.xml\"",
            new Dictionary<string, object?> { ["data"] = _data.Path });
        result.AssertNoErrors();
        var set = Assert.Single(result.Objects<TileSet>());
        Assert.Equal(new[] { "WBC" }, set.ClassNames);
        Assert.Equal(new byte[] { 220, 20, 20 }, MeanRgb(Assert.Single(set.Tiles).Source));

        var missing = _ps.Run("Import-Micrograph \"$data/smear1.png\" | New-TileSet -Size 8 -BoxFrom \"$data/none/*.csv\"",
            new Dictionary<string, object?> { ["data"] = _data.Path });
        Assert.Empty(missing.Objects<TileSet>());
        Assert.Equal("BoxTableNotFound,CellOps.PowerShell.Commands.NewTileSetCommand", Assert.Single(missing.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Bad_boxes_are_errors_naming_their_row_and_the_good_ones_still_make_tiles()
    {
        var result = _ps.Run(
            "$boxes = @(@{ File = 'smear1.png'; Class = 'WBC'; XMin = 10; XMax = 30; YMin = 5; YMax = 25 }," +
            "          @{ File = 'smear1.png'; Class = 'WBC'; XMin = 50; XMax = 70; YMin = 5; YMax = 25 }," +
            "          @{ File = 'missing.jpg'; Class = 'RBC'; XMin = 1; XMax = 5; YMin = 1; YMax = 5 }," +
            "          @{ File = 'smear1.png'; Class = 'RBC'; XMin = 5; XMax = 5; YMin = 1; YMax = 5 })\n" +
            "Import-Micrograph \"$data/smear1.png\" | New-TileSet -Size 8 -Box $boxes",
            new Dictionary<string, object?> { ["data"] = _data.Path });

        var set = Assert.Single(result.Objects<TileSet>());
        Assert.Equal(1, set.Count);
        Assert.Equal(new[] { "WBC" }, set.ClassNames);
        var errors = result.Errors.Select(e => (e.FullyQualifiedErrorId.Split(',')[0], e.Exception.Message)).ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Item1 == "InvalidBox" && e.Message.Contains("-Box row 4"));
        Assert.Contains(errors, e => e.Item1 == "BoxImageNotFound" && e.Message.Contains("missing.jpg") && e.Message.Contains("row 3"));
        Assert.Contains(errors, e => e.Item1 == "BoxOutsideImage" && e.Message.Contains("-Box row 2") && e.Message.Contains("smear1.png"));
        Assert.All(result.Errors, e => Assert.NotNull(e.TargetObject));
    }
}
