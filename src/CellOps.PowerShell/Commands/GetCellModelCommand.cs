using System.Management.Automation;
using CellOps.PluginHost;
using CellOps.PowerShell.Completion;
using CellOps.PowerShell.Internal;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Lists the models the installed plugins offer.</para>
/// <para type="description">Emits one CellOps.PluginHost.ModelInfo per model; plugins that fail to load are reported as errors.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "CellModel")]
[OutputType(typeof(ModelInfo))]
public sealed class GetCellModelCommand : PSCmdlet
{
    private readonly HashSet<ModelInfo> _written = new();
    private PluginCatalog? _catalog;
    private IReadOnlyList<ModelInfo> _all = Array.Empty<ModelInfo>();

    /// <summary>Model names (PluginId.ModelName or ModelName), wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Extra folders to search for plugins, after the module's own and CELLOPS_PLUGIN_PATH.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? PluginPath { get; set; }

    /// <summary>Also emit a row for each plugin that failed to load.</summary>
    [Parameter]
    public SwitchParameter IncludeFailed { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _catalog = PluginCatalogAccess.Load(this, PluginPath);
        var rows = _catalog.Models.Select(ModelInfo.From);
        if (IncludeFailed) rows = rows.Concat(_catalog.Failed.Select(ModelInfo.From));
        _all = rows.ToArray();
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (Name is null)
        {
            foreach (var row in _all) Write(row);
            return;
        }

        foreach (var name in Name)
        {
            var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
            var matches = _all.Where(r => pattern.IsMatch(r.Name) || (r.Model is not null && pattern.IsMatch(r.Model))).ToArray();
            foreach (var row in matches) Write(row);
            if (matches.Length == 0 && !WildcardPattern.ContainsWildcardCharacters(name)) WriteNotFound(name);
        }
    }

    private void Write(ModelInfo row)
    {
        if (_written.Add(row)) WriteObject(row);
    }

    private void WriteNotFound(string name)
    {
        try
        {
            _catalog!.FindModel(name);
        }
        catch (ModelNotFoundException ex)
        {
            WriteError(new ErrorRecord(ex, PluginCatalogAccess.ModelNotFoundId, ErrorCategory.ObjectNotFound, name));
        }
    }
}
