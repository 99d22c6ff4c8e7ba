namespace CellOps.Runtime.Translation;

/// <summary>Where one micrograph's predicted fluorescence goes: three files that share a stem.</summary>
/// <param name="Prediction">Float32 TIFF, one page per target channel, in the target's intensity units.</param>
/// <param name="Stain">8-bit TIFF, one page per target channel: 255 where the prediction lies above its Otsu threshold, else 0.</param>
/// <param name="Overlay">RGB PNG: the input in grey with each predicted channel tinted over it.</param>
public sealed record TranslatedStainFiles(string Prediction, string Stain, string Overlay)
{
    /// <summary>The files for <paramref name="stem"/>, a path without extension.</summary>
    public static TranslatedStainFiles ForStem(string stem)
    {
        ArgumentException.ThrowIfNullOrEmpty(stem);
        return new TranslatedStainFiles(stem + ".predicted.tif", stem + ".stain.tif", stem + ".overlay.png");
    }

    /// <summary>The three paths, in writing order.</summary>
    public IReadOnlyList<string> All => [Prediction, Stain, Overlay];
}
