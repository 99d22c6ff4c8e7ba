using System.Management.Automation;
using CellOps.Imaging.Formats;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// Checks a file a cmdlet is about to write, before any work starts: a folder in its place, or a file
/// there without -Force, would otherwise surface only when the result is written (after a training).
/// </summary>
internal static class OutputFile
{
    /// <summary>The error to report for <paramref name="path"/>, or null where it may be written.</summary>
    public static ErrorRecord? Problem(string path, bool force, string parameter)
    {
        if (Directory.Exists(path))
        {
            return new ErrorRecord(
                new ArgumentException($"-{parameter}: '{path}' is a folder; give the path of a file to write."),
                "OutputIsFolder", ErrorCategory.InvalidArgument, path);
        }
        if (!force && File.Exists(path))
        {
            // An export claims its files empty before writing them; one killed part-way leaves them so.
            string empty = new FileInfo(path).Length == 0 ? " (it is empty: probably left by an interrupted export)" : "";
            return new ErrorRecord(new IOException($"{path} already exists{empty}; use -Force to replace it."),
                "OutputExists", ErrorCategory.ResourceExists, path);
        }
        return null;
    }

    /// <summary>
    /// Claims the files of one exported item (see <see cref="OutputSet"/>); null, with the error to
    /// report, where one is a folder or is taken.
    /// </summary>
    public static OutputSet? Claim(IReadOnlyList<string> files, bool force, string parameter, out ErrorRecord? error)
    {
        error = files.Select(f => Problem(f, force, parameter)).FirstOrDefault(e => e is not null);
        if (error is not null) return null;
        try
        {
            return OutputSet.Claim(files, force);
        }
        catch (OutputExistsException ex)
        {
            error = new ErrorRecord(ex, "OutputExists", ErrorCategory.ResourceExists, ex.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = new ErrorRecord(new IOException($"Could not create {files[0]}: {ex.Message}", ex), "WriteFailed", ErrorCategory.WriteError, files[0]);
        }
        return null;
    }
}
