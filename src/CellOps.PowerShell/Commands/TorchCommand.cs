using System.Management.Automation;
using CellOps.PluginHost;
using CellOps.PowerShell.Internal;
using CellOps.Runtime.Torch;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// What every cmdlet that runs a plugin's model on torch shares: -Device, -Threads and -PluginPath,
/// and turning them into a compute context and a plugin catalog the same way.
/// </summary>
public abstract class TorchCommand : PSCmdlet
{
    /// <summary>Cpu, Cuda or Auto (default: $env:CELLOPS_DEVICE, else Auto).</summary>
    [Parameter]
    public DevicePreference Device { get; set; }

    /// <summary>CPU threads for torch (default: $env:CELLOPS_THREADS, else all cores).</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int Threads { get; set; }

    /// <summary>More folders to look for plugins in.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? PluginPath { get; set; }

    /// <summary>Whether the user gave <paramref name="name"/>.</summary>
    protected bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

    /// <summary>The compute context for -Device and -Threads (terminating errors where torch cannot run).</summary>
    protected ComputeContext CreateCompute() =>
        ComputeSetup.Create(this, Bound(nameof(Device)) ? Device : null, Bound(nameof(Threads)) ? Threads : null);

    /// <summary>The plugin catalog; plugins that failed to load are warnings, since only one model is needed.</summary>
    protected PluginCatalog LoadCatalog() => PluginCatalogAccess.Load(this, PluginPath, failuresAsWarnings: true);
}
