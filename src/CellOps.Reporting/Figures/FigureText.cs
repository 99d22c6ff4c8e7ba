using System.Globalization;

namespace CellOps.Reporting.Figures;

/// <summary>How figures print their numbers.</summary>
internal static class FigureText
{
    /// <summary>Three decimals, invariant culture; "n/a" where the value is undefined.</summary>
    public static string Number(double? value) => value is double v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}
