using System.Text;

namespace CellOps.Imaging.Boxes;

/// <summary>
/// Reads a CSV table of boxes (a header row, then one box per row; commas, fields optionally in double
/// quotes). Rows that cannot be read are returned as errors beside the good ones, so one bad
/// annotation does not cost the rest.
/// </summary>
public static class CellBoxTable
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="CellBoxException">The header lacks a column boxes need (row 0).</exception>
    public static (IReadOnlyList<CellBox> Boxes, IReadOnlyList<CellBoxException> Errors) Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadLines(path), Path.GetFileName(path));
    }

    /// <summary>Reads CSV lines; <paramref name="origin"/> names them in messages.</summary>
    /// <exception cref="CellBoxException">The header lacks a column boxes need (row 0).</exception>
    public static (IReadOnlyList<CellBox> Boxes, IReadOnlyList<CellBoxException> Errors) Parse(IEnumerable<string> lines, string origin)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var boxes = new List<CellBox>();
        var errors = new List<CellBoxException>();
        string[]? header = null;
        int row = 0;
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var fields = Split(line);
            if (header is null)
            {
                header = fields.Select(f => f.Trim()).ToArray();
                CheckHeader(header, origin);
                continue;
            }
            row++;
            try
            {
                boxes.Add(CellBoxFields.Parse(names => Lookup(header, fields, names), origin, row));
            }
            catch (CellBoxException ex)
            {
                errors.Add(ex);
            }
        }
        if (header is null) throw new CellBoxException(origin, 0, $"{origin} is empty: it needs a header row and one row per box.");
        return (boxes, errors);
    }

    private static void CheckHeader(string[] header, string origin)
    {
        var required = new[] { CellBoxFields.FileAliases, CellBoxFields.ClassAliases, new[] { "xmin" }, new[] { "xmax" }, new[] { "ymin" }, new[] { "ymax" } };
        var missing = required.Where(names => !names.Any(n => header.Contains(n, StringComparer.OrdinalIgnoreCase))).Select(n => n[0]).ToArray();
        if (missing.Length > 0)
        {
            throw new CellBoxException(origin, 0,
                $"{origin} has no column for {string.Join(", ", missing)}; its header is '{string.Join(",", header)}'. " +
                "A box table needs file, class, xmin, xmax, ymin and ymax (e.g. filename,cell_type,xmin,xmax,ymin,ymax).");
        }
    }

    private static string? Lookup(string[] header, IReadOnlyList<string> fields, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            int i = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            if (i >= 0) return i < fields.Count ? fields[i] : null;
        }
        return null;
    }

    // RFC 4180 fields: a quoted field may hold commas and doubled quotes.
    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
