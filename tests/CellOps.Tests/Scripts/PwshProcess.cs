using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace CellOps.Tests.Scripts;

/// <summary>
/// Runs a script or command in real PowerShell (the pwsh that eng/setup.sh installs into .tools/, started
/// through eng/pwsh with the built module on PSModulePath), as users run the examples.
/// </summary>
public sealed class PwshProcess : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private PwshProcess(Process process)
    {
        _process = process;
    }

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Launcher => Path.Combine(RepoRoot, "eng", "pwsh");

    public static PwshResult Run(params string[] args) => Run(new PwshStart { Arguments = args });

    public static PwshResult Run(PwshStart start)
    {
        using var process = Start(start);
        return process.WaitForExit(DefaultTimeout);
    }

    public static PwshProcess Start(PwshStart start)
    {
        if (!File.Exists(Path.Combine(RepoRoot, ".tools", "pwsh", "pwsh")))
        {
            throw new InvalidOperationException("PowerShell is not installed in .tools/pwsh: run bash eng/setup.sh first.");
        }

        // A process started from a background job inherits SIGINT ignored, and a .NET program cannot
        // take it back; perl can, so a test that sends Ctrl+C starts pwsh through it.
        var info = new ProcessStartInfo(start.TakeInterrupts ? "perl" : Launcher)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = start.WorkingDirectory ?? RepoRoot,
        };
        if (start.TakeInterrupts)
        {
            info.ArgumentList.Add("-e");
            info.ArgumentList.Add("$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!");
            info.ArgumentList.Add(Launcher);
        }
        foreach (var arg in start.Arguments)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in start.Environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var pwsh = new PwshProcess(process);
        process.OutputDataReceived += (_, e) => pwsh.Append(pwsh._output, e.Data);
        process.ErrorDataReceived += (_, e) => pwsh.Append(pwsh._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (start.Input is not null)
        {
            process.StandardInput.Write(start.Input);
        }

        process.StandardInput.Close();
        return pwsh;
    }

    /// <summary>Waits until stdout holds <paramref name="text"/>; false on timeout or exit.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            lock (_output)
            {
                if (_output.ToString().Contains(text, StringComparison.Ordinal)) return true;
            }
            if (_process.HasExited) return false;
            Thread.Sleep(50);
        }
        return false;
    }

    /// <summary>Sends a signal (SIGINT: 2, as Ctrl+C does) to pwsh itself.</summary>
    public void SendSignal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public PwshResult WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pwsh did not finish within {timeout}.\n{Snapshot()}");
        }

        // The parameterless wait drains the asynchronous readers.
        _process.WaitForExit();
        return new PwshResult(_process.ExitCode, Normalise(_output), Normalise(_error));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private string Snapshot()
    {
        lock (_output)
        lock (_error)
        {
            return $"--- stdout ---\n{_output}\n--- stderr ---\n{_error}";
        }
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.Append(line).Append('\n');
        }
    }

    private static string Normalise(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CellOps.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No CellOps.sln above {AppContext.BaseDirectory}.");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
