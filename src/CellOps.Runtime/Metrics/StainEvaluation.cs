using CellOps.Imaging.Measurement;
using CellOps.Imaging.Maps;
using CellOps.Sdk.Imaging;

namespace CellOps.Runtime.Metrics;

/// <summary>
/// How well a two-class virtual stain matches the real one, pixel by pixel: the binarized stain
/// (P(positive) at or above a threshold) against the micrograph's binarized pair (the fluorescence
/// or mask image, binarized by the rule that labels tiles). Pixels no tile covered are left out.
/// </summary>
public static class StainEvaluation
{
    /// <summary>Scores <paramref name="map"/> against its micrograph's pair.</summary>
    /// <param name="map">A two-class map whose micrograph has a pair of the same size.</param>
    /// <param name="stainThreshold">The probability at or above which a pixel is stained.</param>
    /// <param name="pairThreshold">Binarizes the pair; null: Otsu's threshold.</param>
    /// <returns>IoU and Dice of both classes; the stain's are those of class 1.</returns>
    /// <exception cref="ArgumentException">The map has more than two classes, no pair, or a pair of another size.</exception>
    /// <exception cref="MicrographReadException">The pair cannot be read.</exception>
    public static SegmentationReport Evaluate(ProbabilityMap map, double stainThreshold = 0.5, double? pairThreshold = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.ClassCount != 2) throw new ArgumentException($"A stain is scored against a binarized pair only for two classes; the map has {map.ClassCount}.", nameof(map));
        var pair = map.Source.Pair ?? throw new ArgumentException($"{map.Micrograph} has no paired image to score the stain against.", nameof(map));
        if (pair.Width != map.Width || pair.Height != map.Height)
            throw new ArgumentException($"{map.Micrograph} is {map.Width}×{map.Height} but its pair {pair.Name} is {pair.Width}×{pair.Height}.", nameof(map));

        var truth = BinarizedArea.Binarize(pair, 0, pairThreshold);
        // By bands of rows: a whole slide's map is never read whole; the bands' confusions add up.
        var bands = new List<SegmentationReport>();
        foreach (var (top, count) in map.Bands())
        {
            int n = map.Width * count;
            var positive = new float[n];
            var coverage = new float[n];
            var predicted = new byte[n];
            map.ReadRows(1, top, count, positive);
            map.ReadCoverageRows(top, count, coverage);
            for (int i = 0; i < n; i++)
            {
                predicted[i] = coverage[i] <= 0 ? SegmentationMetrics.Uncovered : positive[i] >= stainThreshold ? (byte)1 : (byte)0;
            }
            bands.Add(SegmentationMetrics.Compute(predicted, truth.AsSpan(top * map.Width, n), 2, classNames: map.ClassNames));
        }
        return SegmentationMetrics.Merge(bands);
    }
}
