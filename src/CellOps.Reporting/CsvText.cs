using System.Globalization;
using System.Text;

namespace CellOps.Reporting;

/// <summary>
/// RFC 4180 CSV built in memory: invariant-culture numbers (round-trippable), empty cells for nulls
/// and NaN, <c>inf</c> and <c>-inf</c> for infinities (as pandas and R read them), and quoting wherever
/// a text cell holds a comma, quote or line break.
/// </summary>
internal sealed class CsvText
{
    private readonly StringBuilder _text = new();
    private readonly int _columns;

    public CsvText(params string[] header)
    {
        _columns = header.Length;
        Append(header);
    }

    public void Row(params object?[] cells)
    {
        if (cells.Length != _columns) throw new ArgumentException($"The table has {_columns} columns; the row has {cells.Length}.");
        Append(cells);
    }

    public override string ToString() => _text.ToString();

    /// <summary>The table as UTF-8 without a byte-order mark.</summary>
    public byte[] ToUtf8() => new UTF8Encoding(false).GetBytes(_text.ToString());

    private void Append(IEnumerable<object?> cells)
    {
        _text.AppendJoin(',', cells.Select(Cell));
        _text.Append("\r\n");
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => Number(d) ?? d.ToString("R", CultureInfo.InvariantCulture),
        float f => Number(f) ?? f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString() ?? ""),
    };

    // The invariant culture writes "Infinity" and "NaN", which spreadsheets and most readers take for text.
    private static string? Number(double value) =>
        double.IsNaN(value) ? "" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : null;

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
