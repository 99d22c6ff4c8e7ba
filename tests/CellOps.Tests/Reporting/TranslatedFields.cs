using CellOps.Imaging.Formats;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Runtime.Translation;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Tests.Runtime.Translation;
using CellOps.Tests.TestSupport;

namespace CellOps.Tests.Reporting;

/// <summary>
/// Translation results made without training: the identity network predicts each field's own input, so
/// the pair a field is given decides every score (the pair equal to the input: a perfect prediction).
/// </summary>
internal static class TranslatedFields
{
    public const string Model = "TinyTranslation.Identity";

    private static readonly ComputeContext Cpu = ComputeContext.Create(DevicePreference.Cpu, threads: 1);

    /// <summary>
    /// A field of bright square cells (about 1000) on a dim background (about 100), one plane per channel;
    /// <paramref name="cells"/> sets how many, so fields differ in positive area. Its pair is
    /// <paramref name="truth"/> of each input value, or none.
    /// </summary>
    public static Micrograph Field(string name, int channels, int cells, int seed, Func<float, Random, float>? truth, int width = 40, int height = 32)
    {
        var random = new Random(seed);
        var input = new float[channels * width * height];
        for (int c = 0; c < channels; c++)
        {
            var plane = input.AsSpan(c * width * height, width * height);
            for (int i = 0; i < plane.Length; i++) plane[i] = 100 + random.Next(20);
            for (int k = 0; k < cells + c; k++)
            {
                int x0 = random.Next(width - 6), y0 = random.Next(height - 6);
                for (int y = y0; y < y0 + 6; y++)
                    for (int x = x0; x < x0 + 6; x++) plane[y * width + x] = 1000 + random.Next(40);
            }
        }
        var field = new ArrayPixelSource(input, width, height, channels).ToMicrograph(name, ChannelRole.PhaseContrast);
        if (truth is null) return field;
        var target = input.Select(v => truth(v, random)).ToArray();
        return field.WithPair(new ArrayPixelSource(target, width, height, channels).ToMicrograph(name + "-target", ChannelRole.Fluorescence));
    }

    /// <summary>Predicts and scores the fields with the identity network, whose target channels are named <paramref name="channels"/>.</summary>
    public static TranslationResult Predict(IReadOnlyList<string> channels, params Micrograph[] fields)
    {
        using var folder = new TempFolder();
        using var package = ModelPackage.Open(IdentityPackage(folder, channels), CellOps.Sdk.SdkVersion.Current);
        using var model = LoadedModel.Load(package, TranslationTestPlugin.Identity, Cpu);
        var images = fields.Select(field =>
        {
            var image = TranslationPredictor.Predict(model, field, 8, 16);
            image.Score();
            return image;
        }).ToArray();
        return new TranslationResult(Model, images, complete: true);
    }

    /// <summary>A package of the identity network with a scaling that maps raw values onto themselves, and the epochs' metrics given.</summary>
    public static string IdentityPackage(TempFolder folder, IReadOnlyList<string> channels, IReadOnlyList<IReadOnlyDictionary<string, double>>? epochs = null)
    {
        var model = TranslationTestPlugin.Identity;
        int count = channels.Count;
        var manifest = new ModelManifest
        {
            PluginId = "TinyTranslation",
            PluginVersion = "1.0.0",
            ModelName = model.Name,
            Task = ModelTask.ImageTranslation,
            TileSize = model.Input.TileSize,
            Channels = count,
            Normalization = NormalizationKind.None,
            Target = TileTarget.Image,
            SdkVersion = CellOps.Sdk.SdkVersion.Current.ToString(3),
            TargetScaling = new TargetScaling
            {
                Channels = channels.ToArray(),
                RawLow = new float[count],
                RawHigh = Enumerable.Repeat(1f, count).ToArray(),
                OutputLow = 0,
                OutputHigh = 1,
            },
            EpochMetrics = epochs ?? [],
        };
        using var network = model.CreateNetwork(HyperParameterValues.Resolve(model.HyperParameters, new Dictionary<string, double>()), count, count);
        string path = folder.File("identity.cellmodel");
        ModelPackageWriter.Write(path, manifest, new Dictionary<string, byte[]> { [Checkpoint.WeightsEntry] = Checkpoint.SaveWeights(network) });
        return path;
    }
}
