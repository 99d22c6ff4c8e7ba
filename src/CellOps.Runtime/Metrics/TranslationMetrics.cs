using System.Globalization;
using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;

namespace CellOps.Runtime.Metrics;

/// <summary>
/// Scores image-to-image translation (a fluorescence channel predicted from phase contrast): one
/// channel of a measured image against one channel of a predicted image of the same size, frame 0,
/// both read as raw float values in the truth's units. Images are read in bands of rows, three
/// times (ranges and pixel sums; SSIM and the Otsu histograms; the binarized counts), so memory stays
/// bounded whatever their size.
/// </summary>
/// <remarks>
/// Definitions, over the n pixels with true value tᵢ and predicted value pᵢ:
/// <list type="bullet">
/// <item>Pearson's r = Σ(t − t̄)(p − p̄) / √(Σ(t − t̄)² · Σ(p − p̄)²); MAE = Σ|p − t| / n; MSE = Σ(p − t)² / n.</item>
/// <item>L, the data range, = max t − min t of the truth channel (not of its pixel type).</item>
/// <item>PSNR = 10·log10(L² / MSE) dB.</item>
/// <item>SSIM of Wang et al. (2004): Gaussian window of 11 × 11 taps, σ = 1.5 (kernel exp(−x²/2σ²) for
/// x = −5…5, normalised); local means μ, population variances σ² = E[x²] − μ² and covariance
/// σₜₚ = E[tp] − μₜμₚ under that window; C1 = (0.01·L)², C2 = (0.03·L)²;
/// SSIM = (2μₜμₚ + C1)(2σₜₚ + C2) / ((μₜ² + μₚ² + C1)(σₜ² + σₚ² + C2)), averaged over the pixels whose whole
/// window lies inside the image (a 5-pixel border is left out on every side). This is scikit-image's
/// <c>structural_similarity(truth, prediction, gaussian_weights=True, sigma=1.5,
/// use_sample_covariance=False, data_range=L)</c> (which builds its window with truncate = 3.5 and crops
/// that border) computed in double precision.</item>
/// <item>Binarization: a pixel is positive where its value is strictly above the threshold; by default
/// each image's own Otsu threshold of that channel, binned as <see cref="OtsuThreshold.Compute"/> bins
/// (the rule that labels tiles and measures efficiency). Dice = 2TP / (2TP + FP + FN),
/// IoU = TP / (TP + FP + FN), precision = TP / (TP + FP), recall = TP / (TP + FN); the efficiency of
/// truth and prediction is each one's positive share of the pixels.</item>
/// </list>
/// </remarks>
public static class TranslationMetrics
{
    // About a million samples (4 MiB) per band and image, as the other whole-image scans read.
    private const int BandSamples = 1 << 20;

    /// <summary>Scores <paramref name="predictionChannel"/> of <paramref name="prediction"/> against <paramref name="truthChannel"/> of <paramref name="truth"/>.</summary>
    /// <param name="truth">The measured image (any pixel type).</param>
    /// <param name="truthChannel">Zero-based channel of <paramref name="truth"/> to score against.</param>
    /// <param name="prediction">The predicted image (typically float32), the same size as the truth.</param>
    /// <param name="predictionChannel">Zero-based channel of <paramref name="prediction"/> to score.</param>
    /// <param name="options">Thresholds, sample and band size; null: <see cref="TranslationMetricsOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the scan between bands.</param>
    /// <exception cref="ArgumentException">The images differ in size, a channel does not exist, or an option is out of range.</exception>
    /// <exception cref="InvalidDataException">A channel holds NaN or infinity.</exception>
    /// <exception cref="MicrographReadException">An image cannot be read.</exception>
    public static TranslationImageScores Compute(IPixelSource truth, int truthChannel, IPixelSource prediction, int predictionChannel,
        TranslationMetricsOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(prediction);
        options ??= TranslationMetricsOptions.Default;
        if ((uint)truthChannel >= (uint)truth.ChannelCount)
            throw new ArgumentOutOfRangeException(nameof(truthChannel), truthChannel, $"The truth has {truth.ChannelCount} channel(s).");
        if ((uint)predictionChannel >= (uint)prediction.ChannelCount)
            throw new ArgumentOutOfRangeException(nameof(predictionChannel), predictionChannel, $"The prediction has {prediction.ChannelCount} channel(s).");
        if (truth.Width != prediction.Width || truth.Height != prediction.Height)
            throw new ArgumentException($"The truth is {truth.Width}×{truth.Height} pixels but the prediction is {prediction.Width}×{prediction.Height}; translation is scored on pixel-aligned images.", nameof(prediction));
        if (options.SampleSize < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.SampleSize, "The sample size cannot be negative.");
        if (options.RowsPerBand is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.RowsPerBand, "A band holds at least one row.");

        int width = truth.Width, height = truth.Height;
        int rowsPerBand = options.RowsPerBand
            ?? Math.Max(1, BandSamples / Math.Max(1, width * Math.Max(truth.ChannelCount, prediction.ChannelCount)));
        var bands = new PairedBands(truth, truthChannel, prediction, predictionChannel, rowsPerBand);

        // Pass 1: ranges (L and the Otsu bins need them), pixel sums, sample.
        var moments = default(PairedPixelMoments);
        var truthRange = new ValueRange();
        var predictionRange = new ValueRange();
        var reservoir = new PixelReservoir(options.SampleSize, options.Seed);
        bands.ForEach(cancellationToken, (t, p, top, _) =>
        {
            truthRange.Add(t, "truth", truthChannel, top, width);
            predictionRange.Add(p, "prediction", predictionChannel, top, width);
            moments = moments.Merge(PairedPixelMoments.Of(t, p));
            reservoir.Offer(t, p);
        });
        double dataRange = truthRange.Max - truthRange.Min;

        // Pass 2: SSIM and the histograms Otsu's thresholds are found in.
        var ssim = dataRange > 0 && width >= GaussianSsim.Window && height >= GaussianSsim.Window ? new GaussianSsim(width, dataRange) : null;
        var truthHistogram = options.TruthThreshold is null ? new OtsuHistogram(truth.PixelType, truthRange.Min, truthRange.Max) : null;
        var predictionHistogram = options.PredictionThreshold is null ? new OtsuHistogram(prediction.PixelType, predictionRange.Min, predictionRange.Max) : null;
        if (ssim is not null || truthHistogram is not null || predictionHistogram is not null)
        {
            bands.ForEach(cancellationToken, (t, p, _, rows) =>
            {
                truthHistogram?.Add(t);
                predictionHistogram?.Add(p);
                if (ssim is null) return;
                for (int r = 0; r < rows; r++) ssim.AddRow(t.Slice(r * width, width), p.Slice(r * width, width));
            });
        }
        double truthThreshold = options.TruthThreshold ?? truthHistogram!.Threshold();
        double predictionThreshold = options.PredictionThreshold ?? predictionHistogram!.Threshold();

        // Pass 3: the binarized images against each other.
        long tp = 0, fp = 0, fn = 0, tn = 0;
        bands.ForEach(cancellationToken, (t, p, _, _) =>
        {
            for (int i = 0; i < t.Length; i++)
            {
                bool isTrue = t[i] > truthThreshold, isPredicted = p[i] > predictionThreshold;
                if (isTrue) { if (isPredicted) tp++; else fn++; }
                else if (isPredicted) fp++;
                else tn++;
            }
        });

        return new TranslationImageScores
        {
            Width = width,
            Height = height,
            Moments = moments,
            TruthMin = truthRange.Min,
            TruthMax = truthRange.Max,
            PredictionMin = predictionRange.Min,
            PredictionMax = predictionRange.Max,
            Ssim = ssim is { Count: > 0 } ? ssim.Sum / ssim.Count : null,
            SsimPixels = ssim?.Count ?? 0,
            TruthThreshold = truthThreshold,
            PredictionThreshold = predictionThreshold,
            Agreement = new BinaryAgreement(tp, fp, fn, tn),
            Sample = reservoir.ToSample(),
        };
    }

    /// <summary>
    /// Pools the scores of several images of one channel pair: Pearson's r, MAE and MSE over all their
    /// pixels together (merged sums); PSNR from the pooled MSE and the pooled data range (largest true
    /// value of any image − smallest of any); SSIM as Σ SSIMᵢ·nᵢ / Σ nᵢ, nᵢ the pixels each image's SSIM
    /// averages (each computed with its own L); Dice, IoU, precision and recall from the added counts
    /// (each image binarized at its own thresholds); and Pearson's r across images of predicted against
    /// measured positive-area fraction.
    /// </summary>
    /// <param name="images">The images' scores; at least one.</param>
    /// <param name="sampleSize">Pixel pairs in the pooled sample, drawn from the images' samples in proportion to their pixels.</param>
    /// <param name="seed">Seeds that draw.</param>
    /// <exception cref="ArgumentException">No images, or a negative sample size.</exception>
    public static TranslationSetScores Pool(IReadOnlyList<TranslationImageScores> images, int sampleSize = 4096, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("There are no image scores to pool.", nameof(images));
        ArgumentOutOfRangeException.ThrowIfNegative(sampleSize);

        var moments = default(PairedPixelMoments);
        var agreement = default(BinaryAgreement);
        double truthMin = double.PositiveInfinity, truthMax = double.NegativeInfinity, ssimSum = 0;
        long ssimPixels = 0;
        foreach (var image in images)
        {
            ArgumentNullException.ThrowIfNull(image, nameof(images));
            moments = moments.Merge(image.Moments);
            agreement += image.Agreement;
            truthMin = Math.Min(truthMin, image.TruthMin);
            truthMax = Math.Max(truthMax, image.TruthMax);
            if (image.Ssim is double s)
            {
                ssimSum += s * image.SsimPixels;
                ssimPixels += image.SsimPixels;
            }
        }
        var measured = images.Select(i => i.TruthPositiveFraction).ToArray();
        var predicted = images.Select(i => i.PredictedPositiveFraction).ToArray();
        return new TranslationSetScores
        {
            Images = images.Count,
            Moments = moments,
            TruthMin = truthMin,
            TruthMax = truthMax,
            Ssim = ssimPixels > 0 ? ssimSum / ssimPixels : null,
            SsimPixels = ssimPixels,
            Agreement = agreement,
            EfficiencyCorrelation = PearsonCorrelation.Compute(measured, predicted),
            Sample = PoolSamples(images, sampleSize, seed),
        };
    }

    /// <summary>10·log10(L² / MSE); +∞ for MSE 0; null where L is not positive.</summary>
    internal static double? Psnr(double dataRange, double meanSquaredError)
    {
        if (!(dataRange > 0)) return null;
        if (meanSquaredError <= 0) return double.PositiveInfinity;
        return 10 * Math.Log10(dataRange * dataRange / meanSquaredError);
    }

    // Each image gives its share of the sample by pixels (largest remainders), taken from a seeded
    // shuffle of its own uniform sample: the result is, near enough, uniform over the pooled pixels.
    private static IntensitySample PoolSamples(IReadOnlyList<TranslationImageScores> images, int sampleSize, int seed)
    {
        long total = images.Sum(i => i.Pixels);
        if (sampleSize == 0 || total == 0) return IntensitySample.Empty;
        var quota = new int[images.Count];
        var remainder = new double[images.Count];
        int given = 0;
        for (int i = 0; i < images.Count; i++)
        {
            double share = (double)sampleSize * images[i].Pixels / total;
            quota[i] = (int)Math.Floor(share);
            remainder[i] = share - quota[i];
            given += quota[i];
        }
        foreach (int i in Enumerable.Range(0, images.Count).OrderByDescending(i => remainder[i]).Take(sampleSize - given)) quota[i]++;

        var random = new Random(seed);
        var truth = new List<float>(sampleSize);
        var prediction = new List<float>(sampleSize);
        for (int i = 0; i < images.Count; i++)
        {
            var sample = images[i].Sample;
            var order = Enumerable.Range(0, sample.Count).ToArray();
            random.Shuffle(order);
            foreach (int j in order.Take(Math.Min(quota[i], sample.Count)))
            {
                truth.Add(sample.Truth[j]);
                prediction.Add(sample.Prediction[j]);
            }
        }
        return new IntensitySample(truth.ToArray(), prediction.ToArray());
    }

    /// <summary>The smallest and largest value seen, refusing NaN and infinity (they would poison every score).</summary>
    private sealed class ValueRange
    {
        public double Min { get; private set; } = double.PositiveInfinity;

        public double Max { get; private set; } = double.NegativeInfinity;

        public void Add(ReadOnlySpan<float> band, string image, int channel, int top, int width)
        {
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            for (int i = 0; i < band.Length; i++)
            {
                float v = band[i];
                if (!float.IsFinite(v))
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"The {image} (channel {channel}) holds {v} at x = {i % width}, y = {top + i / width}; translation scores need finite values."));
                }
                if (v < min) min = v;
                if (v > max) max = v;
            }
            Min = Math.Min(Min, min);
            Max = Math.Max(Max, max);
        }
    }
}
