using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CellOps.PowerShell.Completion;

/// <summary>
/// Completes model names from the installed plugins (and a -PluginPath already typed): the typed word is
/// a case-insensitive prefix or wildcard of PluginId.ModelName or of the bare ModelName; the completion is
/// always the qualified name, with the model's description as its tooltip.
/// </summary>
public sealed class ModelNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var catalog = CompletionCatalog.Load(fakeBoundParameters);
        if (catalog is null) return Array.Empty<CompletionResult>();
        var pattern = CompletionText.Pattern(wordToComplete);
        return catalog.Models
            .Where(m => pattern.IsMatch(m.QualifiedName) || pattern.IsMatch(m.Declaration.Name))
            .OrderBy(m => m.QualifiedName, StringComparer.OrdinalIgnoreCase)
            .Select(m => CompletionText.Result(m.QualifiedName, m.Declaration.Description))
            .ToArray();
    }
}
