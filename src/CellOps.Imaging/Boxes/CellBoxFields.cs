using System.Globalization;

namespace CellOps.Imaging.Boxes;

/// <summary>
/// Reads one box from named fields, whatever the table calls them: BCCD's <c>filename,cell_type,xmin,xmax,ymin,ymax</c>,
/// or <c>File,Class,XMin,...</c> as a user would type them. Names are matched ignoring case.
/// </summary>
public static class CellBoxFields
{
    /// <summary>Names the image file's field may have.</summary>
    public static IReadOnlyList<string> FileAliases { get; } = new[] { "File", "FileName", "Image", "Path" };

    /// <summary>Names the class's field may have.</summary>
    public static IReadOnlyList<string> ClassAliases { get; } = new[] { "Class", "cell_type", "CellType", "Label", "Category" };

    /// <summary>
    /// Reads a box. <paramref name="lookup"/> gets a field's possible names and returns its text, or
    /// null where the row has none of them.
    /// </summary>
    /// <exception cref="CellBoxException">A field is missing or not a number, or the box is empty.</exception>
    public static CellBox Parse(Func<IReadOnlyList<string>, string?> lookup, string origin, int row)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        string where = $"{origin} row {row}";
        string Text(IReadOnlyList<string> names)
        {
            var value = lookup(names)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                throw new CellBoxException(origin, row, $"{where} has no {names[0]} (a field named {string.Join(", ", names)}).");
            }
            return value;
        }
        int Number(string name)
        {
            string text = Text(new[] { name });
            // Some tools write box edges as decimals (260.0); they are whole pixels all the same.
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)
                || Math.Abs(value) > int.MaxValue / 2)
            {
                throw new CellBoxException(origin, row, $"{where}: {name} '{text}' is not a number.");
            }
            return (int)Math.Round(value, MidpointRounding.AwayFromZero);
        }

        var box = new CellBox(Text(FileAliases), Text(ClassAliases), Number("xmin"), Number("xmax"), Number("ymin"), Number("ymax"), origin, row);
        if (box.XMax <= box.XMin || box.YMax <= box.YMin)
        {
            throw new CellBoxException(origin, row,
                $"{where}: the box of {box.File} is empty (x {box.XMin}–{box.XMax}, y {box.YMin}–{box.YMax}).", CellBoxProblem.Empty, box);
        }
        return box;
    }
}
