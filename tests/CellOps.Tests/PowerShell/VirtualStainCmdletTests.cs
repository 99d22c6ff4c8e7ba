using System.Text.Json;
using CellOps.Reporting;
using CellOps.Runtime.Inference;
using CellOps.Imaging.Maps;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>
/// Efficiency, Export-VirtualStain and Export-CellReport as users run them, on generated
/// phase-contrast fields with a GFP pair and a tiny Cardiomyocyte model trained through the cmdlets.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class VirtualStainCmdletTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();
    private readonly string _out;

    public VirtualStainCmdletTests(PowerShellSessionFixture fixture)
    {
        _ps = fixture.Session;
        WriteFields(_data.Path);
        _out = Path.Combine(_data.Path, "out");
    }

    public void Dispose() => _data.Dispose();

    // Trains a tiny model, then predicts overlapping tiles of every field; the caller's script follows.
    private PipelineResult Run(string script) =>
        _ps.Run("$m = Import-Micrograph \"$data/*_phase.png\" -PairWith { $_.FullName -replace '_phase', '_gfp' }\n" +
                "$model = $m | New-TileSet -Size 64 -Target Label -AreaFraction 0.3 | Start-CellTraining Cardiomyocyte.TileClassifier " +
                "-Epochs 6 -Seed 3 -LearningRate 0.01 -HyperParameter @{ Depth = 2; BaseWidth = 8 } -Threads 1 -ValidationFraction 0.25 -OutFile \"$data/m.cellmodel\"\n" +
                "$result = $m | New-TileSet -Size 64 -Stride 32 -Target Label -AreaFraction 0.3 | Invoke-CellModel $model -Threads 1\n" + script,
            new Dictionary<string, object?> { ["data"] = _data.Path, ["out"] = _out });

    [Fact]
    public void Each_field_reports_its_measured_efficiency_from_the_binarized_pair_and_the_set_its_correlation()
    {
        var result = Run("$result");
        result.AssertNoErrors();
        var prediction = Assert.Single(result.Objects<PredictionResult>());
        Assert.Equal(4, prediction.Micrographs.Count);
        var fields = prediction.Micrographs.OrderBy(m => m.Micrograph, StringComparer.Ordinal).ToArray();
        var measured = new double[4];
        for (int f = 0; f < 4; f++)
        {
            measured[f] = Measured(f);
            Assert.Equal($"field{f}_phase.png", fields[f].Micrograph);
            Assert.Equal(measured[f], fields[f].MeasuredEfficiency!.Value, 9);
        }
        var byTiles = fields.Select(m => m.PositiveFraction).ToArray();
        var byArea = fields.Select(m => m.PositiveArea!.Value).ToArray();
        string seen = $"tiles {string.Join(" ", byTiles.Select(v => v.ToString("0.000")))}; area {string.Join(" ", byArea.Select(v => v.ToString("0.000")))}; " +
                      $"measured {string.Join(" ", measured.Select(v => v.ToString("0.000")))}; r {prediction.EfficiencyCorrelation:0.000} / {prediction.AreaCorrelation:0.000}";

        // The set's r is Pearson's r of the fields' predicted against measured efficiency, as computed here by hand.
        Assert.True(prediction.EfficiencyCorrelation is not null && prediction.AreaCorrelation is not null, $"r is undefined: {seen}");
        Assert.Equal(HandStatistics.Pearson(byTiles, measured), prediction.EfficiencyCorrelation!.Value, 9);
        Assert.Equal(HandStatistics.Pearson(byArea, measured), prediction.AreaCorrelation!.Value, 9);
        // Field f holds f + 1 cells, so measured efficiency climbs with f; a model that sees the cells
        // predicts the same climb. One that ignores its input predicts the same share everywhere
        // (r undefined, or noise around 0). Observed, the same on every run (seed 3, one thread): r 0.976
        // by tiles and 0.978 by area (predicted 0, 0.04, 0.16, 0.20 of the tiles against measured 0.05 to 0.19).
        Assert.True(prediction.EfficiencyCorrelation.Value > 0.9, seen);
        Assert.True(prediction.AreaCorrelation.Value > 0.9, seen);
    }

    [Fact]
    public void Export_VirtualStain_writes_three_files_per_field_and_keeps_existing_ones_without_Force()
    {
        var result = Run("$result | Export-VirtualStain -OutputDirectory $out -WhatIf\n" +
                         "[IO.Directory]::Exists($out)\n" +
                         "$result | Export-VirtualStain -OutputDirectory $out -PassThru");
        result.AssertNoErrors();
        Assert.False((bool)result.Output[0].BaseObject);
        var stains = result.Objects<VirtualStain>();
        Assert.Equal(4, stains.Count);
        foreach (var stain in stains)
        {
            foreach (var file in stain.Files.All) Assert.True(File.Exists(file), file);
            Assert.StartsWith(Path.Combine(_out, Path.GetFileNameWithoutExtension(stain.Micrograph)), stain.Files.Overlay);
        }
        var overlay = stains[0].Files.Overlay;
        var before = File.ReadAllBytes(overlay);
        File.WriteAllText(overlay, "a file the user wants to keep");

        var again = _ps.Run("$result | Export-VirtualStain -OutputDirectory $out");
        Assert.Equal(4, again.Errors.Count);
        Assert.All(again.Errors, e => Assert.Equal("OutputExists", e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal("a file the user wants to keep", File.ReadAllText(overlay));

        _ps.Run("$result | Export-VirtualStain -OutputDirectory $out -Force").AssertNoErrors();
        Assert.Equal(before, File.ReadAllBytes(overlay));
    }

    [Fact]
    public void Path_names_one_fields_files_and_a_second_field_is_an_error()
    {
        var result = Run("$result | Export-VirtualStain -Path \"$out/only.tif\"");
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("PathNamesOneMicrograph", e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.True(File.Exists(Path.Combine(_out, "only.probability.tif")));
        Assert.True(File.Exists(Path.Combine(_out, "only.overlay.png")));
    }

    [Fact]
    public void Export_CellReport_writes_the_figures_and_the_numbers()
    {
        var result = Run("$result | Export-CellReport $out -TrainedModel $model -PassThru");
        result.AssertNoErrors();
        var report = Assert.Single(result.Objects<CellReport>());
        // A stain that calls every pixel positive has IoU equal to the field's measured efficiency (the
        // disks' share), 0.05 to 0.19 here, 0.122 on average; one that calls none has IoU 0. The trained
        // stain must beat both. Observed, the same on every run: 0.147. A tile classifier's stain is coarse
        // (64-pixel tiles every 32 pixels against disks 48 pixels across), so the margin is modest.
        double allPositive = Enumerable.Range(0, 4).Average(Measured);
        Assert.True(report.MeanStainIou!.Value > allPositive, $"mean stain IoU {report.MeanStainIou:0.000}; all-positive stain {allPositive:0.000}");
        var names = report.Files.Select(f => f.Name).ToArray();
        foreach (var png in new[] { "roc.png", "confusion.png", "training.png", "efficiency.png" })
        {
            Assert.Contains(png, names);
            var bytes = File.ReadAllBytes(Path.Combine(_out, png));
            Assert.True(bytes.Length > 1000 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G', $"{png} is not a PNG");
        }
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_out, "metrics.json")));
        Assert.Equal("Cardiomyocyte.TileClassifier", metrics.RootElement.GetProperty("model").GetString());
        Assert.Equal(report.EfficiencyCorrelation!.Value, metrics.RootElement.GetProperty("efficiencyCorrelation").GetDouble(), 12);
        Assert.Equal(report.MeanStainIou!.Value, metrics.RootElement.GetProperty("meanStainIou").GetDouble(), 12);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(_out, "training.csv")).Length - 1);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(_out, "efficiency.csv")).Length - 1);

        var refused = _ps.Run("$result | Export-CellReport $out");
        Assert.Equal("OutputExists", Assert.Single(refused.Errors).FullyQualifiedErrorId.Split(',')[0]);
    }

    // The GFP pair is 15 with disks of 220: Otsu puts every disk pixel, and nothing else, above.
    private double Measured(int field)
    {
        using var gfp = Cv2.ImRead(Path.Combine(_data.Path, $"field{field}_gfp.png"), ImreadModes.Grayscale);
        return (double)Cv2.CountNonZero(gfp.Threshold(100, 255, ThresholdTypes.Binary)) / (gfp.Width * gfp.Height);
    }

    /// <summary>
    /// Four 192×192 fields of 3×3 tiles; field f holds f + 1 "cells" (a bright, textured disk in phase
    /// contrast, a larger disk in GFP), so measured efficiencies differ from field to field.
    /// </summary>
    private static void WriteFields(string folder)
    {
        var random = new Random(23);
        for (int f = 0; f < 4; f++)
        {
            using var phase = new Mat(192, 192, MatType.CV_8UC1);
            using var gfp = new Mat(192, 192, MatType.CV_8UC1, Scalar.All(15));
            for (int y = 0; y < 192; y++)
                for (int x = 0; x < 192; x++)
                    phase.Set(y, x, (byte)(100 + random.Next(20)));
            foreach (int t in Enumerable.Range(0, 9).OrderBy(_ => random.Next()).Take(f + 1))
            {
                var centre = new Point((t % 3) * 64 + 32 + random.Next(-4, 5), (t / 3) * 64 + 32 + random.Next(-4, 5));
                Cv2.Circle(phase, centre, 18, Scalar.All(200), -1);
                Cv2.Circle(phase, centre, 10, Scalar.All(60), -1);
                Cv2.Circle(gfp, centre, 24, Scalar.All(220), -1);
            }
            Cv2.ImWrite(Path.Combine(folder, $"field{f}_phase.png"), phase);
            Cv2.ImWrite(Path.Combine(folder, $"field{f}_gfp.png"), gfp);
        }
    }
}
