using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;

namespace CellOps.Runtime.Importing;

/// <summary>What <see cref="WeightImport.Run"/> turns into a model package: a weight file and the installed model it fits.</summary>
public sealed record WeightImportRequest
{
    /// <summary>The plugin that offers <see cref="Model"/>.</summary>
    public required ICellPlugin Plugin { get; init; }

    /// <summary>The model whose network takes the weights.</summary>
    public required ICellModel Model { get; init; }

    /// <summary>The PyTorch state dict (torch.save zip) or safetensors file.</summary>
    public required string WeightsPath { get; init; }

    /// <summary>The model's hyperparameters that shape the network (e.g. dropout); the rest default.</summary>
    public IReadOnlyDictionary<string, double>? HyperParameters { get; init; }

    /// <summary>
    /// The classes the file's classifier predicts, in its output order; null: the model's own where the counts
    /// agree, else <c>class0</c>, <c>class1</c>, …
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>The tile size the package predicts at; null: the model's (suggested) size.</summary>
    public int? TileSize { get; init; }

    /// <summary>Whether the package classifies whole images (crops resized to the tile size) rather than tiles cut from them.</summary>
    public bool WholeImages { get; init; }

    /// <summary>Where the network is built.</summary>
    public required ComputeContext Compute { get; init; }

    /// <summary>Receives what the import did, for -Verbose.</summary>
    public Action<string>? Verbose { get; init; }
}
