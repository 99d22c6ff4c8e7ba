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
    private readonly PowerShell _ps;
    private readonly PosixSignalRegistration? _terminate;
    private int _exitCode;

    public InterruptHandler(PowerShell ps)
    {
        _ps = ps;
        Console.CancelKeyPress += OnCancelKeyPress;
        if (!OperatingSystem.IsWindows())
        {
            _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnTerminate);
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
        _terminate?.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (Interlocked.CompareExchange(ref _exitCode, ExitCodes.Interrupted, 0) != 0)
        {
            // Already stopping and asked again: let the runtime end the process.
            e.Cancel = false;
            return;
        }

        e.Cancel = true;
        Stop();
    }

    private void OnTerminate(PosixSignalContext context)
    {
        if (Interlocked.CompareExchange(ref _exitCode, 128 + 15, 0) == 0)
        {
            context.Cancel = true;
            Stop();
        }
    }

    private void Stop()
    {
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
    }
}
