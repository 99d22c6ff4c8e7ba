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
        for (int i = 0; i < truth.Length; i++)
        {
            int t = truth[i], p = predicted[i];
            if (ignoreClass == t || p == Uncovered) continue;
            if (t >= classCount) throw new ArgumentException($"Pixel {i} has true class {t}; classes are 0 to {classCount - 1}{(ignoreClass is int ig ? $" and the ignore class {ig}" : "")}.");
            if (p >= classCount) throw new ArgumentException($"Pixel {i} has predicted class {p}; classes are 0 to {classCount - 1}.");
            confusion[t, p]++;
        }

        var names = classNames ?? Enumerable.Range(0, classCount).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return FromConfusion(confusion, names, ignoreClass);
    }

    /// <summary>
    /// Scores several labellings together, as if their pixels were one image: the reports' confusion
    /// matrices are summed (e.g. the micrographs of several prediction results of one model).
    /// </summary>
    /// <exception cref="ArgumentException">No reports, or reports of different classes.</exception>
    public static SegmentationReport Merge(IReadOnlyList<SegmentationReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0) throw new ArgumentException("Nothing to merge.", nameof(reports));
        var first = reports[0];
        int k = first.ClassNames.Count;
        var confusion = new long[k, k];
        foreach (var report in reports)
        {
            if (!report.ClassNames.SequenceEqual(first.ClassNames) || report.IgnoreClass != first.IgnoreClass)
                throw new ArgumentException($"Reports of other classes ({string.Join(", ", report.ClassNames)}) cannot be merged with ({string.Join(", ", first.ClassNames)}).", nameof(reports));
            for (int t = 0; t < k; t++)
                for (int p = 0; p < k; p++)
                    confusion[t, p] += report.Confusion[t][p];
        }
        return FromConfusion(confusion, first.ClassNames, first.IgnoreClass);
    }

    private static SegmentationReport FromConfusion(long[,] confusion, IReadOnlyList<string> names, int? ignoreClass)
    {
        int classCount = names.Count;
        long counted = 0;
        foreach (long n in confusion) counted += n;
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
        var matrix = Enumerable.Range(0, classCount).Select(t => Enumerable.Range(0, classCount).Select(p => confusion[t, p]).ToArray()).ToArray();
        return new SegmentationReport(names, perClass,
            defined.Length == 0 ? 0 : defined.Average(m => m.Iou!.Value),
            defined.Length == 0 ? 0 : defined.Average(m => m.Dice!.Value),
            counted == 0 ? 0 : (double)correct / counted,
            counted)
        {
            Confusion = matrix,
            IgnoreClass = ignoreClass,
        };
    }
}
