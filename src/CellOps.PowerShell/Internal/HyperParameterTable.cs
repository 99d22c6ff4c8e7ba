using System.Collections;
using System.Management.Automation;

namespace CellOps.PowerShell.Internal;

/// <summary>Reads a -HyperParameter hashtable (<c>@{ Depth = 3; Dropout = 0.2 }</c>) into numbers.</summary>
internal static class HyperParameterTable
{
    /// <exception cref="ArgumentException">A value that is not a number.</exception>
    public static Dictionary<string, double> Read(Hashtable? table)
    {
        var values = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        if (table is null) return values;
        foreach (DictionaryEntry entry in table)
        {
            string name = entry.Key?.ToString() ?? "";
            try
            {
                values[name] = LanguagePrimitives.ConvertTo<double>(entry.Value);
            }
            catch (PSInvalidCastException ex)
            {
                throw new ArgumentException($"Hyperparameter {name} must be a number; got '{entry.Value}'.", ex);
            }
        }
        return values;
    }
}
