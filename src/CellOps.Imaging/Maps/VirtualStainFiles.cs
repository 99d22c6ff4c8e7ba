namespace CellOps.Imaging.Maps;

/// <summary>Where one micrograph's virtual stain goes: three files that share a stem.</summary>
/// <param name="Probability">Float32 TIFF: P(positive) for two classes, one page per class for more.</param>
/// <param name="Stain">8-bit TIFF: the binarized stain (0/255) for two classes, the label map (class index, 255 uncovered) for more.</param>
/// <param name="Overlay">RGB PNG: the micrograph with the stain laid over it.</param>
public sealed record VirtualStainFiles(string Probability, string Stain, string Overlay)
{
    /// <summary>The files for <paramref name="stem"/> (a path without extension) and a map of <paramref name="classCount"/> classes.</summary>
    public static VirtualStainFiles ForStem(string stem, int classCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(stem);
        return new VirtualStainFiles(stem + ".probability.tif", stem + (classCount > 2 ? ".labels.tif" : ".stain.tif"), stem + ".overlay.png");
    }

    /// <summary>The three paths, in writing order.</summary>
    public IReadOnlyList<string> All => [Probability, Stain, Overlay];
}
