namespace CellOps.Runtime.Weights;

/// <summary>
/// The tensors of one weight file, in the file's order, with where they came from. Disposing it frees
/// every tensor.
/// </summary>
public sealed class ImportedWeights : IDisposable
{
    private readonly Dictionary<string, ImportedTensor> byName;

    internal ImportedWeights(string fileName, WeightFormat format, string sha256, IReadOnlyList<ImportedTensor> tensors,
        string? container, IReadOnlyDictionary<string, string> metadata)
    {
        FileName = fileName;
        Format = format;
        Sha256 = sha256;
        Tensors = tensors;
        Container = container;
        Metadata = metadata;
        byName = new Dictionary<string, ImportedTensor>(StringComparer.Ordinal);
        foreach (var t in tensors) byName[t.Name] = t;
    }

    /// <summary>The file's name (without its folder).</summary>
    public string FileName { get; }

    /// <summary>The format recognised from the file's content.</summary>
    public WeightFormat Format { get; }

    /// <summary>The SHA-256 of the whole file, lower-case hex.</summary>
    public string Sha256 { get; }

    /// <summary>The tensors, in the order the file lists them, under their raw names.</summary>
    public IReadOnlyList<ImportedTensor> Tensors { get; }

    /// <summary>
    /// For a training checkpoint that wraps the state dict (<c>{"state_dict": {...}, "epoch": 3}</c>),
    /// the key the tensors were taken from; null when the file is the state dict itself.
    /// </summary>
    public string? Container { get; }

    /// <summary>A safetensors file's <c>__metadata__</c> strings; empty for PyTorch files.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensor named <paramref name="name"/>, or null.</summary>
    public ImportedTensor? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>Frees every tensor.</summary>
    public void Dispose()
    {
        foreach (var t in Tensors) t.Tensor.Dispose();
    }
}
