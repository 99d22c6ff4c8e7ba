using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using CellOps.Runtime.Importing;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Training;

namespace CellOps.PowerShell.Completion;

/// <summary>
/// Completes the class names of the model package bound to -Model (a .cellmodel path, FileInfo,
/// TrainedModel or ImportedModel), read from its manifest: no torch, no weights.
/// </summary>
public sealed class ModelClassCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string? path = PackagePath(fakeBoundParameters?["Model"]);
        if (path is null) return Array.Empty<CompletionResult>();
        try
        {
            using var package = ModelPackage.Open(path, CellOps.Sdk.SdkVersion.Current);
            var manifest = package.Manifest;
            var pattern = CompletionText.Pattern(wordToComplete);
            return manifest.ClassNames
                .Select((name, index) => (name, index))
                .Where(c => pattern.IsMatch(c.name))
                .Select(c => CompletionText.Result(c.name, $"Class {c.index} of {manifest.PluginId}.{manifest.ModelName}"))
                .ToArray();
        }
        catch (Exception)
        {
            // A damaged or foreign file: nothing to offer, the cmdlet itself will say what is wrong.
            return Array.Empty<CompletionResult>();
        }
    }

    private static string? PackagePath(object? value)
    {
        string? path = (value is PSObject wrapped ? wrapped.BaseObject : value) switch
        {
            TrainedModel trained => trained.Path,
            ImportedModel imported => imported.Path,
            FileInfo file => file.FullName,
            string text when !string.IsNullOrWhiteSpace(text) => CompletionCatalog.ToFullPath(text),
            _ => null,
        };
        return path is not null && File.Exists(path) ? path : null;
    }
}
