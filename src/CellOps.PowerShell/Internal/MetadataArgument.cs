using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// Reads Import-Micrograph -Metadata: a dictionary (a hashtable at the prompt), or a script block that maps
/// each input file ($_, a FileInfo) to one. Values are kept as invariant-culture text, so 3 and 2.5 read the
/// same on every machine.
/// </summary>
internal static class MetadataArgument
{
    /// <summary>The entries for <paramref name="file"/>.</summary>
    /// <exception cref="ArgumentException">The argument or the script block's output is not a dictionary of single values.</exception>
    /// <exception cref="RuntimeException">The script block failed.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Entries(object argument, string file)
    {
        object? given = Unwrap(argument);
        if (given is ScriptBlock mapping)
        {
            var output = mapping.InvokeWithContext(null, new List<PSVariable> { new("_", new FileInfo(file)) })
                .Select(Unwrap).Where(o => o is not null).ToArray();
            if (output.Length == 0) return [];
            if (output.Length > 1) throw new ArgumentException($"the script block gave {output.Length} objects; give one hashtable.");
            given = output[0];
        }
        if (given is not IDictionary dictionary)
            throw new ArgumentException($"expected a hashtable of entries (e.g. @{{ Day = 3 }}), got {given?.GetType().Name ?? "nothing"}.");
        var entries = new List<KeyValuePair<string, string>>();
        foreach (DictionaryEntry entry in dictionary)
        {
            string key = Text(entry.Key) ?? "";
            string value = Text(entry.Value) ?? throw new ArgumentException($"the entry '{key}' has no value.");
            entries.Add(new(key, value));
        }
        return entries;
    }

    /// <summary>A single value as invariant-culture text; null for null.</summary>
    /// <exception cref="ArgumentException">The value is a collection.</exception>
    public static string? Text(object? value) => Unwrap(value) switch
    {
        null => null,
        string text => text,
        IEnumerable => throw new ArgumentException("a metadata value must be one value, not a list."),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
