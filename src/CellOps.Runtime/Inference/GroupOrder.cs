using System.Globalization;

namespace CellOps.Runtime.Inference;

/// <summary>
/// The order of time points: by value where every one is a number ("0.5" before "2" before "10"), else
/// text with its digit runs compared as numbers ("day 2" before "day 10").
/// </summary>
internal static class GroupOrder
{
    /// <summary>The time points' numeric values where every one is a number; else null.</summary>
    public static double[]? Values(IReadOnlyList<string> groups)
    {
        var values = new double[groups.Count];
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.TryParse(groups[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                return null;
        }
        return values;
    }

    /// <summary>Compares text with its runs of digits taken as numbers, letters without case.</summary>
    public static int CompareNatural(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                int si = i, sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
                var x = a.AsSpan(si, i - si).TrimStart('0');
                var y = b.AsSpan(sj, j - sj).TrimStart('0');
                // Without leading zeros, the longer run is the larger number; equal lengths compare digit by digit.
                int byNumber = x.Length != y.Length ? x.Length.CompareTo(y.Length) : x.SequenceCompareTo(y);
                if (byNumber != 0) return byNumber;
                continue;
            }
            int byChar = char.ToUpperInvariant(a[i]).CompareTo(char.ToUpperInvariant(b[j]));
            if (byChar != 0) return byChar;
            i++;
            j++;
        }
        int byLength = (a.Length - i).CompareTo(b.Length - j);
        return byLength != 0 ? byLength : string.CompareOrdinal(a, b);
    }
}
