using System.Collections;
using System.Management.Automation;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// Where New-TileSet -ClassFrom finds each micrograph's class: the name of the folder the file lies
/// in (the usual layout of a labelled crop collection, one folder per class), a script block given
/// the micrograph as <c>$_</c>, or a table from file name (with or without extension) or full path
/// to class.
/// </summary>
internal sealed class ImageClassSource
{
    /// <summary>The -ClassFrom value that takes each file's folder name as its class.</summary>
    public const string Folder = "Folder";

    private readonly ScriptBlock? _script;
    private readonly IDictionary? _table;

    private ImageClassSource(ScriptBlock? script, IDictionary? table)
    {
        _script = script;
        _table = table;
    }

    /// <summary>Reads a -ClassFrom argument.</summary>
    /// <exception cref="ArgumentException">It is none of the three forms.</exception>
    public static ImageClassSource From(object value) => (value is PSObject wrapped ? wrapped.BaseObject : value) switch
    {
        ScriptBlock script => new ImageClassSource(script, null),
        IDictionary table => new ImageClassSource(null, table),
        string text when string.Equals(text.Trim(), Folder, StringComparison.OrdinalIgnoreCase) => new ImageClassSource(null, null),
        var other => throw new ArgumentException(
            $"-ClassFrom takes '{Folder}' (each file's folder names its class), a script block ($_ is the micrograph) " +
            $"or a hashtable from file name to class; got {other?.GetType().Name ?? "null"} '{other}'."),
    };

    /// <summary>The class of <paramref name="micrograph"/>, or null after writing an error that says why there is none.</summary>
    public string? ClassOf(PSCmdlet cmdlet, Micrograph micrograph)
    {
        string target = micrograph.Path ?? micrograph.Name;
        string? found;
        if (_script is not null)
        {
            try
            {
                var output = _script.InvokeWithContext(null, new List<PSVariable> { new("_", micrograph) });
                found = output.Count == 1 ? Text(output[0]) : null;
                if (output.Count != 1)
                {
                    cmdlet.WriteError(MicrographErrors.Create(
                        $"-ClassFrom gave {output.Count} values for '{target}'; it must give exactly one class name.",
                        "ImageClassInvalid", ErrorCategory.InvalidResult, target));
                    return null;
                }
            }
            catch (RuntimeException ex)
            {
                cmdlet.WriteError(MicrographErrors.Create($"-ClassFrom failed for '{target}': {ex.Message}",
                    "ImageClassInvalid", ErrorCategory.InvalidOperation, target, ex));
                return null;
            }
        }
        else if (_table is not null)
        {
            found = Lookup(_table, micrograph);
        }
        else
        {
            found = micrograph.Path is { } path ? Path.GetFileName(Path.GetDirectoryName(path)) : null;
        }

        if (string.IsNullOrWhiteSpace(found))
        {
            string how = _script is not null ? "the script block gave an empty class"
                : _table is not null ? $"the table has no class for '{micrograph.Name}'"
                : "it has no folder (it was not read from a file)";
            cmdlet.WriteError(MicrographErrors.Create($"'{target}' has no class: {how}.", "ImageClassMissing", ErrorCategory.InvalidData, target));
            return null;
        }
        return found.Trim();
    }

    // A hashtable typed at the prompt is keyed by file name; one built from a labels file may hold
    // names without extension, or full paths.
    private static string? Lookup(IDictionary table, Micrograph micrograph)
    {
        foreach (var key in new[] { micrograph.Name, Path.GetFileNameWithoutExtension(micrograph.Name), micrograph.Path })
        {
            if (key is not null && table.Contains(key)) return Text(table[key]);
        }
        return null;
    }

    private static string? Text(object? value) => (value is PSObject wrapped ? wrapped.BaseObject : value)?.ToString();
}
