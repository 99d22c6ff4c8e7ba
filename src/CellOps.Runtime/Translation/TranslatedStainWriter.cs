using CellOps.Imaging.Sheets;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Imaging.Tiling;
using CellOps.Imaging.Maps;
using CellOps.Sdk.Imaging;

namespace CellOps.Runtime.Translation;

/// <summary>
/// Writes a predicted image as files: the prediction itself (float32 TIFF, a page per channel), its
/// binarisation (8-bit TIFF, a page per channel, Otsu's threshold of each predicted channel) and an
/// overlay (PNG), all with the micrograph's pixel size. Everything is read and written by strips, so
/// memory does not grow with the image; the overlay of an image larger than
/// <see cref="OverlayLongSide"/> pixels is a downsampled overview.
/// </summary>
public static class TranslatedStainWriter
{
    /// <summary>The longest side of an overlay; larger images are shown reduced (nearest pixel).</summary>
    public const int OverlayLongSide = 4096;

    /// <summary>Writes the three files of <paramref name="image"/>.</summary>
    /// <param name="image">The prediction.</param>
    /// <param name="files">Where to write.</param>
    /// <param name="opacity">Strength of the overlay tint, 0 to 1.</param>
    /// <param name="cancellation">Stops between strips.</param>
    /// <returns>Per channel, the Otsu threshold and the share of pixels above it.</returns>
    /// <exception cref="MicrographReadException">The input micrograph (under the overlay) cannot be read.</exception>
    /// <exception cref="IOException">A file could not be written.</exception>
    public static IReadOnlyList<(string Channel, double Threshold, double PositiveFraction)> Write(
        PredictedImage image, TranslatedStainFiles files, double opacity = 0.6, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(files);
        if (!(opacity >= 0 && opacity <= 1)) throw new ArgumentOutOfRangeException(nameof(opacity), opacity, "The opacity lies between 0 and 1.");
        var prediction = image.Prediction;
        int channels = prediction.ChannelCount;
        var thresholds = new double[channels];
        var positive = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            // Scoring against the pair found each channel's Otsu threshold already (the same histogram
            // rule as OtsuThreshold); only an unscored prediction needs the extra pass over its pixels.
            if (image.Scores?[c].PredictionThreshold is { } scored)
            {
                thresholds[c] = scored;
                continue;
            }
            using var channel = image.OpenChannel(c);
            thresholds[c] = OtsuThreshold.Compute(channel, 0, cancellation);
        }

        WritePages(files.Prediction, prediction, PixelType.Float32, (c, region, destination) =>
        {
            using var pixels = image.OpenChannel(c);
            pixels.ReadRegion(0, region, destination);
        }, c => $"CellOps predicted {prediction.Channels[c].Name} of {image.Source.Name}, in the target's intensity units");

        var counts = new long[channels];
        WritePages(files.Stain, prediction, PixelType.UInt8, (c, region, destination) =>
        {
            using var pixels = image.OpenChannel(c);
            var values = new float[region.Width * region.Height];
            pixels.ReadRegion(0, region, values.AsSpan());
            for (int i = 0; i < values.Length; i++)
            {
                bool on = values[i] > thresholds[c];
                destination[i] = on ? (byte)255 : (byte)0;
                if (on) counts[c]++;
            }
        }, c => $"CellOps virtual stain of {image.Source.Name}: 255 = predicted {prediction.Channels[c].Name} above {thresholds[c]:G6} (Otsu)");

        long area = (long)prediction.Width * prediction.Height;
        for (int c = 0; c < channels; c++) positive[c] = (double)counts[c] / area;
        WriteOverlay(image, files.Overlay, (float)opacity, cancellation);
        return Enumerable.Range(0, channels).Select(c => (prediction.Channels[c].Name, thresholds[c], positive[c])).ToArray();
    }

    private delegate void PageFill(int channel, PixelRect region, Span<byte> destination);

    private static void WritePages(string path, Micrograph prediction, PixelType type, PageFill fill, Func<int, string> describe)
    {
        long bytes = (long)prediction.Width * prediction.Height * prediction.ChannelCount * type.BytesPerSample();
        using var writer = TiffWriter.Create(path, bigTiff: bytes > int.MaxValue);
        for (int c = 0; c < prediction.ChannelCount; c++)
        {
            int channel = c;
            var options = new TiffWriteOptions
            {
                PixelType = type,
                Compression = TiffCompression.Deflate,
                Predictor = type == PixelType.Float32 ? TiffPredictor.FloatingPoint : TiffPredictor.None,
                PixelSize = prediction.PixelSize,
                Description = describe(c),
            };
            writer.WritePage(prediction.Width, prediction.Height, options, (region, destination) => fill(channel, region, destination));
        }
        writer.Commit();
    }

    // The input's mean over its channels in grey (stretched between percentiles of a subsample), each
    // predicted channel tinted in its palette colour with a strength that follows its intensity between
    // the scaling's low and high values.
    private static void WriteOverlay(PredictedImage image, string path, float opacity, CancellationToken cancellation)
    {
        var source = image.Source;
        int width = source.Width, height = source.Height;
        int step = Math.Max(1, (Math.Max(width, height) + OverlayLongSide - 1) / OverlayLongSide);
        int outWidth = (width + step - 1) / step, outHeight = (height + step - 1) / step;
        var rgb = new byte[checked(outWidth * outHeight * 3)];
        using var input = source.OpenPixels();
        using var predicted = image.OpenPixels();
        int inChannels = input.ChannelCount, outChannels = predicted.ChannelCount;
        var (lo, hi) = GreyRange(input, step, cancellation);
        var scaling = image.Scaling;
        var rowIn = new float[inChannels * width];
        var rowOut = new float[outChannels * width];
        for (int oy = 0; oy < outHeight; oy++)
        {
            cancellation.ThrowIfCancellationRequested();
            int y = oy * step;
            input.ReadRegion(Math.Min(0, input.FrameCount - 1), new PixelRect(0, y, width, 1), rowIn.AsSpan());
            predicted.ReadRegion(0, new PixelRect(0, y, width, 1), rowOut.AsSpan());
            for (int ox = 0; ox < outWidth; ox++)
            {
                int x = ox * step;
                float grey = 0;
                for (int c = 0; c < inChannels; c++) grey += rowIn[c * width + x];
                grey /= inChannels;
                float g = hi > lo ? Math.Clamp((grey - lo) / (hi - lo), 0f, 1f) * 255f : 0f;
                float r = g, gr = g, b = g;
                for (int c = 0; c < outChannels; c++)
                {
                    float v = rowOut[c * width + x];
                    float alpha = opacity * Math.Clamp((v - scaling.RawLow[c]) / (scaling.RawHigh[c] - scaling.RawLow[c]), 0f, 1f);
                    var colour = StainPalette.Of(c + 1);
                    r += (colour.R - r) * alpha;
                    gr += (colour.G - gr) * alpha;
                    b += (colour.B - b) * alpha;
                }
                int p = (oy * outWidth + ox) * 3;
                rgb[p] = (byte)(r + 0.5f);
                rgb[p + 1] = (byte)(gr + 0.5f);
                rgb[p + 2] = (byte)(b + 0.5f);
            }
        }
        PngWriter.Write(path, outWidth, outHeight, 3, rgb, step == 1 ? source.PixelSize : null);
    }

    // The 0.5th and 99.5th percentiles of the input's channel mean, from every step-th pixel of every step-th row.
    private static (float Lo, float Hi) GreyRange(IPixelSource input, int step, CancellationToken cancellation)
    {
        int width = input.Width, channels = input.ChannelCount;
        int sampleStep = Math.Max(step, (int)Math.Sqrt((double)width * input.Height / (1 << 18)));
        var row = new float[channels * width];
        var sample = new List<float>();
        for (int y = 0; y < input.Height; y += sampleStep)
        {
            cancellation.ThrowIfCancellationRequested();
            input.ReadRegion(0, new PixelRect(0, y, width, 1), row.AsSpan());
            for (int x = 0; x < width; x += sampleStep)
            {
                float grey = 0;
                for (int c = 0; c < channels; c++) grey += row[c * width + x];
                sample.Add(grey / channels);
            }
        }
        return DisplayStretch.Range(sample) ?? (0, 0);
    }
}
