namespace CellOps.Imaging.Formats;

/// <summary>The length units a pixel size may be given in, converted to micrometres.</summary>
internal static class LengthUnits
{
    /// <exception cref="ArgumentException">The unit is not one of nm, µm, mm, cm, m.</exception>
    public static double MicronsPer(string unit) => unit.Trim() switch
    {
        "µm" or "μm" or "um" or "micron" => 1,
        "nm" => 0.001,
        "mm" => 1000,
        "cm" => 10000,
        "m" => 1e6,
        _ => throw new ArgumentException($"Pixel size unit '{unit}' is not one of nm, µm, mm, cm, m."),
    };
}
