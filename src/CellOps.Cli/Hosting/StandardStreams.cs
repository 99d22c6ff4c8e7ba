namespace CellOps.Cli.Hosting;

/// <summary>
/// The host's two writers. Every write goes through here so that a progress line on the terminal is
/// cleared first and output never lands in the middle of it.
/// </summary>
internal sealed class StandardStreams
{
    private readonly object _gate = new();

    public StandardStreams(TextWriter output, TextWriter error, ConsoleEnvironment console)
    {
        Output = output;
        Error = error;
        Console = console;
        Progress = new ProgressLine(error, console);
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public ConsoleEnvironment Console { get; }

    public ProgressLine Progress { get; }

    public void WriteOutput(string text)
    {
        lock (_gate)
        {
            Progress.Clear();
            Output.Write(text);
        }
    }

    public void WriteError(string text, string? ansiColour = null)
    {
        lock (_gate)
        {
            Progress.Clear();
            if (ansiColour is not null && Console.ColourOnError)
            {
                Error.Write(ansiColour + text.TrimEnd('\n') + Ansi.Reset + (text.EndsWith('\n') ? "\n" : ""));
            }
            else
            {
                Error.Write(text);
            }
        }
    }

    public void ShowProgress(System.Management.Automation.ProgressRecord record)
    {
        lock (_gate)
        {
            Progress.Update(record);
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            Progress.Clear();
            Output.Flush();
            Error.Flush();
        }
    }
}
