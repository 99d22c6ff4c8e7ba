using System.Management.Automation.Host;
using System.Security;

namespace CellOps.Cli.Hosting;

/// <summary>
/// Where answers to prompts come from: standard input, whether a person types them or a file is
/// piped in. With -NonInteractive, or once input has ended, a prompt fails instead of hanging.
/// </summary>
internal sealed class HostInput
{
    // Opened on first use: on a terminal, opening stdin makes the runtime set up the terminal and
    // write escape sequences, which a script that never prompts should not cause.
    private readonly Lazy<TextReader> _reader;
    private readonly bool _nonInteractive;
    private readonly bool _isTerminal;

    public HostInput(Func<TextReader> openReader, bool nonInteractive, bool isTerminal)
    {
        _reader = new Lazy<TextReader>(openReader);
        _nonInteractive = nonInteractive;
        _isTerminal = isTerminal;
    }

    /// <summary>Fails before a prompt is shown that could never be answered.</summary>
    public void EnsureCanPrompt(string what)
    {
        if (_nonInteractive)
        {
            throw Refused(what, "cellops was started with -NonInteractive");
        }
    }

    public string ReadLine(string what)
    {
        EnsureCanPrompt(what);

        return _reader.Value.ReadLine() ?? throw Refused(what, "standard input has no more lines");
    }

    public SecureString ReadSecret(string what)
    {
        EnsureCanPrompt(what);

        var secret = new SecureString();
        if (!_isTerminal)
        {
            foreach (var c in _reader.Value.ReadLine() ?? throw Refused(what, "standard input has no more lines"))
            {
                secret.AppendChar(c);
            }
        }
        else
        {
            // Read key by key so the secret is not echoed.
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    break;
                }

                if (key.Key == ConsoleKey.Backspace)
                {
                    if (secret.Length > 0)
                    {
                        secret.RemoveAt(secret.Length - 1);
                    }
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    secret.AppendChar(key.KeyChar);
                }
            }

            Console.Error.WriteLine();
        }

        secret.MakeReadOnly();
        return secret;
    }

    private static HostException Refused(string what, string why) =>
        new($"Cannot prompt for {what}: {why}. Pass the value on the command line instead.",
            null, "CellOpsPromptRefused", System.Management.Automation.ErrorCategory.InvalidOperation);
}
