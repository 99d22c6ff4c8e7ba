using System.Globalization;
using CellOps.Runtime.Metrics;

namespace CellOps.Reporting;

/// <summary>The headline numbers of one translated channel, pooled over the scored micrographs.</summary>
public sealed class TranslationChannelSummary
{
    /// <summary>Summarises a channel's pooled scores.</summary>
    public TranslationChannelSummary(string channel, TranslationSetScores scores)
    {
        Channel = channel ?? throw new ArgumentNullException(nameof(channel));
        Scores = scores ?? throw new ArgumentNullException(nameof(scores));
    }

    /// <summary>The channel's name (e.g. DAPI).</summary>
    public string Channel { get; }

    /// <summary>Micrographs scored.</summary>
    public int Micrographs => Scores.Images;

    /// <summary>Pearson's r of predicted against true pixels; null where either side is flat.</summary>
    public double? Pearson => Scores.Pearson;

    /// <summary>Pixel-weighted mean SSIM; null where no micrograph has one.</summary>
    public double? Ssim => Scores.Ssim;

    /// <summary>PSNR in dB from the pooled data range and error; +∞ where every prediction is exact; null where the truth is flat.</summary>
    public double? Psnr => Scores.Psnr;

    /// <summary>Mean |prediction − truth|, in the truth's units.</summary>
    public double MeanAbsoluteError => Scores.MeanAbsoluteError;

    /// <summary>Dice of the binarized prediction against the binarized truth.</summary>
    public double? Dice => Scores.Dice;

    /// <summary>IoU of the same.</summary>
    public double? Iou => Scores.Iou;

    /// <summary>Pearson's r across micrographs of predicted against measured positive area; null with fewer than two or no spread.</summary>
    public double? EfficiencyCorrelation => Scores.EfficiencyCorrelation;

    /// <summary>All the pooled scores.</summary>
    public TranslationSetScores Scores { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        string line = $"{Channel}: r {Number(Pearson)}, SSIM {Number(Ssim)}, PSNR {Decibels(Psnr)}, Dice {Number(Dice)}";
        return EfficiencyCorrelation is null ? line : $"{line}, area r {Number(EfficiencyCorrelation)}";
    }

    private static string Number(double? value) => value is double v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static string Decibels(double? value) => value switch
    {
        null => "n/a",
        double.PositiveInfinity => "inf",
        double v => v.ToString("0.0", CultureInfo.InvariantCulture) + " dB",
    };
}
