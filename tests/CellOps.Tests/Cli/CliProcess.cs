using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace CellOps.Tests.Cli;

/// <summary>
/// Starts the built launcher (out/cellops) as users do, so the tests cover the launcher, the host
/// and the module layout together.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly SemaphoreSlim _outputLines = new(0);

    private CliProcess(Process process)
    {
        _process = process;
    }

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Launcher => Path.Combine(RepoRoot, "out", OperatingSystem.IsWindows() ? "cellops.cmd" : "cellops");

    public int Id => _process.Id;

    public static CliResult Run(params string[] args) => Run(new CliStart { Arguments = args });

    public static CliResult Run(CliStart start)
    {
        using var process = Start(start);
        return process.WaitForExit(DefaultTimeout);
    }

    public static CliProcess Start(CliStart start)
    {
        var info = new ProcessStartInfo(Launcher)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = start.WorkingDirectory ?? RepoRoot,
        };
        foreach (var arg in start.Arguments)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in start.Environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.Append(cli._output, e.Data, countLine: true);
        process.ErrorDataReceived += (_, e) => cli.Append(cli._error, e.Data, countLine: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (start.Input is not null)
        {
            process.StandardInput.Write(start.Input);
        }

        process.StandardInput.Close();
        return cli;
    }

    /// <summary>Waits until the process has written at least one line to stdout.</summary>
    public bool WaitForOutputLine(TimeSpan timeout) => _outputLines.Wait(timeout);

    public void SendSignal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public CliResult WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cellops did not finish within {timeout}.\n{Snapshot()}");
        }

        // The parameterless wait drains the asynchronous readers.
        _process.WaitForExit();
        return new CliResult(_process.ExitCode, Normalise(_output), Normalise(_error));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _outputLines.Dispose();
    }

    private string Snapshot()
    {
        lock (_output)
        lock (_error)
        {
            return $"--- stdout ---\n{_output}\n--- stderr ---\n{_error}";
        }
    }

    private void Append(StringBuilder target, string? line, bool countLine)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.Append(line).Append('\n');
        }

        if (countLine)
        {
            _outputLines.Release();
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
