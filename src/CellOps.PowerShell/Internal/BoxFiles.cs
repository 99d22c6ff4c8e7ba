using System.Management.Automation;
using CellOps.Imaging.Boxes;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// Reads New-TileSet -BoxFrom: CSV box tables and Pascal VOC annotation files, wildcards allowed. Rows
/// and files that cannot be read are errors naming them; the rest are used.
/// </summary>
internal static class BoxFiles
{
    /// <summary>The boxes of every file the arguments name, file by file in name order.</summary>
    public static List<CellBox> Read(PSCmdlet cmdlet, string[] arguments)
    {
        var boxes = new List<CellBox>();
        foreach (var path in Resolve(cmdlet, arguments)) boxes.AddRange(ReadFile(cmdlet, path));
        return boxes;
    }

    // Each -BoxFrom argument, wildcards expanded; one that matches nothing leaves nothing to cut, so it ends the command.
    private static List<string> Resolve(PSCmdlet cmdlet, string[] arguments)
    {
        var files = new List<string>();
        foreach (var argument in arguments)
        {
            try
            {
                var matches = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(argument, out _);
                files.AddRange(matches.Where(File.Exists).OrderBy(p => p, StringComparer.Ordinal));
                if (!matches.Any(File.Exists)) throw new ItemNotFoundException($"No file matches '{argument}'.");
            }
            catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"No box table or annotation file matches '{argument}'.", ex),
                    "BoxTableNotFound", ErrorCategory.ObjectNotFound, argument));
            }
        }
        return files;
    }

    // One file's boxes; a file that cannot be read as a whole is an error, and the other files still count.
    private static IReadOnlyList<CellBox> ReadFile(PSCmdlet cmdlet, string path)
    {
        try
        {
            var (read, errors) = CellBoxFiles.Read(path);
            foreach (var error in errors) cmdlet.WriteError(BoxArgument.Error(error));
            return read;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CellBoxException)
        {
            cmdlet.WriteError(new ErrorRecord(ex, ex is CellBoxException ? "InvalidBoxTable" : "BoxTableUnreadable",
                ex is CellBoxException ? ErrorCategory.InvalidData : ErrorCategory.ReadError, path));
            return Array.Empty<CellBox>();
        }
    }
}
