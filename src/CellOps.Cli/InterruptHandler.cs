using System.Management.Automation;
using System.Runtime.InteropServices;

namespace CellOps.Cli;

/// <summary>
/// Ctrl+C (and SIGTERM) stop the running pipeline the way pwsh does: cmdlets see StopProcessing,
/// finally blocks run, and cellops exits with 130 (143 for SIGTERM). A second Ctrl+C ends the
/// process at once, for a cmdlet that does not stop.
/// </summary>
internal sealed class InterruptHandler : IDisposable
{
    private const int TerminatedExitCode = 128 + 15;

    private readonly PowerShell _ps;
    private readonly List<PosixSignalRegistration> _registrations = new();
    private int _exitCode;

    public InterruptHandler(PowerShell ps)
    {
        _ps = ps;
        if (OperatingSystem.IsWindows())
        {
            Console.CancelKeyPress += OnCancelKeyPress;
        }
        else
        {
            // Registered directly rather than through Console.CancelKeyPress: the runtime leaves SIGINT
            // alone when it was inherited as ignored (a job started with '&' by a script), and then an
            // explicit `kill -INT` could not stop a long training run.
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnInterrupt));
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnTerminate));
        }
    }

    /// <summary>The exit code to use once the pipeline has stopped, or null when it was not interrupted.</summary>
    public int? ExitCode
    {
        get
        {
            var code = Volatile.Read(ref _exitCode);
            return code == 0 ? null : code;
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e) => e.Cancel = RequestStop(ExitCodes.Interrupted);

    private void OnInterrupt(PosixSignalContext context) => context.Cancel = RequestStop(ExitCodes.Interrupted);

    private void OnTerminate(PosixSignalContext context) => context.Cancel = RequestStop(TerminatedExitCode);

    /// <summary>Starts stopping the pipeline; false when already stopping, so the runtime ends the process.</summary>
    private bool RequestStop(int exitCode)
    {
        if (Interlocked.CompareExchange(ref _exitCode, exitCode, 0) != 0)
        {
            return false;
        }

        try
        {
            // Asynchronous: this runs on the signal thread, which must not wait for the pipeline.
            _ps.BeginStop(null, null);
        }
        catch (ObjectDisposedException)
        {
        }
        catch (InvalidOperationException)
        {
        }

        return true;
    }
}
