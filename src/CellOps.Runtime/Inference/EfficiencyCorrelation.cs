using CellOps.Runtime.Metrics;

namespace CellOps.Runtime.Inference;

/// <summary>
/// Pearson's r of predicted against measured efficiency over the micrographs that have both: the
/// study's headline number for virtual immunostaining.
/// </summary>
public static class EfficiencyCorrelation
{
    /// <summary>r of the share of positive tiles against the measured efficiency; null with fewer than two micrographs or no spread.</summary>
    public static double? ByTiles(IEnumerable<MicrographSummary> micrographs) => Compute(micrographs, m => m.PositiveFraction);

    /// <summary>r of the predicted positive area against the measured efficiency; null with fewer than two micrographs or no spread.</summary>
    public static double? ByArea(IEnumerable<MicrographSummary> micrographs) => Compute(micrographs, m => m.PositiveArea);

    private static double? Compute(IEnumerable<MicrographSummary> micrographs, Func<MicrographSummary, double?> predicted)
    {
        ArgumentNullException.ThrowIfNull(micrographs);
        var pairs = micrographs
            .Where(m => m.MeasuredEfficiency is not null && predicted(m) is not null)
            .Select(m => (Predicted: predicted(m)!.Value, Measured: m.MeasuredEfficiency!.Value))
            .ToArray();
        return PearsonCorrelation.Compute(pairs.Select(p => p.Predicted).ToArray(), pairs.Select(p => p.Measured).ToArray());
    }
}
