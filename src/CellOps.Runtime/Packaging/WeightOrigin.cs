namespace CellOps.Runtime.Packaging;

/// <summary>
/// The file a package's weights were imported from (a PyTorch state dict or a safetensors file, see
/// <c>ConvertTo-CellModel</c>): exactly which one, by the SHA-256 of its bytes, and how its entries were
/// read. Recorded in the package's manifest and carried into the manifest of every model fine-tuned from
/// it, so a model can be traced to weights that CellOps did not train.
/// </summary>
public sealed record WeightOrigin
{
    /// <summary>The source file's name when it was imported.</summary>
    public required string FileName { get; init; }

    /// <summary>Lowercase hex SHA-256 of the source file.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The file's format: <c>PyTorchZip</c> or <c>Safetensors</c>.</summary>
    public required string Format { get; init; }

    /// <summary>The architecture the weights were saved from, as the network names it (e.g. <c>torchvision.models.resnet50</c>).</summary>
    public string Architecture { get; init; } = "";

    /// <summary>The key of a training checkpoint the state dict was taken from (e.g. <c>state_dict</c>), or empty where the file is the state dict itself.</summary>
    public string Container { get; init; } = "";

    /// <summary>A prefix removed from every key (e.g. <c>module.</c> from a model saved inside DataParallel), or empty.</summary>
    public string StrippedPrefix { get; init; } = "";

    /// <summary>The number of tensors copied into the network.</summary>
    public int Tensors { get; init; }
}
