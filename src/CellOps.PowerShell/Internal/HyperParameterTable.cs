using System.Collections;
using System.Management.Automation;
using CellOps.Sdk.Models;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// Reads a -HyperParameter hashtable (<c>@{ Depth = 3; Dropout = 0.2; Optimizer = 'SGD' }</c>) into the
/// numbers hyperparameters are stored as: a categorical one's choice becomes its index here, because
/// only here is the model's declaration at hand; ranges are checked later, with the training request.
/// </summary>
internal static class HyperParameterTable
{
    /// <exception cref="ArgumentException">A value that is not a number, or not one of a categorical hyperparameter's choices.</exception>
    public static Dictionary<string, double> Read(Hashtable? table, IReadOnlyList<HyperParameter> declared)
    {
        var values = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        if (table is null) return values;
        foreach (DictionaryEntry entry in table)
        {
            string name = entry.Key?.ToString() ?? "";
            object? value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
            var parameter = declared.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (parameter is { Kind: HyperParameterKind.Categorical } && value is not null)
            {
                values[name] = parameter.ToValue(value);
                continue;
            }
            try
            {
                values[name] = LanguagePrimitives.ConvertTo<double>(value);
            }
            catch (PSInvalidCastException ex)
            {
                throw new ArgumentException($"Hyperparameter {name} must be a number; got '{value}'.", ex);
            }
        }
        return values;
    }
}
