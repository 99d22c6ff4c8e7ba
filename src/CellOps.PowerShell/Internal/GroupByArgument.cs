using System.Management.Automation;
using CellOps.Runtime.Inference;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// Reads -GroupBy (alias -TimePoint) of Invoke-CellModel and Export-CellReport: the name of the metadata entry that
/// holds each micrograph's group key (a time point, a donor, a subtype), or a script block given the micrograph as $_;
/// by default the CellOps.TimePoint entry.
/// </summary>
internal sealed class GroupByArgument
{
    private readonly PSCmdlet _cmdlet;
    private readonly object? _argument;

    public GroupByArgument(PSCmdlet cmdlet, object? argument)
    {
        _cmdlet = cmdlet;
        _argument = argument is PSObject wrapped ? wrapped.BaseObject : argument;
        if (_argument is not null and not ScriptBlock && string.IsNullOrWhiteSpace(_argument.ToString()))
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException("-GroupBy needs a metadata entry's name or a script block."),
                "GroupByInvalid", ErrorCategory.InvalidArgument, argument));
        }
    }

    /// <summary>Whether the user named where group keys come from (rather than relying on the default time point entry).</summary>
    public bool Named => _argument is not null;

    /// <summary>How the key is read, for messages.</summary>
    public string Description => _argument switch
    {
        null => $"metadata entry '{TimePointMetadata.DefaultKey}'",
        ScriptBlock => "the -GroupBy script block",
        var key => $"metadata entry '{key}'",
    };

    /// <summary>
    /// Reads a micrograph's group key. A script block that fails is a non-terminating error naming the
    /// micrograph, which then has no group.
    /// </summary>
    public Func<Micrograph, string?> Reader()
    {
        if (_argument is not ScriptBlock script) return TimePointMetadata.Reader(_argument?.ToString() ?? TimePointMetadata.DefaultKey);
        return micrograph =>
        {
            try
            {
                var output = script.InvokeWithContext(null, new List<PSVariable> { new("_", micrograph) });
                return MetadataArgument.Text(output.FirstOrDefault(o => o is not null && o.BaseObject is not null));
            }
            catch (Exception ex) when (ex is RuntimeException or ArgumentException)
            {
                _cmdlet.WriteError(new ErrorRecord(new InvalidOperationException($"-GroupBy failed for '{micrograph.Name}': {ex.Message}", ex),
                    "GroupByFailed", ErrorCategory.InvalidOperation, micrograph));
                return null;
            }
        };
    }

    /// <summary>What the groups are keyed by, as <see cref="PredictionResult.GroupedBy"/> names it.</summary>
    public string GroupedBy => _argument switch
    {
        null => TimePointMetadata.DefaultKey,
        ScriptBlock => "-GroupBy script block",
        var key => key.ToString()!.Trim(),
    };

    /// <summary>Warns where groups were asked for (or some micrographs have one) but some or all micrographs have none.</summary>
    public void WarnOfMissing(IReadOnlyList<MicrographSummary> micrographs)
    {
        int without = micrographs.Count(m => m.Group is null);
        if (without == 0) return;
        if (without == micrographs.Count)
        {
            if (Named) _cmdlet.WriteWarning($"No micrograph has a group key ({Description}): there are no per-group metrics.");
            return;
        }
        _cmdlet.WriteWarning($"{without} of {micrographs.Count} micrographs have no group key ({Description}) and are left out of the per-group metrics.");
    }
}
