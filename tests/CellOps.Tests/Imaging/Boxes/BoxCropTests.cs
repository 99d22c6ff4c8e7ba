using CellOps.Imaging.Boxes;
using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;
using Xunit;

namespace CellOps.Tests.Imaging.Boxes;

public sealed class BoxCropTests
{
    // A 3-channel 10×8 image whose sample at (c, y, x) is c·100 + y·10 + x: every pixel says where it is.
    private static Micrograph Ramp()
    {
        const int w = 10, h = 8;
        var data = new byte[3 * w * h];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) data[(c * h + y) * w + x] = (byte)(c * 100 + y * 10 + x);
        return new ArrayPixelSource(data, w, h, 3).ToMicrograph("smear.jpg", ChannelRole.BrightField);
    }

    [Fact]
    public void A_box_crop_holds_exactly_the_boxed_pixels_of_every_channel_and_says_where_it_came_from()
    {
        var smear = Ramp();
        var box = new CellBox("smear.jpg", "WBC", XMin: 2, XMax: 5, YMin: 1, YMax: 3, "boxes.csv", 7);
        using var pixels = smear.OpenPixels();
        var crop = BoxCrop.Cut(smear, pixels, 0, box);

        Assert.Equal((3, 2, 3), (crop.Width, crop.Height, crop.ChannelCount));
        var read = new byte[3 * 3 * 2];
        using (var source = crop.OpenPixels()) source.ReadRegion(0, new PixelRect(0, 0, 3, 2), read);
        var expected = new List<byte>();
        for (int c = 0; c < 3; c++)
            for (int y = 1; y < 3; y++)
                for (int x = 2; x < 5; x++) expected.Add((byte)(c * 100 + y * 10 + x));
        Assert.Equal(expected, read);
        Assert.Equal("smear-box7", crop.Name);
        Assert.Equal("WBC", crop.Metadata[BoxCrop.ClassKey]);
        Assert.Equal("boxes.csv row 7", crop.Metadata[BoxCrop.AnnotationKey]);
        Assert.Equal("smear.jpg", crop.Metadata[BoxCrop.CropOfKey]);
    }

    [Theory]
    [InlineData(8, 11, 0, 4)]   // past the right edge
    [InlineData(-1, 3, 0, 4)]   // left of the image
    [InlineData(0, 4, 6, 9)]    // past the bottom
    public void A_box_reaching_outside_its_image_is_refused_naming_the_row(int xMin, int xMax, int yMin, int yMax)
    {
        var smear = Ramp();
        using var pixels = smear.OpenPixels();
        var ex = Assert.Throws<CellBoxException>(() => BoxCrop.Cut(smear, pixels, 0, new CellBox("smear.jpg", "RBC", xMin, xMax, yMin, yMax, "t.csv", 3)));
        Assert.Equal(CellBoxProblem.OutsideImage, ex.Problem);
        Assert.Contains("t.csv row 3", ex.Message);
        Assert.Contains("smear.jpg", ex.Message);
    }

    [Fact]
    public void A_box_table_reads_BCCD_columns_and_returns_bad_rows_as_errors_beside_the_good_ones()
    {
        var (boxes, errors) = CellBoxTable.Parse(new[]
        {
            "filename,cell_type,xmin,xmax,ymin,ymax",
            "BloodImage_00000.jpg,WBC,260,491,177,376",
            "BloodImage_00338.jpg,RBC,504,504,337,337",
            "\"Blood, Image.jpg\",Platelets,1.0,9,2,8",
            "BloodImage_00001.jpg,RBC,ten,20,1,2",
        }, "test.csv");

        Assert.Equal(2, boxes.Count);
        Assert.Equal(new CellBox("BloodImage_00000.jpg", "WBC", 260, 491, 177, 376, "test.csv", 1), boxes[0]);
        Assert.Equal(("Blood, Image.jpg", 1, 3), (boxes[1].File, boxes[1].XMin, boxes[1].Row));
        Assert.Equal(new[] { (2, CellBoxProblem.Empty), (4, CellBoxProblem.Unreadable) }, errors.Select(e => (e.Row, e.Problem)));
        Assert.Contains("test.csv row 4", errors[1].Message);
    }

    [Fact]
    public void A_Pascal_VOC_annotation_gives_one_box_per_object_and_names_a_bad_object_by_its_position()
    {
        using var folder = new CellOps.Tests.TestSupport.TempFolder();
        string path = folder.File("BloodImage_00000.xml");
        File.WriteAllText(path, """
            <annotation>
              <filename>BloodImage_00000.jpg</filename>
              <object><name>WBC</name><bndbox><xmin>260</xmin><ymin>177</ymin><xmax>491</xmax><ymax>376</ymax></bndbox></object>
              <object><name>RBC</name><bndbox><xmin>78</xmin><ymin>336</ymin><xmax>184</xmax></bndbox></object>
              <object><name>Platelets</name><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>11</xmax><ymax>12</ymax></bndbox></object>
            </annotation>
            """);

        var (boxes, errors) = CellBoxFiles.Read(path);

        Assert.Equal(new[]
        {
            new CellBox("BloodImage_00000.jpg", "WBC", 260, 491, 177, 376, "BloodImage_00000.xml", 1),
            new CellBox("BloodImage_00000.jpg", "Platelets", 1, 11, 2, 12, "BloodImage_00000.xml", 3),
        }, boxes);
        var error = Assert.Single(errors);
        Assert.Equal((2, CellBoxProblem.Unreadable), (error.Row, error.Problem));
        Assert.Contains("ymax", error.Message);
    }

    [Fact]
    public void A_box_table_without_the_needed_columns_is_refused_as_a_whole()
    {
        var ex = Assert.Throws<CellBoxException>(() => CellBoxTable.Parse(new[] { "file,xmin,xmax,ymin,ymax", "a.jpg,1,2,3,4" }, "boxes.csv"));
        Assert.Contains("Class", ex.Message);
    }
}
