using CellOps.Imaging.Formats;
using CellOps.Runtime.Attention;
using CellOps.Tests.Reporting;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>
/// Export-AttentionMap as users run it: whole-image crops (noise, a bright disc in the "blob" class)
/// classified by a tiny Leukocyte.WNet trained through Start-CellTraining.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class AttentionMapCmdletTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private const string Train =
        "$tiles = Import-Micrograph \"$data/crops/*/*.png\" | New-TileSet -Size 64 -WholeImage -ClassFrom Folder\n" +
        "$model = $tiles | Start-CellTraining Leukocyte.WNet -HyperParameter @{ Depth = 2; BaseWidth = 8; HiddenUnits = 16 } " +
        "-Threads 1 -Epochs 1 -ValidationFraction 0 -Seed 2 -OutFile \"$data/wnet.cellmodel\"\n";

    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();

    public AttentionMapCmdletTests(PowerShellSessionFixture fixture)
    {
        _ps = fixture.Session;
        var random = new Random(5);
        for (int i = 0; i < 3; i++)
        {
            WriteCrop(_data.File("crops/blob"), $"b{i}.png", 48, random, disc: true);
            WriteCrop(_data.File("crops/plain"), $"p{i}.png", 48, random, disc: false);
        }
    }

    public void Dispose() => _data.Dispose();

    private static void WriteCrop(string folder, string name, int size, Random random, bool disc)
    {
        Directory.CreateDirectory(folder);
        var rgb = new byte[size * size * 3];
        for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)(80 + random.Next(60));
        int cx = 10 + random.Next(size - 20), cy = 10 + random.Next(size - 20);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                if (disc && (x - cx) * (x - cx) + (y - cy) * (y - cy) <= 25) rgb[(y * size + x) * 3] = rgb[(y * size + x) * 3 + 1] = 250;
        PngWriter.Write(Path.Combine(folder, name), size, size, 3, rgb);
    }

    private PipelineResult Run(string script) =>
        _ps.Run(script, new Dictionary<string, object?> { ["data"] = _data.Path, ["out"] = _data.File("maps") });

    [Fact]
    public void Export_AttentionMap_writes_an_overlay_and_a_map_per_crop_and_describes_each()
    {
        var result = Run(Train + "$tiles | Export-AttentionMap $model $out -IncludeMap -Threads 1");
        result.AssertNoErrors();

        var maps = result.Objects<AttentionMap>();
        Assert.Equal(6, maps.Count);
        Assert.Equal(new[] { "b0.png", "b1.png", "b2.png", "p0.png", "p1.png", "p2.png" }, maps.Select(m => m.Micrograph).Order(StringComparer.Ordinal));
        foreach (var map in maps)
        {
            // Whole-image crops are named after their micrograph alone.
            Assert.Equal(_data.File($"maps/{Path.GetFileNameWithoutExtension(map.Micrograph)}.attention.png"), map.Path);
            Assert.Equal(_data.File($"maps/{Path.GetFileNameWithoutExtension(map.Micrograph)}.attention-map.png"), map.MapPath);
            // No class given: each map explains the predicted class.
            Assert.Equal(map.PredictedClass, map.Class);
            Assert.Contains(map.Class, new[] { "blob", "plain" });
            Assert.InRange(map.Probability, 0.5, 1.0);
            Assert.InRange(map.PeakX, 0, 63);
            Assert.InRange(map.PeakY, 0, 63);
            using var overlay = Cv2.ImRead(map.Path, ImreadModes.Unchanged);
            Assert.Equal((64, 64, 3), (overlay.Width, overlay.Height, overlay.Channels()));
            using var alone = Cv2.ImRead(map.MapPath!, ImreadModes.Unchanged);
            Assert.Equal((64, 64, 3), (alone.Width, alone.Height, alone.Channels()));
        }
        Assert.Equal(12, Directory.GetFiles(_data.File("maps")).Length);
        Assert.Contains(result.Progress, p => p.Activity == "Writing attention maps");
    }

    [Fact]
    public void WhatIf_writes_nothing_existing_files_need_Force_and_Class_explains_one_class_everywhere()
    {
        var whatIf = Run(Train + "$tiles | Export-AttentionMap $model $out -WhatIf -Threads 1");
        whatIf.AssertNoErrors();
        Assert.Empty(whatIf.Objects<AttentionMap>());
        Assert.False(Directory.Exists(_data.File("maps")));

        var first = Run("$tiles | Export-AttentionMap $model $out -Class BLOB -Threads 1");
        first.AssertNoErrors();
        var maps = first.Objects<AttentionMap>();
        Assert.Equal(6, maps.Count);
        Assert.All(maps, m => Assert.Equal("blob", m.Class));
        Assert.Contains(maps, m => m.Micrograph.StartsWith('p'));
        Assert.All(maps, m => Assert.Null(m.MapPath));
        var written = File.GetLastWriteTimeUtc(maps[0].Path);

        var again = Run("$tiles | Export-AttentionMap $model $out -Threads 1");
        Assert.Empty(again.Objects<AttentionMap>());
        Assert.Equal(6, again.Errors.Count);
        Assert.All(again.Errors, e => Assert.StartsWith("OutputExists,", e.FullyQualifiedErrorId));
        Assert.Equal(written, File.GetLastWriteTimeUtc(maps[0].Path));

        var forced = Run("$tiles | Export-AttentionMap $model $out -Force -Threads 1");
        forced.AssertNoErrors();
        Assert.Equal(6, forced.Objects<AttentionMap>().Count);
    }

    [Fact]
    public void A_class_the_model_lacks_is_refused_with_the_classes_it_has()
    {
        var result = Run(Train + "$tiles | Export-AttentionMap $model $out -Class Neutrophil -Threads 1");
        Assert.Empty(result.Objects<AttentionMap>());
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("UnknownClass,", error.FullyQualifiedErrorId);
        Assert.Contains("blob, plain", error.Exception.Message);
        Assert.False(Directory.Exists(_data.File("maps")));
    }

    [Fact]
    public void An_image_translation_model_is_refused_as_no_classifier()
    {
        string package = TranslatedFields.IdentityPackage(_data, ["DAPI"]);
        var result = _ps.Run("Import-Micrograph \"$data/crops/blob/b0.png\" | Export-AttentionMap $package $out",
            new Dictionary<string, object?> { ["data"] = _data.Path, ["out"] = _data.File("maps"), ["package"] = package });
        Assert.Empty(result.Objects<AttentionMap>());
        var record = Assert.Single(result.Errors);
        Assert.StartsWith("NotAClassifier,", record.FullyQualifiedErrorId);
        Assert.Contains("tile classifiers", record.Exception.Message);
    }
}
