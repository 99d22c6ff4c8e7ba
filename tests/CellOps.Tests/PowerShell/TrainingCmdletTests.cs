using System.IO.Compression;
using System.Management.Automation;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Training;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>
/// Start-CellTraining and Invoke-CellModel as users run them: generated phase-contrast fields with a
/// GFP pair, the real Cardiomyocyte plugin from the module's plugins folder, tiny hyperparameters.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TrainingCmdletTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private const string Tiny = "-HyperParameter @{ Depth = 2; BaseWidth = 8 } -Threads 1";
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();

    public TrainingCmdletTests(PowerShellSessionFixture fixture)
    {
        _ps = fixture.Session;
        WriteFields(_data.Path, fields: 6, seed: 17);
    }

    public void Dispose() => _data.Dispose();

    private PipelineResult Run(string script, params (string Name, object Value)[] variables) =>
        _ps.Run("$m = Import-Micrograph \"$data/*_phase.png\" -PairWith { $_.FullName -replace '_phase', '_gfp' }\n" +
                "$tiles = $m | New-TileSet -Size 64 -Target Label -AreaFraction 0.3\n" + script,
            variables.Append((Name: "data", Value: (object)_data.Path)).ToDictionary(v => v.Name, v => (object?)v.Value));

    [Fact]
    public void A_tiny_classifier_trained_through_the_cmdlets_predicts_its_tiles_well()
    {
        string package = _data.File("cm.cellmodel");
        var result = Run($"$trained = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 10 -Seed 3 -LearningRate 0.01 {Tiny} -OutFile $out\n" +
                         "$trained\n$tiles | Invoke-CellModel $trained -Threads 1", ("out", package));
        result.AssertNoErrors();

        var trained = Assert.Single(result.Objects<TrainedModel>());
        Assert.Equal(package, trained.Path);
        Assert.True(File.Exists(package));
        Assert.Equal(10, trained.Epochs);
        Assert.Equal("Cardiomyocyte.TileClassifier", trained.Model);
        Assert.Contains(result.Progress, p => p.StatusDescription.StartsWith("Epoch 10/10", StringComparison.Ordinal));

        var prediction = Assert.Single(result.Objects<PredictionResult>());
        Assert.Equal(54, prediction.Count);
        Assert.Equal(6, prediction.Micrographs.Count);
        Assert.NotNull(prediction.Evaluation);
        Assert.True(prediction.Evaluation!.Accuracy >= 0.9, $"accuracy {prediction.Evaluation.Accuracy}");
        Assert.True(prediction.Evaluation.RocAuc >= 0.95, $"AUC {prediction.Evaluation.RocAuc}");
    }

    [Fact]
    public void WhatIf_trains_nothing_and_writes_nothing()
    {
        string package = _data.File("whatif.cellmodel");
        var result = Run($"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -OutFile $out -WhatIf {Tiny}", ("out", package));
        result.AssertNoErrors();
        Assert.Empty(result.Output);
        Assert.False(File.Exists(package));
    }

    [Fact]
    public void An_unknown_model_or_a_bad_hyperparameter_is_a_clear_terminating_error()
    {
        var unknown = Run("$tiles | Start-CellTraining Cardiomyocyte.NoSuchModel");
        var error = StatementError(unknown);
        Assert.Equal("ModelNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("Cardiomyocyte.TileClassifier", error.Exception.Message);

        var bad = Run("$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -HyperParameter @{ Depth = 99 } -Epochs 1");
        var badError = StatementError(bad);
        Assert.Equal("InvalidTrainingInput", badError.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("Depth", badError.Exception.Message);
    }

    [Fact]
    public void A_tampered_package_is_refused_before_any_weight_is_read()
    {
        string package = _data.File("t.cellmodel");
        Run($"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -ValidationFraction 0 {Tiny} -OutFile $out", ("out", package)).AssertNoErrors();
        using (var zip = ZipFile.Open(package, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("weights/network.bin")!;
            byte[] bytes;
            using (var stream = entry.Open())
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }
            bytes[bytes.Length / 2] ^= 0x5A;
            entry.Delete();
            using var rewritten = zip.CreateEntry("weights/network.bin").Open();
            rewritten.Write(bytes);
        }

        var result = Run("$tiles | Invoke-CellModel $p", ("p", package));
        var error = StatementError(result);
        Assert.Equal("ModelPackageInvalid", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(package, error.TargetObject);
        Assert.Contains("t.cellmodel", error.Exception.Message);
    }

    [Fact]
    public void A_missing_package_is_not_found_rather_than_invalid_and_the_error_names_it()
    {
        string missing = _data.File("nowhere.cellmodel");
        foreach (var script in new[] { "$tiles | Invoke-CellModel $p", $"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -From $p -Epochs 1 {Tiny} -OutFile \"$data/x.cellmodel\"" })
        {
            var error = StatementError(Run(script, ("p", missing)));
            Assert.Equal("ModelPackageNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal(missing, error.TargetObject);
            Assert.Contains("nowhere.cellmodel", error.Exception.Message);
        }
        Assert.False(File.Exists(_data.File("x.cellmodel")));
    }

    [Fact]
    public void Tiles_of_another_size_are_a_non_terminating_error_and_micrographs_are_cut_as_the_package_says()
    {
        string package = _data.File("s.cellmodel");
        Run($"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -ValidationFraction 0 {Tiny} -OutFile $out", ("out", package)).AssertNoErrors();

        var result = Run("$m | New-TileSet -Size 32 | Invoke-CellModel $p -Threads 1\n$m | Invoke-CellModel $p -Threads 1", ("p", package));
        var error = Assert.Single(result.Errors);
        Assert.Equal("TileSizeMismatch", error.FullyQualifiedErrorId.Split(',')[0]);
        var fromMicrographs = Assert.Single(result.Objects<PredictionResult>());
        Assert.Equal(54, fromMicrographs.Count);
        Assert.NotNull(fromMicrographs.Evaluation);
    }

    [Fact]
    public void An_existing_OutFile_is_refused_before_training_and_replaced_with_Force()
    {
        string package = _data.File("kept.cellmodel");
        File.WriteAllText(package, "an earlier package");

        foreach (string search in new[] { "", "-Optimize -Trials 1" })
        {
            var refused = Run($"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier {search} -Epochs 1 {Tiny} -OutFile $out", ("out", package));
            var error = StatementError(refused);
            Assert.Equal("OutputExists", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
            Assert.Equal(package, error.TargetObject);
            Assert.Contains("use -Force to replace it", error.Exception.Message);
            Assert.DoesNotContain(refused.Progress, p => p.StatusDescription.StartsWith("Epoch", StringComparison.Ordinal));
            Assert.Equal("an earlier package", File.ReadAllText(package));
        }

        var forced = Run($"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -ValidationFraction 0 {Tiny} -OutFile $out -Force", ("out", package));
        forced.AssertNoErrors();
        Assert.Equal(package, Assert.Single(forced.Objects<TrainedModel>()).Path);
        using var written = CellOps.Runtime.Packaging.ModelPackage.Open(package, CellOps.Sdk.SdkVersion.Current);
        Assert.Equal("Cardiomyocyte", written.Manifest.PluginId);
    }

    [Fact]
    public void HoldOutBy_holds_out_whole_columns_of_fields_and_the_package_keeps_the_best_epoch_unless_KeepLast()
    {
        string byKey = _data.File("key.cellmodel"), byScript = _data.File("script.cellmodel"), searched = _data.File("search.cellmodel");
        const string Train = "$fields | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 5 -Seed 3 -LearningRate 0.03 -ValidationFraction 0.3";
        var result = Run(
            "$fields = $m | Split-Micrograph 64 | New-TileSet -Size 64 -Target Label -AreaFraction 0.3\n" +
            $"{Train} -HoldOutBy 'CellOps.FieldColumn' {Tiny} -OutFile $key -Verbose 4>&1\n" +
            $"{Train} -HoldOutBy {{ $_.FieldColumn }} -KeepLast {Tiny} -OutFile $script\n" +
            $"$fields | Start-CellTraining Cardiomyocyte.TileClassifier -Optimize -Trials 1 -Epochs 1 -ValidationFraction 0.3 -HoldOutBy FieldColumn {Tiny} -OutFile $search",
            ("key", byKey), ("script", byScript), ("search", searched));
        Assert.Single(result.Errors);
        var models = result.Objects<TrainedModel>();
        Assert.Equal(2, models.Count);
        var (best, last) = (models[0], models[1]);

        // Three columns of 18 one-tile fields (six images, three rows each): one column reaches 0.3.
        Assert.Equal("metadata 'CellOps.FieldColumn'", best.HeldOutBy);
        string column = Assert.Single(best.HeldOut);
        Assert.Contains(result.Output, o => o.BaseObject is VerboseRecord v && v.Message.Contains($"held out by metadata 'CellOps.FieldColumn': {column}; 18 micrograph(s)", StringComparison.Ordinal));
        using (var package = CellOps.Runtime.Packaging.ModelPackage.Open(byKey, CellOps.Sdk.SdkVersion.Current))
        {
            Assert.Equal(18, package.Manifest.Validation!.Tiles);
            Assert.Equal(best.KeptEpoch, package.Manifest.KeptEpoch);
        }
        var lowest = best.EpochMetrics.MinBy(e => e.ValidationLoss)!;
        Assert.Equal(lowest.Epoch, best.KeptEpoch);
        Assert.Equal(lowest.ValidationLoss, best.ValidationLoss);
        Assert.Equal(lowest.ValidationAccuracy, best.ValidationAccuracy);

        // The script block finds the same columns: the same split, the same epochs; -KeepLast keeps the last.
        Assert.Equal("script { $_.FieldColumn }", last.HeldOutBy);
        Assert.Equal(best.HeldOut, last.HeldOut);
        Assert.Equal(best.EpochMetrics.Select(e => e.ValidationLoss), last.EpochMetrics.Select(e => e.ValidationLoss));
        Assert.Equal(5, last.KeptEpoch);
        Assert.Equal(last.EpochMetrics[^1].ValidationLoss, last.ValidationLoss);

        // The search's trials split the same way; a bare property name is not a metadata key, and the error says so.
        var error = Assert.Single(result.Errors);
        Assert.Equal("HoldOutGroupMissing", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("metadata 'FieldColumn'", error.Exception.Message);
        Assert.Contains("CellOps.FieldColumn", error.Exception.Message);
        Assert.False(File.Exists(searched));
        var search = Run(
            "$fields = $m | Split-Micrograph 64 | New-TileSet -Size 64 -Target Label -AreaFraction 0.3\n" +
            $"$fields | Start-CellTraining Cardiomyocyte.TileClassifier -Optimize -Trials 1 -Epochs 1 -ValidationFraction 0.3 -HoldOutBy CellOps.FieldColumn {Tiny} -OutFile $search",
            ("search", searched));
        search.AssertNoErrors();
        Assert.Equal(best.HeldOut, Assert.Single(search.Objects<TrainedModel>()).HeldOut);
    }

    [Fact]
    public void A_micrograph_without_a_group_to_hold_out_by_is_an_error_that_names_it()
    {
        var missing = StatementError(Run($"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -HoldOutBy Run {Tiny}"));
        Assert.Equal("HoldOutGroupMissing", missing.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidData, missing.CategoryInfo.Category);
        var micrograph = Assert.IsType<CellOps.Sdk.Imaging.Micrograph>(missing.TargetObject);
        Assert.Contains($"'{micrograph.Path}' has no group", missing.Exception.Message);
        Assert.Contains("metadata 'Run'", missing.Exception.Message);

        var failing = StatementError(Run($"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -HoldOutBy {{ throw 'no run recorded' }} {Tiny}"));
        Assert.Equal("HoldOutGroupMissing", failing.FullyQualifiedErrorId.Split(',')[0]);
        Assert.IsType<CellOps.Sdk.Imaging.Micrograph>(failing.TargetObject);
        Assert.Contains("no run recorded", failing.Exception.Message);

        var notAKey = StatementError(Run($"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -HoldOutBy 3 {Tiny}"));
        Assert.Equal("InvalidHoldOutBy", notAKey.FullyQualifiedErrorId.Split(',')[0]);

        var nothingHeld = StatementError(Run($"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -ValidationFraction 0 -HoldOutBy Run {Tiny}"));
        Assert.Equal("InvalidTrainingInput", nothingHeld.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("validation fraction is 0", nothingHeld.Exception.Message);
    }

    /// <summary>A terminating error of a cmdlet ends its statement; the script goes on and the error is in the error stream.</summary>
    [Fact]
    public void One_damaged_micrograph_fails_alone_and_the_others_are_still_predicted()
    {
        string package = _data.File("d.cellmodel");
        Run($"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -ValidationFraction 0 {Tiny} -OutFile $out", ("out", package)).AssertNoErrors();
        for (int f = 0; f < 3; f++) DamagedTiff.FromPng(_data.File($"field{f}_phase.png"), _data.File($"field{f}.tif"), damageStrip: f == 1);

        // The header reads fine, so the damage shows only when prediction reads the pixels.
        var result = _ps.Run("Import-Micrograph \"$data/field?.tif\" | Invoke-CellModel $p -Threads 1",
            new Dictionary<string, object?> { ["data"] = _data.Path, ["p"] = package });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("CorruptImage", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(_data.File("field1.tif"), error.TargetObject);
        var prediction = Assert.Single(result.Objects<PredictionResult>());
        Assert.Equal(new[] { "field0.tif", "field2.tif" }, prediction.Micrographs.Select(m => m.Micrograph).Order());
        Assert.Equal(18, prediction.Count);
    }

    [Fact]
    public void Training_on_tiles_of_a_damaged_file_stops_with_CorruptImage_naming_the_file()
    {
        DamagedTiff.FromPng(_data.File("field0_phase.png"), _data.File("bad_phase.tif"), damageStrip: true);
        File.Copy(_data.File("field0_gfp.png"), _data.File("bad_gfp.png"));
        var result = _ps.Run("Import-Micrograph \"$data/bad_phase.tif\" -PairWith \"$data/bad_gfp.png\" | New-TileSet -Size 64 -Target Label -AreaFraction 0.3 | " +
                             $"Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -ValidationFraction 0 {Tiny} -OutFile \"$data/bad.cellmodel\"",
            new Dictionary<string, object?> { ["data"] = _data.Path });

        var error = result.Terminating is IContainsErrorRecord stopped ? stopped.ErrorRecord : Assert.Single(result.Errors);
        Assert.Equal("CorruptImage", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(_data.File("bad_phase.tif"), error.TargetObject);
        Assert.False(File.Exists(_data.File("bad.cellmodel")));
    }

    [Fact]
    public void A_folder_as_OutFile_or_CheckpointPath_is_refused_before_training_starts()
    {
        string folder = Directory.CreateDirectory(_data.File("a-folder")).FullName;
        foreach (var (parameter, extra) in new[] { ("OutFile", "-OutFile $f"), ("CheckpointPath", $"-OutFile \"$data/c.cellmodel\" -CheckpointPath $f") })
        {
            var result = Run($"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 50 {Tiny} {extra}", ("f", folder));
            var error = StatementError(result);
            Assert.Equal("OutputIsFolder", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Equal(folder, error.TargetObject);
            Assert.Contains($"-{parameter}", error.Exception.Message);
            // Refused up front: no epoch ran.
            Assert.DoesNotContain(result.Progress, p => p.StatusDescription.StartsWith("Epoch", StringComparison.Ordinal));
        }
        Assert.False(File.Exists(_data.File("c.cellmodel")));
    }

    [Fact]
    public void A_checkpoint_that_cannot_be_written_stops_training_with_CheckpointWriteFailed()
    {
        // A file where the checkpoint's folder should be: the write fails at the first epoch's end.
        string checkpoint = Path.Combine(_data.File("field0_gfp.png"), "run.ckpt");
        var result = Run($"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 3 {Tiny} -OutFile \"$data/k.cellmodel\" -CheckpointPath $c", ("c", checkpoint));
        var error = StatementError(result);
        Assert.Equal("CheckpointWriteFailed", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.WriteError, error.CategoryInfo.Category);
        Assert.Equal(checkpoint, error.TargetObject);
        Assert.Contains("after epoch 1", error.Exception.Message);
        Assert.False(File.Exists(_data.File("k.cellmodel")));
    }

    [Fact]
    public void A_folder_given_as_a_model_package_is_called_a_folder_not_missing()
    {
        string folder = Directory.CreateDirectory(_data.File("m.cellmodel")).FullName;
        var error = StatementError(Run("$tiles | Invoke-CellModel $p", ("p", folder)));
        Assert.Equal("ModelPackageIsFolder", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(folder, error.TargetObject);
        Assert.Contains("is a folder", error.Exception.Message);
    }

    private static ErrorRecord StatementError(PipelineResult result)
    {
        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);
        return Assert.Single(result.Errors);
    }

    /// <summary>
    /// Fields of 3×3 tiles of 64 px: a third of the tiles hold a bright, textured "cell" in phase contrast
    /// whose GFP pair is a disk over most of the tile; the rest are background in both.
    /// </summary>
    internal static void WriteFields(string folder, int fields, int seed)
    {
        var random = new Random(seed);
        for (int f = 0; f < fields; f++)
        {
            using var phase = new Mat(192, 192, MatType.CV_8UC1);
            using var gfp = new Mat(192, 192, MatType.CV_8UC1, Scalar.All(15));
            for (int y = 0; y < 192; y++)
                for (int x = 0; x < 192; x++)
                    phase.Set(y, x, (byte)(100 + random.Next(20)));
            for (int t = 0; t < 9; t++)
            {
                if ((t + f) % 3 != 0) continue;
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
