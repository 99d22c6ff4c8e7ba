using CellOps.Imaging.Formats;
using CellOps.Imaging.Measurement;
using CellOps.Imaging.Tiling;
using CellOps.Runtime.Metrics;
using CellOps.Tests.Parity;
using Xunit;

namespace CellOps.Tests.Runtime.Metrics;

public sealed class TranslationMetricsTests
{
    private static readonly TranslationFixture Blobs = TranslationFixture.Load("float_blobs");

    [Fact]
    public void Bands_of_seven_rows_give_the_scores_of_the_whole_image_read_at_once()
    {
        var whole = TranslationMetrics.Compute(Blobs.Truth, 0, Blobs.Prediction, 0, new() { RowsPerBand = 64 });
        foreach (int rows in new[] { 1, 7, 11, 30 })
        {
            var banded = TranslationMetrics.Compute(Blobs.Truth, 0, Blobs.Prediction, 0, new() { RowsPerBand = rows });
            // The SSIM window streams row by row whatever the band: not even rounding differs.
            Assert.Equal(whole.Ssim, banded.Ssim);
            Assert.Equal(whole.SsimPixels, banded.SsimPixels);
            Assert.Equal(whole.Pearson!.Value, banded.Pearson!.Value, 12);
            Assert.Equal(whole.MeanAbsoluteError, banded.MeanAbsoluteError, 9);
            Assert.Equal(1, whole.MeanSquaredError / banded.MeanSquaredError, 12);
            Assert.Equal(whole.TruthThreshold, banded.TruthThreshold);
            Assert.Equal(whole.PredictionThreshold, banded.PredictionThreshold);
            Assert.Equal(whole.Agreement, banded.Agreement);
            Assert.Equal(whole.Sample.Truth, banded.Sample.Truth);
            Assert.Equal(whole.Sample.Prediction, banded.Sample.Prediction);
        }
    }

    [Fact]
    public void Images_are_read_a_band_at_a_time()
    {
        var truth = Synthetic(2048, 600, (x, y) => (x * 7 + y * 13) % 251);
        var prediction = Synthetic(2048, 600, (x, y) => (x * 7 + y * 11) % 251);
        TranslationMetrics.Compute(truth, 0, prediction, 0);
        Assert.True(truth.LargestRegionArea <= 1 << 20, $"A read of {truth.LargestRegionArea} pixels; bands hold about a million.");
        Assert.True(truth.LargestRegionArea < 2048L * 600);

        var narrow = Synthetic(80, 64, (x, y) => x + y);
        TranslationMetrics.Compute(narrow, 0, Synthetic(80, 64, (x, y) => x), 0, new() { RowsPerBand = 7 });
        Assert.Equal(7 * 80, narrow.LargestRegionArea);
    }

    [Fact]
    public void Pooling_two_halves_gives_the_pixel_scores_of_the_whole_image()
    {
        var options = new TranslationMetricsOptions { TruthThreshold = Blobs.TruthThreshold, PredictionThreshold = Blobs.PredictionThreshold };
        var whole = TranslationMetrics.Compute(Blobs.Truth, 0, Blobs.Prediction, 0, options);
        var top = TranslationMetrics.Compute(Rows(Blobs.TruthValues, 0, 30), 0, Rows(Blobs.PredictionValues, 0, 30), 0, options);
        var bottom = TranslationMetrics.Compute(Rows(Blobs.TruthValues, 30, 34), 0, Rows(Blobs.PredictionValues, 30, 34), 0, options);
        var pooled = TranslationMetrics.Pool([top, bottom]);

        Assert.Equal(2, pooled.Images);
        Assert.Equal(whole.Pixels, pooled.Pixels);
        Assert.Equal(whole.Pearson!.Value, pooled.Pearson!.Value, 12);
        Assert.Equal(1, whole.MeanAbsoluteError / pooled.MeanAbsoluteError, 12);
        Assert.Equal(1, whole.MeanSquaredError / pooled.MeanSquaredError, 12);
        Assert.Equal(whole.DataRange, pooled.DataRange);
        Assert.Equal(whole.Psnr!.Value, pooled.Psnr!.Value, 10);
        Assert.Equal(whole.Agreement, pooled.Agreement);
        Assert.Equal(whole.Dice, pooled.Dice);
        Assert.Equal(whole.TruthPositiveFraction, pooled.TruthPositiveFraction, 12);
        // SSIM is not additive over a cut (windows straddle it): the pool weights each half by its SSIM pixels.
        Assert.Equal(70 * 20 + 70 * 24, pooled.SsimPixels);
        Assert.Equal((top.Ssim!.Value * 70 * 20 + bottom.Ssim!.Value * 70 * 24) / (70 * 44), pooled.Ssim!.Value, 12);
        Assert.NotEqual(whole.Ssim!.Value, pooled.Ssim.Value, 6);
    }

    [Fact]
    public void By_default_each_image_is_binarized_at_its_own_Otsu_threshold_as_efficiency_is_measured()
    {
        var scores = TranslationMetrics.Compute(Blobs.Truth, 0, Blobs.Prediction, 0);
        Assert.Equal(OtsuThreshold.Compute(Blobs.Truth, 0), scores.TruthThreshold);
        Assert.Equal(OtsuThreshold.Compute(Blobs.Prediction, 0), scores.PredictionThreshold);
        Assert.NotEqual(scores.TruthThreshold, scores.PredictionThreshold);
        Assert.Equal(BinarizedArea.Measure(Blobs.Truth.ToMicrograph("truth")).Fraction, scores.TruthPositiveFraction, 15);
        Assert.Equal(BinarizedArea.Measure(Blobs.Prediction.ToMicrograph("prediction")).Fraction, scores.PredictedPositiveFraction, 15);

        var uint16 = TranslationFixture.Load("uint16_processes");
        var exact = TranslationMetrics.Compute(uint16.Truth, 0, uint16.Prediction, 0);
        Assert.Equal(OtsuThreshold.Compute(uint16.Truth, 0), exact.TruthThreshold);
        Assert.Equal(Math.Floor(exact.TruthThreshold), exact.TruthThreshold);
    }

    [Fact]
    public void The_named_channels_are_scored()
    {
        int w = Blobs.Truth.Width, h = Blobs.Truth.Height, n = w * h;
        var truth = new float[2 * n];
        var prediction = new float[3 * n];
        for (int i = 0; i < n; i++)
        {
            truth[i] = 5000 - i;
            truth[n + i] = Blobs.TruthValues[i];
            prediction[i] = i % 17;
            prediction[n + i] = -i;
            prediction[2 * n + i] = Blobs.PredictionValues[i];
        }
        var options = new TranslationMetricsOptions { RowsPerBand = 9 };
        var expected = TranslationMetrics.Compute(Blobs.Truth, 0, Blobs.Prediction, 0, options);
        var actual = TranslationMetrics.Compute(new ArrayPixelSource(truth, w, h, 2), 1, new ArrayPixelSource(prediction, w, h, 3), 2, options);
        Assert.Equal(expected.Ssim, actual.Ssim);
        Assert.Equal(expected.Moments, actual.Moments);
        Assert.Equal(expected.Agreement, actual.Agreement);
        Assert.Equal(expected.TruthThreshold, actual.TruthThreshold);
    }

    [Fact]
    public void A_perfect_prediction_scores_one_and_infinite_PSNR()
    {
        var scores = TranslationMetrics.Compute(Blobs.Truth, 0, Blobs.Truth, 0);
        Assert.Equal(1, scores.Ssim!.Value, 12);
        Assert.Equal(1, scores.Pearson!.Value, 12);
        Assert.Equal(0, scores.MeanAbsoluteError);
        Assert.Equal(double.PositiveInfinity, scores.Psnr);
        Assert.Equal(1, scores.Dice);
        Assert.Equal(scores.TruthPositiveFraction, scores.PredictedPositiveFraction);
    }

    [Fact]
    public void Scores_without_a_definition_are_null()
    {
        // A flat truth has no data range: PSNR, SSIM and r are undefined, the errors are not.
        var flat = TranslationMetrics.Compute(Synthetic(20, 20, (_, _) => 100), 0, Synthetic(20, 20, (x, _) => 100 + x), 0);
        Assert.Null(flat.Psnr);
        Assert.Null(flat.Ssim);
        Assert.Equal(0, flat.SsimPixels);
        Assert.Null(flat.Pearson);
        Assert.Equal(9.5, flat.MeanAbsoluteError, 12);
        Assert.Equal(100, flat.TruthThreshold);
        Assert.Equal(0, flat.TruthPositiveFraction);
        Assert.Null(flat.Recall);

        // Smaller than one window: no pixel has its whole window inside.
        var small = TranslationMetrics.Compute(Synthetic(30, 10, (x, y) => x * y), 0, Synthetic(30, 10, (x, y) => x + y), 0);
        Assert.Null(small.Ssim);
        Assert.NotNull(small.Psnr);
    }

    [Fact]
    public void Bad_input_is_refused_with_a_clear_message()
    {
        var truth = Synthetic(20, 20, (x, y) => x);
        Assert.Throws<ArgumentException>("prediction", () => TranslationMetrics.Compute(truth, 0, Synthetic(20, 21, (x, y) => x), 0));
        Assert.Throws<ArgumentOutOfRangeException>("truthChannel", () => TranslationMetrics.Compute(truth, 1, truth, 0));
        Assert.Throws<ArgumentOutOfRangeException>("predictionChannel", () => TranslationMetrics.Compute(truth, 0, truth, -1));
        Assert.Throws<ArgumentOutOfRangeException>("options", () => TranslationMetrics.Compute(truth, 0, truth, 0, new() { RowsPerBand = 0 }));

        var values = new float[400];
        values[3 * 20 + 7] = float.NaN;
        var e = Assert.Throws<InvalidDataException>(() => TranslationMetrics.Compute(truth, 0, new ArrayPixelSource(values, 20, 20), 0, new() { RowsPerBand = 2 }));
        Assert.Contains("prediction", e.Message);
        Assert.Contains("x = 7, y = 3", e.Message);

        Assert.Throws<ArgumentException>("images", () => TranslationMetrics.Pool([]));
    }

    [Fact]
    public void The_sample_is_a_seeded_uniform_draw_of_real_pixel_pairs()
    {
        // Value = pixel index: the sample shows where in the stream it was drawn from.
        var truth = Synthetic(100, 100, (x, y) => y * 100 + x);
        var prediction = Synthetic(100, 100, (x, y) => -(y * 100 + x));
        var options = new TranslationMetricsOptions { SampleSize = 1000, Seed = 5, RowsPerBand = 3 };
        var sample = TranslationMetrics.Compute(truth, 0, prediction, 0, options).Sample;

        Assert.Equal(1000, sample.Count);
        Assert.Equal(1000, sample.Truth.Distinct().Count());
        for (int i = 0; i < sample.Count; i++) Assert.Equal(-sample.Truth[i], sample.Prediction[i]);
        // Uniform: each tenth of the image gives about a tenth (binomial sd ≈ 9.5 of 100).
        var perTenth = sample.Truth.GroupBy(v => (int)v / 1000).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(10, perTenth.Count);
        Assert.All(perTenth.Values, c => Assert.InRange(c, 60, 140));

        Assert.Equal(sample.Truth, TranslationMetrics.Compute(truth, 0, prediction, 0, options with { RowsPerBand = 100 }).Sample.Truth);
        Assert.NotEqual(sample.Truth, TranslationMetrics.Compute(truth, 0, prediction, 0, options with { Seed = 6 }).Sample.Truth);
        Assert.Equal(0, TranslationMetrics.Compute(truth, 0, prediction, 0, options with { SampleSize = 0 }).Sample.Count);
        Assert.Equal(400, TranslationMetrics.Compute(Synthetic(20, 20, (x, y) => x), 0, Synthetic(20, 20, (x, y) => y), 0).Sample.Count);
    }

    [Fact]
    public void A_pooled_set_correlates_predicted_with_measured_efficiency_across_images_and_samples_by_pixels()
    {
        // Three fields 50 columns wide with 5, 15 and 30 bright columns; predictions a little off each.
        var images = new[] { (5, 7), (15, 13), (30, 35) }.Select(f =>
            TranslationMetrics.Compute(
                Synthetic(50, 40, (x, y) => x < f.Item1 ? 1000 : 10), 0,
                Synthetic(50, 40, (x, y) => x < f.Item2 ? 900 : 30), 0,
                new() { SampleSize = 500 })).ToArray();
        Assert.Equal(0.1, images[0].TruthPositiveFraction, 12);
        Assert.Equal(0.7, images[2].PredictedPositiveFraction, 12);

        var set = TranslationMetrics.Pool(images, sampleSize: 300, seed: 1);
        Assert.Equal(PearsonCorrelation.Compute([0.1, 0.3, 0.6], [0.14, 0.26, 0.7])!.Value, set.EfficiencyCorrelation!.Value, 12);
        Assert.Equal((0.1 + 0.3 + 0.6) / 3, set.TruthPositiveFraction, 12);
        Assert.Equal(300, set.Sample.Count);
        Assert.Null(TranslationMetrics.Pool([images[0]]).EfficiencyCorrelation);

        // A field four times larger gives four times the share of the pooled sample.
        var large = TranslationMetrics.Compute(Synthetic(100, 80, (x, y) => 5000 + x), 0, Synthetic(100, 80, (x, y) => 5000 + y), 0);
        var mixed = TranslationMetrics.Pool([images[0], large], sampleSize: 500, seed: 2);
        Assert.Equal(500, mixed.Sample.Count);
        Assert.Equal(100, mixed.Sample.Truth.Count(v => v < 5000));
    }

    [Fact]
    public void Agreement_scores_follow_their_definitions()
    {
        var a = new BinaryAgreement(TruePositives: 6, FalsePositives: 2, FalseNegatives: 4, TrueNegatives: 88);
        Assert.Equal(12.0 / 18, a.Dice!.Value, 15);
        Assert.Equal(6.0 / 12, a.Iou!.Value, 15);
        Assert.Equal(6.0 / 8, a.Precision!.Value, 15);
        Assert.Equal(6.0 / 10, a.Recall!.Value, 15);
        Assert.Equal(0.10, a.TruthPositiveFraction, 15);
        Assert.Equal(0.08, a.PredictedPositiveFraction, 15);
        var none = new BinaryAgreement(0, 0, 0, 50);
        Assert.Null(none.Dice);
        Assert.Null(none.Precision);
        Assert.Equal(new BinaryAgreement(6, 2, 4, 138), a + none);
    }

    [Fact]
    public void Merged_moments_keep_their_precision_on_bright_flat_images()
    {
        // 10⁶ ± 1: raw power sums would lose r to cancellation; centred sums do not.
        var t = Enumerable.Range(0, 1000).Select(i => 1_000_000f + (i % 3)).ToArray();
        var p = Enumerable.Range(0, 1000).Select(i => 1_000_000f + (i % 3) + (i % 2)).ToArray();
        var whole = PairedPixelMoments.Of(t, p);
        var merged = default(PairedPixelMoments);
        for (int i = 0; i < 1000; i += 70) merged = merged.Merge(PairedPixelMoments.Of(t.AsSpan(i, Math.Min(70, 1000 - i)), p.AsSpan(i, Math.Min(70, 1000 - i))));
        double expected = PearsonCorrelation.Compute(t.Select(v => (double)v).ToArray(), p.Select(v => (double)v).ToArray())!.Value;
        Assert.Equal(expected, whole.Pearson!.Value, 12);
        Assert.Equal(expected, merged.Pearson!.Value, 12);
        Assert.Equal(whole.MeanAbsoluteError!.Value, merged.MeanAbsoluteError!.Value, 12);
    }

    private static ArrayPixelSource Synthetic(int width, int height, Func<int, int, float> value)
    {
        var data = new float[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                data[y * width + x] = value(x, y);
        return new ArrayPixelSource(data, width, height);
    }

    private static ArrayPixelSource Rows(float[] image, int top, int rows)
    {
        int width = Blobs.Truth.Width;
        return new ArrayPixelSource(image.AsSpan(top * width, rows * width).ToArray(), width, rows);
    }
}
