namespace CellOps.Sdk.Models;

/// <summary>How raw pixel values become network input.</summary>
public enum NormalizationKind
{
    /// <summary>Raw values, unchanged.</summary>
    None,

    /// <summary>Divided by the pixel type's maximum (255 for 8-bit, 65535 for 16-bit; floats unchanged), giving 0..1.</summary>
    UnitRange,

    /// <summary>Each tile's channels scaled to mean 0 and standard deviation 1 (robust to illumination between fields).</summary>
    PerTileStandardize,

    /// <summary><see cref="UnitRange"/>, then (x − mean) / std with per-channel mean and std.</summary>
    Fixed,
}
