using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CellOps.Tests.TestSupport;

namespace CellOps.Tests.PowerShell;

/// <summary>
/// The PowerShell engine hosted in-process with the built CellOps module imported, as a user's
/// session would have it. Tests run real pipelines and read the objects and errors they give.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellSession()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { RepoPaths.ModuleManifest });
        state.ThrowOnRunspaceOpenError = true;
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    /// <summary>Runs a script; variables given are defined first.</summary>
    public PipelineResult Run(string script, IDictionary<string, object?>? variables = null, string? location = null)
    {
        if (location is not null) _runspace.SessionStateProxy.Path.SetLocation(location);
        if (variables is not null)
        {
            foreach (var (name, value) in variables) _runspace.SessionStateProxy.SetVariable(name, value);
        }
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        Collection<PSObject> output;
        Exception? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException ex)
        {
            output = new Collection<PSObject>();
            terminating = ex;
        }
        return new PipelineResult(output, ps.Streams.Error.ToList(), ps.Streams.Progress.ToList(), terminating);
    }

    /// <summary>
    /// Runs a script and stops it, as Ctrl+C does, as soon as it outputs an object that
    /// <paramref name="stopAfter"/> accepts; the result holds what came out before and after.
    /// </summary>
    public PipelineResult RunAndStop(string script, Func<object, bool> stopAfter, IDictionary<string, object?>? variables = null)
    {
        if (variables is not null)
        {
            foreach (var (name, value) in variables) _runspace.SessionStateProxy.SetVariable(name, value);
        }
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        var input = new PSDataCollection<PSObject>();
        input.Complete();
        var output = new PSDataCollection<PSObject>();
        // Raised on the pipeline's thread: BeginStop only asks, as the console's Ctrl+C handler does.
        output.DataAdded += (_, e) =>
        {
            if (stopAfter(output[e.Index].BaseObject)) ps.BeginStop(null, null);
        };
        Exception? terminating = null;
        try
        {
            ps.EndInvoke(ps.BeginInvoke(input, output));
        }
        catch (RuntimeException ex)
        {
            terminating = ex;
        }
        return new PipelineResult(output.ToList(), ps.Streams.Error.ToList(), ps.Streams.Progress.ToList(), terminating);
    }

    public void Dispose() => _runspace.Dispose();
}

/// <summary>What a pipeline gave: its objects, its non-terminating errors, its progress, and a terminating error if any.</summary>
public sealed record PipelineResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<ProgressRecord> Progress,
    Exception? Terminating)
{
    public IReadOnlyList<T> Objects<T>() => Output.Select(o => o.BaseObject).OfType<T>().ToList();

    public void AssertNoErrors()
    {
        if (Terminating is not null) throw new Xunit.Sdk.XunitException("Terminating error: " + Terminating.Message);
        if (Errors.Count > 0) throw new Xunit.Sdk.XunitException("Errors: " + string.Join(" | ", Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception.Message}")));
    }
}
