using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Maps;

/// <summary>What <see cref="VirtualStainWriter"/> wrote for one micrograph.</summary>
public sealed class VirtualStain
{
    /// <summary>Creates the record of a written stain.</summary>
    public VirtualStain(string micrograph, VirtualStainFiles files, IReadOnlyList<string> classNames, double positiveArea, PixelSize? pixelSize)
    {
        Micrograph = micrograph;
        Files = files;
        ClassNames = classNames;
        PositiveArea = positiveArea;
        PixelSize = pixelSize;
    }

    /// <summary>Name of the micrograph.</summary>
    public string Micrograph { get; }

    /// <summary>The files written.</summary>
    public VirtualStainFiles Files { get; }

    /// <summary>The probability TIFF.</summary>
    public FileInfo ProbabilityFile => new(Files.Probability);

    /// <summary>The binarized stain (two classes) or label map (more) TIFF.</summary>
    public FileInfo StainFile => new(Files.Stain);

    /// <summary>The overlay PNG.</summary>
    public FileInfo OverlayFile => new(Files.Overlay);

    /// <summary>Class names, index = class.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Share of the covered area stained (two classes: at or above the threshold; more: not class 0).</summary>
    public double PositiveArea { get; }

    /// <summary>Physical pixel size carried over from the micrograph, if it had one.</summary>
    public PixelSize? PixelSize { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Micrograph}: {PositiveArea:P1} stained -> {Files.Overlay}";
}
