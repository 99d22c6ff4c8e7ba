using System.Management.Automation;
using CellOps.Runtime.Data;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// Start-CellTraining -HoldOutBy: a metadata key (<c>'CellOps.FieldColumn'</c>, <c>'Run'</c>) or a script block
/// given each micrograph as <c>$_</c>, made into the grouping the validation split holds out whole.
/// </summary>
internal static class HoldOutArgument
{
    /// <summary>Reads a -HoldOutBy argument.</summary>
    /// <exception cref="ArgumentException">It is neither a key nor a script block.</exception>
    public static HoldOutGrouping Read(object value) => (value is PSObject wrapped ? wrapped.BaseObject : value) switch
    {
        ScriptBlock script => FromScript(script),
        string key when !string.IsNullOrWhiteSpace(key) => HoldOutGrouping.ByMetadata(key.Trim()),
        var other => throw new ArgumentException(
            "-HoldOutBy takes a metadata key (e.g. 'CellOps.FieldColumn' of fields from Split-Micrograph) or a script block " +
            $"that gives each micrograph's group ($_ is the micrograph); got {other?.GetType().Name ?? "null"} '{other}'."),
    };

    /// <summary>The error record of a micrograph without a group: its target is the micrograph.</summary>
    public static ErrorRecord GroupMissing(HoldOutGroupException ex) =>
        new(ex, "HoldOutGroupMissing", ErrorCategory.InvalidData, ex.Micrograph);

    // Called on the pipeline's thread: training runs there, and the split is made before the first epoch.
    private static HoldOutGrouping FromScript(ScriptBlock script) => new($"script {{ {script.ToString().Trim()} }}", micrograph =>
    {
        System.Collections.ObjectModel.Collection<PSObject> output;
        try
        {
            output = script.InvokeWithContext(null, new List<PSVariable> { new("_", micrograph) });
        }
        catch (RuntimeException ex)
        {
            throw new HoldOutGroupException(micrograph, $"-HoldOutBy failed for '{Target(micrograph)}': {ex.Message}", ex);
        }
        var values = output.Where(o => o is not null).ToList();
        if (values.Count > 1)
        {
            throw new HoldOutGroupException(micrograph,
                $"-HoldOutBy gave {values.Count} values for '{Target(micrograph)}'; it must give one group.");
        }
        return values.Count == 1 ? LanguagePrimitives.ConvertTo<string>(values[0]) : null;
    });

    private static string Target(Micrograph micrograph) => micrograph.Path ?? micrograph.Name;
}
