using System.Globalization;
using System.Management.Automation.Host;

namespace CellOps.Cli.Hosting;

/// <summary>The PSHost that $Host shows inside cellops.</summary>
internal sealed class CellOpsHost : PSHost
{
    private readonly CellOpsHostUserInterface _ui;

    public CellOpsHost(StandardStreams streams, HostInput input)
    {
        _ui = new CellOpsHostUserInterface(streams, input);
    }

    public override CultureInfo CurrentCulture { get; } = CultureInfo.CurrentCulture;

    public override CultureInfo CurrentUICulture { get; } = CultureInfo.CurrentUICulture;

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override string Name => "cellops";

    public override PSHostUserInterface UI => _ui;

    public override Version Version => HostVersion.Current;

    /// <summary>Set once the engine asks the host to exit (a top-level <c>exit N</c>).</summary>
    public int? RequestedExitCode { get; private set; }

    public override void EnterNestedPrompt() =>
        throw new NotSupportedException("The cellops host runs scripts and has no interactive prompt to suspend into.");

    public override void ExitNestedPrompt() =>
        throw new NotSupportedException("The cellops host has no nested prompt.");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    public override void SetShouldExit(int exitCode) => RequestedExitCode = exitCode;
}
