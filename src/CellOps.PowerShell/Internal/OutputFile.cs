using System.Management.Automation;

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
            return new ErrorRecord(new IOException($"{path} already exists; use -Force to replace it."),
                "OutputExists", ErrorCategory.ResourceExists, path);
        }
        return null;
    }
}
