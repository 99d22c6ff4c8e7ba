using CellOps.Runtime.Metrics;
using Xunit;
using Xunit.Abstractions;

namespace CellOps.Tests.Parity;

/// <summary>
/// CellOps' translation scores against scikit-image's and numpy's for the same images (see
/// tests/parity/generate_translation_metrics.py): SSIM (Wang et al. 2004, Gaussian window), PSNR,
/// MAE, MSE, Pearson's r, and the binarized counts and scores at fixed thresholds.
/// </summary>
public sealed class TranslationMetricsParityTests(ITestOutputHelper output)
{
    // Both sides compute in double precision; what is left is summation order.
    private const double Rtol = 1e-9;

    public static IEnumerable<object[]> Cases => TranslationFixture.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scores_agree_with_scikit_image(string name)
    {
        var fixture = TranslationFixture.Load(name);
        var options = new TranslationMetricsOptions { TruthThreshold = fixture.TruthThreshold, PredictionThreshold = fixture.PredictionThreshold };
        var scores = TranslationMetrics.Compute(fixture.Truth, 0, fixture.Prediction, 0, options);

        Close(fixture.Expected("data_range"), scores.DataRange, "data range");
        Close(fixture.Expected("ssim"), scores.Ssim!.Value, "SSIM");
        Close(fixture.Expected("psnr"), scores.Psnr!.Value, "PSNR");
        Close(fixture.Expected("mae"), scores.MeanAbsoluteError, "MAE");
        Close(fixture.Expected("mse"), scores.MeanSquaredError, "MSE");
        Close(fixture.Expected("pearson"), scores.Pearson!.Value, "Pearson r");
        Assert.Equal(fixture.ExpectedCount("tp"), scores.Agreement.TruePositives);
        Assert.Equal(fixture.ExpectedCount("fp"), scores.Agreement.FalsePositives);
        Assert.Equal(fixture.ExpectedCount("fn"), scores.Agreement.FalseNegatives);
        Assert.Equal(fixture.ExpectedCount("tn"), scores.Agreement.TrueNegatives);
        Close(fixture.Expected("dice"), scores.Dice!.Value, "Dice");
        Close(fixture.Expected("iou"), scores.Iou!.Value, "IoU");
        Close(fixture.Expected("precision"), scores.Precision!.Value, "precision");
        Close(fixture.Expected("recall"), scores.Recall!.Value, "recall");
        Close(fixture.Expected("truth_fraction"), scores.TruthPositiveFraction, "measured efficiency");
        Close(fixture.Expected("prediction_fraction"), scores.PredictedPositiveFraction, "predicted efficiency");
        Assert.Equal((fixture.Truth.Width - 10L) * (fixture.Truth.Height - 10), scores.SsimPixels);
        output.WriteLine($"PARITY translation/{name} (scikit-image {fixture.SkimageVersion}): SSIM {scores.Ssim:F6}, PSNR {scores.Psnr:F4} dB");
    }

    private void Close(double expected, double actual, string what)
    {
        double relative = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-300);
        output.WriteLine($"{what}: CellOps {actual:R}, reference {expected:R}, relative |Δ| {relative:E2}");
        Assert.True(relative <= Rtol, $"{what}: CellOps gives {actual:R}, the reference {expected:R} (relative difference {relative:E2} > {Rtol:E0}).");
    }
}
