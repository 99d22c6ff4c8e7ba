using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using CellOps.Sdk.Models;

namespace CellOps.PowerShell.Completion;

/// <summary>
/// Completes -HyperParameter from the hyperparameters of the model bound to -Model: <c>-HyperParameter Dro&lt;Tab&gt;</c>
/// becomes <c>@{ Dropout = 0.25 }</c>, the hashtable with that name and its default value to edit. PowerShell does
/// not ask argument completers for keys typed inside a hashtable literal (<c>@{ Dro&lt;Tab&gt;</c>), so the whole
/// argument is what completes. The list shows the names; the tooltip gives range, default and description.
/// </summary>
public sealed class HyperParameterCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var model = CompletionCatalog.BoundModel(fakeBoundParameters);
        if (model is null) return Array.Empty<CompletionResult>();
        var pattern = CompletionText.Pattern(wordToComplete);
        return model.Declaration.HyperParameters
            .Where(h => pattern.IsMatch(h.Name))
            .Select(h => new CompletionResult(Table(h), h.Name, CompletionResultType.ParameterValue, ToolTip(h)))
            .ToArray();
    }

    private static string Table(HyperParameter h)
    {
        string value = h.FormatValue(h.Default);
        if (h.Kind == HyperParameterKind.Categorical) value = "'" + value.Replace("'", "''") + "'";
        return $"@{{ {h.Name} = {value} }}";
    }

    private static string ToolTip(HyperParameter h) => $"{h.Name} [{h.Range}], default {h.FormatValue(h.Default)}: {h.Description}";
}
