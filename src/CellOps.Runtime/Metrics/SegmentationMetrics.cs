namespace CellOps.Runtime.Metrics;

/// <summary>
/// Scores a per-pixel labelling against the truth: per-class Jaccard index (IoU) and Dice, their
/// means, and pixel accuracy. Pixels whose true class is the ignore class (the "uncertain" regions
/// experts could not call) and pixels no prediction covered are left out of every count.
/// </summary>
public static class SegmentationMetrics
{
    /// <summary>The label value of a pixel no prediction covered (see <c>ProbabilityMap.LabelMap</c>).</summary>
    public const byte Uncovered = byte.MaxValue;

    /// <summary>Scores <paramref name="predicted"/> against <paramref name="truth"/>.</summary>
    /// <param name="predicted">Predicted class per pixel, in [0, K) or <see cref="Uncovered"/>.</param>
    /// <param name="truth">True class per pixel, in [0, K) or the ignore class.</param>
    /// <param name="classCount">K, at least 2.</param>
    /// <param name="ignoreClass">A true class to leave out, or null.</param>
    /// <param name="classNames">K names; the indices as text where null.</param>
    /// <exception cref="ArgumentException">The lengths differ, K is below 2, or a label is out of range.</exception>
    public static SegmentationReport Compute(ReadOnlySpan<byte> predicted, ReadOnlySpan<byte> truth, int classCount,
        int? ignoreClass = null, IReadOnlyList<string>? classNames = null)
    {
        if (classCount < 2) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "Segmentation needs at least two classes.");
        if (predicted.Length != truth.Length) throw new ArgumentException($"{predicted.Length} predicted pixels but {truth.Length} true ones.");
        if (classNames is not null && classNames.Count != classCount)
            throw new ArgumentException($"{classCount} classes but {classNames.Count} class names.", nameof(classNames));

        var confusion = new long[classCount, classCount];
        long counted = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            int t = truth[i], p = predicted[i];
            if (ignoreClass == t || p == Uncovered) continue;
            if (t >= classCount) throw new ArgumentException($"Pixel {i} has true class {t}; classes are 0 to {classCount - 1}{(ignoreClass is int ig ? $" and the ignore class {ig}" : "")}.");
            if (p >= classCount) throw new ArgumentException($"Pixel {i} has predicted class {p}; classes are 0 to {classCount - 1}.");
            confusion[t, p]++;
            counted++;
        }

        var names = classNames ?? Enumerable.Range(0, classCount).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var perClass = new List<SegmentationClassMetrics>();
        long correct = 0;
        for (int c = 0; c < classCount; c++)
        {
            if (c == ignoreClass) continue;
            long tp = confusion[c, c], fp = 0, fn = 0;
            for (int o = 0; o < classCount; o++)
            {
                if (o == c) continue;
                fp += confusion[o, c];
                fn += confusion[c, o];
            }
            correct += tp;
            long union = tp + fp + fn;
            // A class absent from both truth and prediction has no defined overlap; it stays out of the means.
            double? iou = union == 0 ? null : (double)tp / union;
            double? dice = union == 0 ? null : 2.0 * tp / (2 * tp + fp + fn);
            perClass.Add(new SegmentationClassMetrics(c, names[c], iou, dice, tp + fn));
        }
        var defined = perClass.Where(m => m.Iou is not null).ToArray();
        return new SegmentationReport(names, perClass,
            defined.Length == 0 ? 0 : defined.Average(m => m.Iou!.Value),
            defined.Length == 0 ? 0 : defined.Average(m => m.Dice!.Value),
            counted == 0 ? 0 : (double)correct / counted,
            counted);
    }
}
