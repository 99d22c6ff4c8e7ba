using System.Diagnostics;
using System.Management.Automation;

namespace CellOps.Cli.Hosting;

/// <summary>
/// Shows Write-Progress as one line on a terminal's stderr, redrawn in place. Logs and pipes get
/// nothing: a stream of progress frames in a captured stderr is noise.
/// </summary>
internal sealed class ProgressLine
{
    // Redraws are throttled: training loops report far more often than a person can read.
    private static readonly TimeSpan MinimumRedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _error;
    private readonly ConsoleEnvironment _console;
    private readonly Dictionary<int, ProgressRecord> _active = new();
    private readonly Stopwatch _sinceRedraw = new();
    private bool _visible;

    public ProgressLine(TextWriter error, ConsoleEnvironment console)
    {
        _error = error;
        _console = console;
    }

    public void Update(ProgressRecord record)
    {
        if (!_console.ErrorIsTerminal)
        {
            return;
        }

        if (record.RecordType == ProgressRecordType.Completed)
        {
            _active.Remove(record.ActivityId);
        }
        else
        {
            _active[record.ActivityId] = record;
        }

        var latest = _active.Values.LastOrDefault();
        if (latest is null)
        {
            Clear();
            return;
        }

        if (_visible && _sinceRedraw.IsRunning && _sinceRedraw.Elapsed < MinimumRedrawInterval)
        {
            return;
        }

        Draw(latest);
    }

    public void Clear()
    {
        if (_visible)
        {
            _error.Write(Ansi.ClearLine);
            _error.Flush();
            _visible = false;
        }
    }

    private void Draw(ProgressRecord record)
    {
        var text = record.Activity;
        if (!string.IsNullOrEmpty(record.StatusDescription))
        {
            text += ": " + record.StatusDescription;
        }

        if (record.PercentComplete >= 0)
        {
            text += $" [{Math.Min(record.PercentComplete, 100),3}%]";
        }

        if (record.SecondsRemaining > 0)
        {
            text += $" {TimeSpan.FromSeconds(record.SecondsRemaining):g} left";
        }

        var width = Math.Max(_console.Width - 1, 10);
        if (text.Length > width)
        {
            text = text[..(width - 1)] + "…";
        }

        _error.Write(Ansi.ClearLine + (_console.ColourAllowed ? Ansi.Cyan + text + Ansi.Reset : text));
        _error.Flush();
        _visible = true;
        _sinceRedraw.Restart();
    }
}
