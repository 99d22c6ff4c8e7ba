using System.Management.Automation;

namespace CellOps.PowerShell.Internal;

/// <summary>Resolves -Path (wildcards) and -LiteralPath arguments to file-system paths the PowerShell way.</summary>
internal static class FileSystemPaths
{
    /// <summary>Resolves one argument; writes an error (and returns nothing) where it matches no file.</summary>
    /// <param name="cmdlet">The cmdlet whose location and error stream are used.</param>
    /// <param name="path">The argument.</param>
    /// <param name="literal">Whether wildcards are taken literally (-LiteralPath).</param>
    /// <param name="notFoundId">The error id where nothing matches, naming what was looked for.</param>
    public static IReadOnlyList<string> Resolve(PSCmdlet cmdlet, string path, bool literal, string notFoundId = "MicrographNotFound")
    {
        var pathIntrinsics = cmdlet.SessionState.Path;
        try
        {
            if (literal)
            {
                var resolved = pathIntrinsics.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                if (!IsFileSystem(provider))
                {
                    cmdlet.WriteError(NotFileSystem(path));
                    return Array.Empty<string>();
                }
                return new[] { resolved };
            }

            var matches = pathIntrinsics.GetResolvedProviderPathFromPSPath(path, out var wildcardProvider);
            if (!IsFileSystem(wildcardProvider))
            {
                cmdlet.WriteError(NotFileSystem(path));
                return Array.Empty<string>();
            }
            if (matches.Count == 0)
            {
                cmdlet.WriteError(MicrographErrors.Create(
                    $"No file matches '{path}'.", notFoundId, ErrorCategory.ObjectNotFound, path));
            }
            return matches.Where(p => !Directory.Exists(p)).ToArray();
        }
        catch (ItemNotFoundException ex)
        {
            cmdlet.WriteError(MicrographErrors.Create($"'{path}' does not exist.", notFoundId, ErrorCategory.ObjectNotFound, path, ex));
        }
        catch (System.Management.Automation.DriveNotFoundException ex)
        {
            cmdlet.WriteError(MicrographErrors.Create($"'{path}' names a drive that does not exist.", notFoundId, ErrorCategory.ObjectNotFound, path, ex));
        }
        catch (ProviderNotFoundException ex)
        {
            cmdlet.WriteError(NotFileSystem(path, ex));
        }
        return Array.Empty<string>();
    }

    /// <summary>A path relative to the current PowerShell location (not the process's), made absolute.</summary>
    public static string ToFullPath(PSCmdlet cmdlet, string path) =>
        cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    private static bool IsFileSystem(ProviderInfo provider) =>
        string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase);

    private static ErrorRecord NotFileSystem(string path, Exception? inner = null) =>
        MicrographErrors.Create($"'{path}' is not a file-system path.", "NotAFileSystemPath", ErrorCategory.InvalidArgument, path, inner);
}
