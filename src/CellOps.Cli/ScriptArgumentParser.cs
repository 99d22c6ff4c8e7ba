namespace CellOps.Cli;

/// <summary>
/// Turns the words after the script path into named and positional arguments, the way
/// <c>pwsh -File</c> does: "-Name value", "-Name:value", "-Switch", "-Switch:$false", and "--"
/// to make every later word positional.
/// </summary>
internal static class ScriptArgumentParser
{
    public static IReadOnlyList<ScriptArgument> Parse(IReadOnlyList<string> words, ScriptParameterInfo parameters)
    {
        var result = new List<ScriptArgument>();
        var onlyPositional = false;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (onlyPositional || !LooksLikeParameterName(word))
            {
                result.Add(ScriptArgument.Positional(word));
                continue;
            }

            if (word == "--")
            {
                onlyPositional = true;
                continue;
            }

            var name = word[1..];
            var colon = name.IndexOf(':');
            if (colon >= 0)
            {
                var value = name[(colon + 1)..];
                name = name[..colon];
                result.Add(ScriptArgument.Named(name, parameters.IsSwitch(name) ? ParseSwitchValue(value) : value));
            }
            else if (parameters.IsSwitch(name) || i + 1 >= words.Count)
            {
                // A trailing name with no value is bound as a switch; the engine reports it if it is not one.
                result.Add(ScriptArgument.Named(name, null));
            }
            else
            {
                result.Add(ScriptArgument.Named(name, words[++i]));
            }
        }

        return result;
    }

    // "-5" and "-" are values, not parameter names.
    private static bool LooksLikeParameterName(string word) =>
        word.Length > 1 && word[0] == '-' && (char.IsLetter(word[1]) || word[1] == '_' || word == "--");

    private static object ParseSwitchValue(string value) => value.Trim().TrimStart('$').ToLowerInvariant() switch
    {
        "true" or "1" or "" => true,
        "false" or "0" => false,
        _ => value,
    };
}
