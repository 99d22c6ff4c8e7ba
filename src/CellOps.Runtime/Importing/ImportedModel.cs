using CellOps.Runtime.Packaging;

namespace CellOps.Runtime.Importing;

/// <summary>A model package made from weights trained elsewhere (ConvertTo-CellModel): where it is and what it came from.</summary>
public sealed class ImportedModel
{
    internal ImportedModel(string path, ModelManifest manifest)
    {
        Path = path;
        Model = $"{manifest.PluginId}.{manifest.ModelName}";
        ClassNames = manifest.ClassNames;
        TileSize = manifest.TileSize;
        Origin = manifest.ImportedFrom!;
    }

    /// <summary>The model package.</summary>
    public string Path { get; }

    /// <summary>File name of the package.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>PluginId.ModelName.</summary>
    public string Model { get; }

    /// <summary>The classes the imported classifier predicts, in its output order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The tile size the package predicts at.</summary>
    public int TileSize { get; }

    /// <summary>The weight file, as the package's manifest records it.</summary>
    public WeightOrigin Origin { get; }

    /// <summary>The weight file's name.</summary>
    public string Source => Origin.FileName;

    /// <summary>Lowercase hex SHA-256 of the weight file.</summary>
    public string Sha256 => Origin.Sha256;

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Model} from {Source} ({ClassNames.Count} classes)";
}
