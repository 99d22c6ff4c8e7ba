using System.Globalization;
using System.Text.Json.Nodes;
using CellOps.Benchmarks.Support;
using CellOps.Imaging.Formats;
using CellOps.Plugins.CancerStemCell;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Runtime.Translation;
using CellOps.Sdk.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Suites;

/// <summary>The measuring side of <see cref="TranslationImageSuite"/>, in a process of its own.</summary>
internal static class TranslationImageChild
{
    public const string Name = "translation-image";

    private const int BatchSize = 16;

    private static readonly Dictionary<string, double> Narrow = new() { ["GeneratorWidth"] = 4, ["DiscriminatorWidth"] = 4 };

    /// <summary>An untrained Pix2Pix package (one phase channel to one target) whose targets map 0..65535 onto its tanh range.</summary>
    public static void WritePackage(string path)
    {
        var model = new Pix2PixModel();
        var values = HyperParameterValues.Resolve(model.HyperParameters, Narrow);
        torch.random.manual_seed(0);
        using var network = model.CreateNetwork(values, 1, 1);
        var scaling = new TargetScaling { Channels = new[] { "Marker" }, RawLow = new[] { 0f }, RawHigh = new[] { 65535f }, OutputLow = -1, OutputHigh = 1 };
        var manifest = new ManifestFactory(new CancerStemCellPlugin(), model, Array.Empty<string>(), values, 0, Fingerprint: "", TileCount: 0, Parent: null,
            WholeImages: false, Input: model.Input with { Channels = 1 }, TargetScaling: scaling).Create([]);
        ModelPackageWriter.Write(path, manifest, new Dictionary<string, byte[]> { [Checkpoint.WeightsEntry] = Checkpoint.SaveWeights(network) });
    }

    /// <summary>Arguments: image, package, work folder, threads.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        string image = args[0], package = args[1], folder = args[2];
        int threads = int.Parse(args[3], CultureInfo.InvariantCulture);
        var compute = ComputeContext.Create(DevicePreference.Cpu, threads);
        using var opened = ModelPackage.Open(package, CellOps.Sdk.SdkVersion.Current);
        using var model = LoadedModel.Load(opened, new Pix2PixModel(), compute);
        using (var warm = randn(8, 1, model.Manifest.TileSize, model.Manifest.TileSize))
        using (no_grad())
        {
            model.Network.call(warm).Dispose();
        }
        long baseline = MemoryProbe.SettledResident();
        MemoryProbe.ResetPeak();

        var micrograph = MicrographLoader.Load(image);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long sampled = baseline;
        var predicted = TranslationPredictor.Predict(model, micrograph, model.Manifest.TileSize, BatchSize, default,
            (done, _) => { if (done % 512 == 0) sampled = Math.Max(sampled, MemoryProbe.Resident()); }, folder);
        double predictSeconds = clock.Elapsed.TotalSeconds;
        long predictPeak = Math.Max(MemoryProbe.Peak(), sampled);

        clock.Restart();
        var files = TranslatedStainFiles.ForStem(Path.Combine(folder, "translation-large"));
        TranslatedStainWriter.Write(predicted, files);
        double writeSeconds = clock.Elapsed.TotalSeconds;
        long writePeak = Math.Max(MemoryProbe.Peak(), Math.Max(sampled, MemoryProbe.Resident()));
        foreach (var file in files.All) File.Delete(file);

        // The generator alone on ready batches of the same size, in evaluation mode as the predictor runs it.
        int aloneBatches = Math.Max(1, Math.Min(64, predicted.TileCount / BatchSize));
        model.Network.eval();
        using (var ready = randn(BatchSize, 1, model.Manifest.TileSize, model.Manifest.TileSize))
        using (no_grad())
        {
            model.Network.call(ready).Dispose();
            clock.Restart();
            for (int b = 0; b < aloneBatches; b++) model.Network.call(ready).Dispose();
        }
        double aloneSeconds = clock.Elapsed.TotalSeconds;

        SelfProcess.Report(new JsonObject
        {
            ["tiles"] = predicted.TileCount,
            ["baselineBytes"] = baseline,
            ["predictPeakBytes"] = predictPeak,
            ["writePeakBytes"] = writePeak,
            ["predictSeconds"] = predictSeconds,
            ["writeSeconds"] = writeSeconds,
            ["aloneTiles"] = aloneBatches * BatchSize,
            ["aloneSeconds"] = aloneSeconds,
            ["peakExact"] = MemoryProbe.CanResetPeak,
        });
        return 0;
    }
}
