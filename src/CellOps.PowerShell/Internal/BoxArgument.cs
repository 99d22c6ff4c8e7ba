using System.Collections;
using System.Management.Automation;
using CellOps.Imaging.Boxes;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// Reads New-TileSet -Box values: objects with file, class and edge properties (rows of Import-Csv,
/// [pscustomobject]s, hashtables), each becoming a <see cref="CellBox"/>, or an error naming its row.
/// </summary>
internal static class BoxArgument
{
    /// <summary>The origin -Box rows are named by in messages.</summary>
    public const string Origin = "-Box";

    /// <summary>The boxes; rows that cannot be read are written as InvalidBox errors and left out.</summary>
    public static List<CellBox> Read(PSCmdlet cmdlet, IReadOnlyList<object> values)
    {
        var boxes = new List<CellBox>();
        for (int i = 0; i < values.Count; i++)
        {
            object value = values[i];
            try
            {
                boxes.Add(CellBoxFields.Parse(names => Lookup(value, names), Origin, i + 1));
            }
            catch (CellBoxException ex)
            {
                cmdlet.WriteError(Error(ex, value));
            }
        }
        return boxes;
    }

    /// <summary>The error record of a box that cannot be read or cut.</summary>
    public static ErrorRecord Error(CellBoxException ex, object? target = null) =>
        new(ex, ex.Problem switch
            {
                CellBoxProblem.OutsideImage => "BoxOutsideImage",
                CellBoxProblem.ImageNotFound => "BoxImageNotFound",
                _ => "InvalidBox",
            },
            ex.Problem == CellBoxProblem.ImageNotFound ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidData,
            target ?? (object?)ex.Box ?? $"{ex.Origin} row {ex.Row}");

    private static string? Lookup(object value, IReadOnlyList<string> names)
    {
        object inner = value is PSObject wrapped ? wrapped.BaseObject : value;
        foreach (var name in names)
        {
            if (inner is IDictionary table)
            {
                foreach (DictionaryEntry entry in table)
                {
                    if (string.Equals(entry.Key?.ToString(), name, StringComparison.OrdinalIgnoreCase)) return Text(entry.Value);
                }
            }
            else if (PSObject.AsPSObject(value).Properties[name] is { } property)
            {
                // PowerShell's property lookup ignores case, as Import-Csv's users expect.
                return Text(property.Value);
            }
        }
        return null;
    }

    private static string? Text(object? value) => (value is PSObject wrapped ? wrapped.BaseObject : value)?.ToString();
}
