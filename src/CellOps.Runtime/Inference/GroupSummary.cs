using System.Globalization;
using CellOps.Runtime.Metrics;

namespace CellOps.Runtime.Inference;

/// <summary>
/// What a model made of the micrographs of one group: by default a time point (e.g. one day of a
/// differentiation time course), or any key the caller groups by (a donor, a well, a cell subtype). How
/// well it classified their tiles, its predicted against their measured efficiency (mean and spread over
/// the micrographs), and Pearson's r between the two within the group.
/// </summary>
public sealed class GroupSummary
{
    internal GroupSummary(string group, double? value, IReadOnlyList<MicrographSummary> micrographs, ClassificationReport? evaluation)
    {
        Group = group;
        Value = value;
        Micrographs = micrographs;
        Evaluation = evaluation;
        (var predicted, PredictedEfficiencySd) = MeanAndSpread(micrographs.Select(m => (double?)m.PositiveFraction));
        PredictedEfficiency = predicted ?? 0;
        (PredictedArea, PredictedAreaSd) = MeanAndSpread(micrographs.Select(m => m.PositiveArea));
        (MeasuredEfficiency, MeasuredEfficiencySd) = MeanAndSpread(micrographs.Select(m => m.MeasuredEfficiency));
        MeasuredMicrographs = micrographs.Count(m => m.MeasuredEfficiency is not null);
        EfficiencyCorrelation = Inference.EfficiencyCorrelation.ByTiles(micrographs);
        AreaCorrelation = Inference.EfficiencyCorrelation.ByArea(micrographs);
    }

    /// <summary>The group's key (e.g. the time point), as the micrographs carry it (the first one's spelling where numbers are written differently).</summary>
    public string Group { get; }

    /// <summary>The key as a number, where every key of the evaluation is one; else null.</summary>
    public double? Value { get; }

    /// <summary>The summaries of the group's micrographs.</summary>
    public IReadOnlyList<MicrographSummary> Micrographs { get; }

    /// <summary>Tiles predicted over the group's micrographs.</summary>
    public int Tiles => Micrographs.Sum(m => m.Tiles);

    /// <summary>Accuracy, F1, ROC AUC and the rest over the group's tiles, where every one is labelled; else null.</summary>
    public ClassificationReport? Evaluation { get; }

    /// <summary>Mean over the micrographs of the share of tiles predicted positive (the predicted efficiency).</summary>
    public double PredictedEfficiency { get; }

    /// <summary>Sample standard deviation of the predicted efficiency over the micrographs; null with fewer than two.</summary>
    public double? PredictedEfficiencySd { get; }

    /// <summary>Mean over the micrographs of the predicted positive area; null where none has one.</summary>
    public double? PredictedArea { get; }

    /// <summary>Sample standard deviation of the predicted positive area; null with fewer than two.</summary>
    public double? PredictedAreaSd { get; }

    /// <summary>Micrographs whose efficiency was measured from their pair.</summary>
    public int MeasuredMicrographs { get; }

    /// <summary>Mean over the measured micrographs of the measured efficiency; null where none was measured.</summary>
    public double? MeasuredEfficiency { get; }

    /// <summary>Sample standard deviation of the measured efficiency; null with fewer than two measured micrographs.</summary>
    public double? MeasuredEfficiencySd { get; }

    /// <summary>Pearson's r of predicted (tile share) against measured efficiency over the group's micrographs; null with fewer than two or no spread.</summary>
    public double? EfficiencyCorrelation { get; }

    /// <summary>Pearson's r of predicted positive area against measured efficiency over the group's micrographs; null with fewer than two or no spread.</summary>
    public double? AreaCorrelation { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Group}: {Micrographs.Count} micrographs, predicted {PredictedEfficiency:0.000}{Spread(PredictedEfficiencySd)}");
        if (MeasuredEfficiency is double measured) text += string.Create(CultureInfo.InvariantCulture, $", measured {measured:0.000}{Spread(MeasuredEfficiencySd)}");
        if (EfficiencyCorrelation is double r) text += string.Create(CultureInfo.InvariantCulture, $", r {r:0.000}");
        return text;
    }

    private static string Spread(double? sd) => sd is double v ? string.Create(CultureInfo.InvariantCulture, $" ± {v:0.000}") : "";

    private static (double? Mean, double? Sd) MeanAndSpread(IEnumerable<double?> values)
    {
        var present = values.Where(v => v is not null).Select(v => v!.Value).ToArray();
        if (present.Length == 0) return (null, null);
        double mean = present.Average();
        if (present.Length < 2) return (mean, null);
        double squares = present.Sum(v => (v - mean) * (v - mean));
        return (mean, Math.Sqrt(squares / (present.Length - 1)));
    }
}
