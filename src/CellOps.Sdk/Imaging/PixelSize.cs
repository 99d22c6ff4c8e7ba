using System.Globalization;

namespace CellOps.Sdk.Imaging;

/// <summary>The physical size of one pixel.</summary>
/// <param name="X">Width of a pixel in <paramref name="Unit"/>.</param>
/// <param name="Y">Height of a pixel in <paramref name="Unit"/>.</param>
/// <param name="Unit">Length unit, for example "µm", "nm", "mm" or "cm".</param>
public sealed record PixelSize(double X, double Y, string Unit)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var x = X.ToString("0.####", CultureInfo.InvariantCulture);
        if (X == Y) return $"{x} {Unit}";
        return $"{x}×{Y.ToString("0.####", CultureInfo.InvariantCulture)} {Unit}";
    }
}
