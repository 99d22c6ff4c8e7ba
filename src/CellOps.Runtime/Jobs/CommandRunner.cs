using System.ComponentModel;
using System.Diagnostics;

namespace CellOps.Runtime.Jobs;

// Runs a scheduler's command line tool and gives back what it printed.
internal static class CommandRunner
{
    public static (int ExitCode, string Output, string Error) Run(string program, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new JobSchedulerException($"{program} did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new JobSchedulerException($"{program} could not be run ({ex.Message}); is it installed and on PATH?", ex);
        }
        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit((int)(timeout ?? TimeSpan.FromSeconds(60)).TotalMilliseconds))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new JobSchedulerException($"{program} {string.Join(' ', start.ArgumentList)} did not answer in time.");
            }
            return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
    }
}
