using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;

namespace CellOps.Cli;

/// <summary>
/// Renders errors the way a user wants to read them on stderr: "Command: message", no stack
/// trace, no "At line:" block. Parse errors are the exception: there the position is the message.
/// </summary>
internal static class ErrorMessageFormatter
{
    public static string Format(ErrorRecord record)
    {
        if (record.Exception is ParseException parse && parse.Errors is { Length: > 0 })
        {
            return FormatParseErrors(parse.Errors);
        }

        // A module-qualified name (Microsoft.PowerShell.Utility\Sort-Object) fails in module
        // auto-loading before the engine's command-not-found event, so it is explained here.
        if (record.Exception is CommandNotFoundException { CommandName: { } name } && FullPowerShellCmdlets.Contains(name, out var cmdlet))
        {
            return FullPowerShellCmdlets.Explain(cmdlet);
        }

        var message = MessageOf(record);
        if (record.FullyQualifiedErrorId.StartsWith(FullPowerShellCmdlets.ErrorId, StringComparison.Ordinal))
        {
            return message;
        }

        var source = SourceOf(record);
        return string.IsNullOrEmpty(source) ? message : $"{source}: {message}";
    }

    public static string FormatParseErrors(IEnumerable<ParseError> errors)
    {
        var text = new StringBuilder();
        foreach (var error in errors)
        {
            var extent = error.Extent;
            var file = string.IsNullOrEmpty(extent.File) ? "command" : extent.File;
            text.Append($"ParserError: {file}:{extent.StartLineNumber}:{extent.StartColumnNumber}: {error.Message}\n");
            var line = LineAt(extent);
            if (line is not null)
            {
                text.Append("  ").Append(line.TrimEnd()).Append('\n');
                var caret = Math.Max(extent.StartColumnNumber - 1, 0);
                text.Append("  ").Append(new string(' ', Math.Min(caret, line.Length))).Append("^\n");
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string MessageOf(ErrorRecord record)
    {
        var message = record.ErrorDetails?.Message;
        if (string.IsNullOrWhiteSpace(message))
        {
            message = record.Exception?.Message;
        }

        return string.IsNullOrWhiteSpace(message) ? record.FullyQualifiedErrorId : message.Trim();
    }

    private static string? SourceOf(ErrorRecord record)
    {
        // A `throw` has no command to blame; its message says it all.
        if (record.Exception is RuntimeException { WasThrownFromThrowStatement: true })
        {
            return null;
        }

        if (record.Exception is CommandNotFoundException { CommandName: { Length: > 0 } missing })
        {
            return missing;
        }

        var command = record.InvocationInfo?.MyCommand;
        if (command is not null && !string.IsNullOrEmpty(command.Name))
        {
            return command.CommandType == CommandTypes.ExternalScript ? Path.GetFileName(command.Name) : command.Name;
        }

        var activity = record.CategoryInfo.Activity;
        return string.IsNullOrEmpty(activity) ? null : activity;
    }

    private static string? LineAt(IScriptExtent extent)
    {
        var text = extent.StartScriptPosition.Line;
        return string.IsNullOrEmpty(text) ? null : text;
    }
}
