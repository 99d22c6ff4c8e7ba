using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Runtime.Weights;
using CellOps.Sdk.Models;
using TorchSharp;

namespace CellOps.Runtime.Importing;

/// <summary>
/// Turns weights trained elsewhere (a PyTorch state dict or a safetensors file) into a model package of an
/// installed model: its network is built, every tensor of the file is matched to it through the network's
/// key map (<see cref="IImportableNetwork"/>), and the package records the file by SHA-256, so models
/// fine-tuned from it (<c>Start-CellTraining -From</c>) trace back to it.
/// </summary>
public static class WeightImport
{
    // PyTorch's DataParallel saves every key under this prefix; a file where all keys carry it is read without.
    private const string DataParallelPrefix = "module.";

    /// <summary>Reads the weights, fits them to the model's network and writes the package to <paramref name="outFile"/> (atomically).</summary>
    /// <exception cref="WeightFileException">The file is damaged or not a weight file.</exception>
    /// <exception cref="UnsafeWeightFileException">The file asks for code rather than tensors.</exception>
    /// <exception cref="WeightMismatchException">Its tensors do not fit the network (each difference listed).</exception>
    /// <exception cref="WeightImportException">The model cannot take imported weights as asked (task, classes, tile size).</exception>
    public static ImportedModel Run(WeightImportRequest request, string outFile)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Model;
        string qualified = $"{request.Plugin.Id}.{model.Name}";
        if (model.Task != ModelTask.TileClassification || model.Target != Sdk.Tiling.TileTarget.ImageClass && model.Target != Sdk.Tiling.TileTarget.Label)
            throw new WeightImportException($"{qualified} is not a tile or image classifier; ConvertTo-CellModel imports classifier weights.");
        int tileSize = TileSizeOf(request, qualified);
        var hyperParameters = HyperParameterValues.Resolve(model.HyperParameters, request.HyperParameters);

        using var weights = WeightFile.Read(request.WeightsPath);
        using var seeded = SeededRunGate.Enter(request.Compute, seed: 0);
        using var network = model.CreateNetwork(hyperParameters);
        var importable = network as IImportableNetwork;
        string prefix = weights.Tensors.Count > 0 && weights.Tensors.All(t => t.Name.StartsWith(DataParallelPrefix, StringComparison.Ordinal))
            ? DataParallelPrefix : "";
        if (prefix.Length > 0) request.Verbose?.Invoke($"Every key of {weights.FileName} starts with '{prefix}' (a DataParallel model); read without it.");
        Func<string, string?> mapKey = name =>
        {
            string key = name[prefix.Length..];
            // A key the network has no place for is reported as unexpected, never dropped in silence.
            return importable?.MapImportedKey(key) ?? key;
        };

        var comparison = WeightMatch.Compare(network, weights, mapKey);
        if (network is ITransferableNetwork transferable && HeadResize.ClassCount(comparison, transferable) is { } fileClasses)
        {
            request.Verbose?.Invoke($"{weights.FileName} classifies into {fileClasses} classes, {qualified} into {transferable.ClassCount}: the network takes a head of the file's size.");
            transferable.ReplaceHead(fileClasses);
        }
        var loaded = WeightMatch.Load(network, weights, mapKey);
        int classCount = network is ITransferableNetwork resized ? resized.ClassCount : model.ClassNames.Count;
        var classNames = ClassNamesOf(request, model, classCount, weights.FileName);
        request.Verbose?.Invoke($"Copied {loaded.MatchedCount} tensors from {weights.FileName} ({weights.Format}) into {qualified}.");

        var origin = new WeightOrigin
        {
            FileName = weights.FileName,
            Sha256 = weights.Sha256,
            Format = weights.Format.ToString(),
            Architecture = importable?.ImportedArchitecture ?? "",
            Container = weights.Container ?? "",
            StrippedPrefix = prefix,
            Tensors = loaded.MatchedCount,
        };
        // An imported model has no training run: no seed, data fingerprint, tiles or epochs of its own.
        var manifest = new ManifestFactory(request.Plugin, model, classNames, hyperParameters, Seed: 0, Fingerprint: "", TileCount: 0,
            Parent: null, request.WholeImages, Input: model.Input with { TileSize = tileSize }, ImportedFrom: origin).Create([]);
        ModelPackageWriter.Write(outFile, manifest, new Dictionary<string, byte[]> { [Checkpoint.WeightsEntry] = Checkpoint.SaveWeights(network) });
        return new ImportedModel(outFile, manifest);
    }

    private static int TileSizeOf(WeightImportRequest request, string qualified)
    {
        var input = request.Model.Input;
        if (request.TileSize is not { } size) return input.TileSize;
        if (size < 8 || size > 4096) throw new WeightImportException($"A tile size of {size} is out of range (8 to 4096 pixels).");
        if (size != input.TileSize && !input.AnyTileSize)
            throw new WeightImportException($"{qualified} takes {input.TileSize}×{input.TileSize} tiles only; leave out the tile size or give {input.TileSize}.");
        return size;
    }

    private static string[] ClassNamesOf(WeightImportRequest request, ICellModel model, int count, string fileName)
    {
        if (request.ClassNames is { } given)
        {
            if (given.Count != count)
                throw new WeightImportException($"{fileName} classifies into {count} classes; {given.Count} class names were given.");
            if (given.Any(string.IsNullOrWhiteSpace) || given.Distinct(StringComparer.OrdinalIgnoreCase).Count() != given.Count)
                throw new WeightImportException("Class names must be distinct and not blank.");
            return given.ToArray();
        }
        if (model.ClassNames.Count == count) return model.ClassNames.ToArray();
        string digits = (count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Enumerable.Range(0, count).Select(c => "class" + c.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits.Length, '0')).ToArray();
    }
}
