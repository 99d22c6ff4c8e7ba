using System.Management.Automation;

namespace CellOps.Cli;

/// <summary>A script file with its arguments, or -Command text, ready to add to a pipeline.</summary>
internal sealed class PreparedCommand
{
    private readonly string? _scriptPath;
    private readonly IReadOnlyList<ScriptArgument> _arguments;
    private readonly string? _text;

    private PreparedCommand(string? scriptPath, IReadOnlyList<ScriptArgument> arguments, string? text)
    {
        _scriptPath = scriptPath;
        _arguments = arguments;
        _text = text;
    }

    public static PreparedCommand ForScript(string path, IReadOnlyList<ScriptArgument> arguments) => new(path, arguments, null);

    public static PreparedCommand ForText(string text) => new(null, Array.Empty<ScriptArgument>(), text);

    public void AddTo(PowerShell ps)
    {
        if (_text is not null)
        {
            ps.AddScript(_text);
            return;
        }

        ps.AddCommand(_scriptPath!);
        foreach (var argument in _arguments)
        {
            if (argument.Name is null)
            {
                ps.AddArgument(argument.Value);
            }
            else if (argument.Value is null)
            {
                ps.AddParameter(argument.Name);
            }
            else
            {
                ps.AddParameter(argument.Name, argument.Value);
            }
        }
    }
}
