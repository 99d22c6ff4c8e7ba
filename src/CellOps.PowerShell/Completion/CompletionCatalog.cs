using System.Collections;
using System.Management.Automation;
using CellOps.PluginHost;
using CellOps.PowerShell.Internal;

namespace CellOps.PowerShell.Completion;

/// <summary>
/// The plugin catalog and model packages as tab completion sees them: the same search path the cmdlets
/// use (including a -PluginPath already typed), but silent. A completer that throws or writes errors
/// would break the user's line editing, so every failure here means "nothing to offer".
/// </summary>
internal static class CompletionCatalog
{
    private const string CurrentLocation = "$ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath";

    /// <summary>The catalog, or null where it cannot be loaded.</summary>
    public static PluginCatalog? Load(IDictionary? fakeBoundParameters)
    {
        try
        {
            var folders = Strings(fakeBoundParameters?["PluginPath"]).Select(ToFullPath).Where(Directory.Exists).ToList();
            return PluginCatalog.Load(PluginCatalogAccess.SearchPath(folders));
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>The model bound to -Model (by name or first position) as its plugin declares it, or null; runs no plugin code.</summary>
    public static DeclaredModel? BoundModel(IDictionary? fakeBoundParameters)
    {
        if (fakeBoundParameters?["Model"] is not { } value) return null;
        if ((value is PSObject wrapped ? wrapped.BaseObject : value) is not string name || string.IsNullOrWhiteSpace(name)) return null;
        return Load(fakeBoundParameters)?.TryFindModel(name, out var model) == true ? model : null;
    }

    /// <summary>A path typed on the command line, made full against the current PowerShell location.</summary>
    public static string ToFullPath(string path)
    {
        string location = Environment.CurrentDirectory;
        try
        {
            // Completion runs on the pipeline's thread, so a script block reads the session's own location
            // (made per call: a script block keeps to the runspace it first ran in).
            if (ScriptBlock.Create(CurrentLocation).Invoke().FirstOrDefault()?.BaseObject is string { Length: > 0 } current) location = current;
        }
        catch (Exception)
        {
            // Keep the process directory: a guess is better than no completion.
        }
        return Path.GetFullPath(path, location);
    }

    /// <summary>The strings in a bound value: a string, or an array of them.</summary>
    public static IEnumerable<string> Strings(object? value)
    {
        object? bare = value is PSObject wrapped ? wrapped.BaseObject : value;
        switch (bare)
        {
            case string text:
                if (!string.IsNullOrWhiteSpace(text)) yield return text;
                break;
            case IEnumerable items:
                foreach (var item in items)
                {
                    if ((item is PSObject w ? w.BaseObject : item) is string s && !string.IsNullOrWhiteSpace(s)) yield return s;
                }
                break;
        }
    }
}
