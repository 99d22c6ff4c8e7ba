using System.Globalization;

namespace CellOps.Sdk.Tiling;

/// <summary>
/// How the pixel values of a label image stand for classes: either the value is the class index
/// (0 to K − 1), or a list of values names them in class order (label images often store 0 and 255,
/// or arbitrary codes). One value may mark pixels that are no class at all (experts' "uncertain").
/// </summary>
public sealed class LabelCoding
{
    /// <summary>What <see cref="ClassOf"/> returns for the ignore value.</summary>
    public const int Ignored = -1;

    /// <summary>What <see cref="ClassOf"/> returns for a value that is neither a class nor the ignore value.</summary>
    public const int Invalid = -2;

    private readonly int[] _values;

    /// <summary>Creates a coding.</summary>
    /// <param name="classCount">K, at least 1.</param>
    /// <param name="ignoreValue">The label value that is no class, or null.</param>
    /// <param name="values">The label values of classes 0 to K − 1 in order; null or empty: the values are the class indices.</param>
    /// <exception cref="ArgumentException">K is not positive, the values are not K distinct numbers, or the ignore value is one of them.</exception>
    public LabelCoding(int classCount, int? ignoreValue = null, IReadOnlyList<int>? values = null)
    {
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "A label coding needs at least one class.");
        _values = values?.ToArray() ?? Array.Empty<int>();
        if (_values.Length > 0)
        {
            if (_values.Length != classCount)
                throw new ArgumentException($"{_values.Length} label values for {classCount} classes.", nameof(values));
            if (_values.Distinct().Count() != _values.Length)
                throw new ArgumentException($"The label values {Describe(_values)} repeat a value.", nameof(values));
            if (ignoreValue is int ignore && Array.IndexOf(_values, ignore) >= 0)
                throw new ArgumentException($"The ignore value {ignore} is also the value of a class.", nameof(ignoreValue));
        }
        ClassCount = classCount;
        IgnoreValue = ignoreValue;
    }

    /// <summary>Number of classes K.</summary>
    public int ClassCount { get; }

    /// <summary>The label value that is no class, or null.</summary>
    public int? IgnoreValue { get; }

    /// <summary>The label values of the classes in order; empty where the values are the class indices.</summary>
    public IReadOnlyList<int> Values => _values;

    /// <summary>The class a label value stands for: 0 to K − 1, <see cref="Ignored"/>, or <see cref="Invalid"/>.</summary>
    public int ClassOf(float value)
    {
        int whole = (int)value;
        if (whole != value) return Invalid;
        if (IgnoreValue == whole) return Ignored;
        if (_values.Length == 0) return (uint)whole < (uint)ClassCount ? whole : Invalid;
        int index = Array.IndexOf(_values, whole);
        return index >= 0 ? index : Invalid;
    }

    /// <summary>The valid label values in words, for error messages: "0 to 2", "0 or 255", with the ignore value.</summary>
    public string DescribeValues()
    {
        string classes = _values.Length == 0
            ? (ClassCount == 1 ? "0" : $"whole numbers 0 to {ClassCount - 1}")
            : Describe(_values);
        return IgnoreValue is int i ? $"{classes} or the ignore value {i}" : classes;
    }

    private static string Describe(int[] values) => values.Length switch
    {
        1 => values[0].ToString(CultureInfo.InvariantCulture),
        _ => string.Join(", ", values[..^1].Select(v => v.ToString(CultureInfo.InvariantCulture))) + " or " + values[^1].ToString(CultureInfo.InvariantCulture),
    };
}
