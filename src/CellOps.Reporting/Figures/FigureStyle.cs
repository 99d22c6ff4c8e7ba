using ScottPlot;

namespace CellOps.Reporting.Figures;

/// <summary>What every report figure shares: size, series colours, and the PNG encoding.</summary>
internal static class FigureStyle
{
    public const int Width = 640;
    public const int Height = 480;

    /// <summary>Colour-blind-safe series colours (Okabe–Ito).</summary>
    public static readonly Color[] Series =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#D55E00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#E69F00"), Color.FromHex("#56B4E9"), Color.FromHex("#F0E442"), Color.FromHex("#000000"),
    ];

    public static Color SeriesColor(int index) => Series[index % Series.Length];

    public static byte[] ToPng(Plot plot) => plot.GetImageBytes(Width, Height, ImageFormat.Png);
}
