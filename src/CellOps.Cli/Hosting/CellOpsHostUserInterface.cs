using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace CellOps.Cli.Hosting;

/// <summary>
/// Output objects (formatted by Out-Default) go to stdout; everything meant for the person running
/// the script (errors, warnings, verbose, debug, information, prompts, progress) goes to stderr, so
/// that stdout can be piped into another program.
/// </summary>
internal sealed class CellOpsHostUserInterface : PSHostUserInterface
{
    private readonly StandardStreams _streams;
    private readonly HostInput _input;
    private readonly CellOpsRawUserInterface _rawUI;
    private string? _pendingInformation;

    public CellOpsHostUserInterface(StandardStreams streams, HostInput input)
    {
        _streams = streams;
        _input = input;
        _rawUI = new CellOpsRawUserInterface(streams.Console);
    }

    public override PSHostRawUserInterface RawUI => _rawUI;

    public override bool SupportsVirtualTerminal => _streams.Console.ColourOnOutput;

    public override void Write(string value) => _streams.WriteOutput(Rendered(value));

    // Colours asked for by scripts are dropped: output may be a pipe, and $PSStyle handles colour.
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) =>
        _streams.WriteOutput(Rendered(value));

    public override void WriteLine(string value)
    {
        // The engine displays an information record by announcing it through WriteInformation and
        // then writing its text with WriteLine; that text belongs on stderr with the other messages.
        var pending = Interlocked.Exchange(ref _pendingInformation, null);
        if (pending is not null && string.Equals(pending, value, StringComparison.Ordinal))
        {
            _streams.WriteError(value + "\n");
            return;
        }

        _streams.WriteOutput(Rendered(value) + "\n");
    }

    public override void WriteErrorLine(string value) => _streams.WriteError(value + "\n", Ansi.Red);

    public override void WriteWarningLine(string message) => _streams.WriteError("WARNING: " + message + "\n", Ansi.Yellow);

    public override void WriteVerboseLine(string message) => _streams.WriteError("VERBOSE: " + message + "\n", Ansi.Yellow);

    public override void WriteDebugLine(string message) => _streams.WriteError("DEBUG: " + message + "\n", Ansi.Yellow);

    public override void WriteInformation(InformationRecord record)
    {
        // Records tagged PSHOST are Write-Host style output, which stays on stdout as in pwsh.
        if (!record.Tags.Contains("PSHOST"))
        {
            _pendingInformation = record.MessageData?.ToString();
        }
    }

    public override void WriteProgress(long sourceId, ProgressRecord record) => _streams.ShowProgress(record);

    public override string ReadLine()
    {
        _streams.Flush();
        return _input.ReadLine("input");
    }

    public override SecureString ReadLineAsSecureString()
    {
        _streams.Flush();
        return _input.ReadSecret("a secret");
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        _input.EnsureCanPrompt(string.Join(", ", descriptions.Select(d => d.Name)));
        WritePromptHeader(caption, message);
        var answers = new Dictionary<string, PSObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in descriptions)
        {
            var label = string.IsNullOrEmpty(field.Label) ? field.Name : field.Label.Replace("&", "", StringComparison.Ordinal);
            _streams.WriteError(label + ": ");
            _streams.Flush();
            var typeName = field.ParameterTypeFullName ?? "";
            if (typeName == typeof(SecureString).FullName)
            {
                answers[field.Name] = PSObject.AsPSObject(_input.ReadSecret(field.Name));
            }
            else if (typeName == typeof(PSCredential).FullName)
            {
                answers[field.Name] = PSObject.AsPSObject(PromptForCredential("", "", "", ""));
            }
            else if (typeName.EndsWith("[]", StringComparison.Ordinal))
            {
                answers[field.Name] = PSObject.AsPSObject(ReadList(field.Name, label));
            }
            else
            {
                answers[field.Name] = PSObject.AsPSObject(_input.ReadLine(field.Name));
            }
        }

        return answers;
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        _input.EnsureCanPrompt(string.IsNullOrEmpty(caption) ? "a choice" : caption);
        WritePromptHeader(caption, message);
        var hotkeys = choices.Select(HotkeyOf).ToArray();
        var menu = new StringBuilder();
        for (var i = 0; i < choices.Count; i++)
        {
            menu.Append(CultureInfo.InvariantCulture, $"[{hotkeys[i]}] {choices[i].Label.Replace("&", "", StringComparison.Ordinal)}  ");
        }

        if (defaultChoice >= 0 && defaultChoice < choices.Count)
        {
            menu.Append(CultureInfo.InvariantCulture, $"(default is \"{hotkeys[defaultChoice]}\")");
        }

        while (true)
        {
            _streams.WriteError(menu.ToString().TrimEnd() + ": ");
            _streams.Flush();
            var answer = _input.ReadLine(string.IsNullOrEmpty(caption) ? "a choice" : caption).Trim();
            if (answer.Length == 0 && defaultChoice >= 0)
            {
                return defaultChoice;
            }

            for (var i = 0; i < choices.Count; i++)
            {
                var label = choices[i].Label.Replace("&", "", StringComparison.Ordinal);
                if (answer.Equals(hotkeys[i], StringComparison.OrdinalIgnoreCase)
                    || answer.Equals(label, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
        }
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
    {
        _input.EnsureCanPrompt("a credential");
        WritePromptHeader(caption, message);
        if (string.IsNullOrEmpty(userName))
        {
            _streams.WriteError("User: ");
            _streams.Flush();
            userName = _input.ReadLine("a user name");
        }

        _streams.WriteError($"Password for {userName}: ");
        _streams.Flush();
        return new PSCredential(userName, _input.ReadSecret("a password"));
    }

    // The formatter always decorates; the host strips the escapes per $PSStyle.OutputRendering.
    private string Rendered(string value) => GetOutputString(value, SupportsVirtualTerminal);

    private object[] ReadList(string name, string label)
    {
        // As in pwsh: one element per line, an empty line ends the list.
        var items = new List<object>();
        while (true)
        {
            var line = _input.ReadLine(name);
            if (line.Length == 0)
            {
                return items.ToArray();
            }

            items.Add(line);
            _streams.WriteError($"{label}[{items.Count}]: ");
            _streams.Flush();
        }
    }

    private void WritePromptHeader(string caption, string message)
    {
        if (!string.IsNullOrEmpty(caption))
        {
            _streams.WriteError(caption + "\n");
        }

        if (!string.IsNullOrEmpty(message))
        {
            _streams.WriteError(message + "\n");
        }
    }

    private static string HotkeyOf(ChoiceDescription choice)
    {
        var amp = choice.Label.IndexOf('&');
        return amp >= 0 && amp + 1 < choice.Label.Length
            ? choice.Label[amp + 1].ToString().ToUpperInvariant()
            : choice.Label.Length > 0 ? choice.Label[..1].ToUpperInvariant() : "?";
    }
}
