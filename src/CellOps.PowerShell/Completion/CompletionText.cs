using System.Management.Automation;

namespace CellOps.PowerShell.Completion;

/// <summary>How CellOps completers match what was typed and quote what they offer.</summary>
internal static class CompletionText
{
    /// <summary>A case-insensitive pattern for the typed word: a prefix, or the user's own wildcards.</summary>
    public static WildcardPattern Pattern(string? wordToComplete)
    {
        string word = Unquote(wordToComplete ?? "");
        if (!WildcardPattern.ContainsWildcardCharacters(word)) word = WildcardPattern.Escape(word);
        if (!word.EndsWith('*')) word += "*";
        return WildcardPattern.Get(word, WildcardOptions.IgnoreCase);
    }

    /// <summary>A completion result, quoted where the text would not parse as one bare word.</summary>
    public static CompletionResult Result(string text, string? toolTip)
    {
        bool needsQuotes = text.Length == 0 || text.Any(c => char.IsWhiteSpace(c) || "'\"`$&@(){};,|<>#".Contains(c));
        string completion = needsQuotes ? "'" + text.Replace("'", "''") + "'" : text;
        return new CompletionResult(completion, text, CompletionResultType.ParameterValue, string.IsNullOrWhiteSpace(toolTip) ? text : toolTip);
    }

    private static string Unquote(string word) => word.Trim('\'', '"');
}
