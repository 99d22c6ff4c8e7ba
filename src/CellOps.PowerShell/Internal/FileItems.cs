using System.Management.Automation;

namespace CellOps.PowerShell.Internal;

/// <summary>Files a cmdlet wrote, as the FileSystem provider gives them (what Get-Item returns).</summary>
internal static class FileItems
{
    /// <summary>
    /// The file at <paramref name="path"/> through the provider, so that it carries PSPath, PSParentPath,
    /// PSChildName, PSDrive, PSProvider and PSIsContainer: the FileSystem table groups and fills its
    /// columns from these, and a bare FileInfo prints with blank ones.
    /// </summary>
    /// <param name="cmdlet">The cmdlet whose session's provider is asked.</param>
    /// <param name="path">The file-system path of a file that exists, taken literally ([ ] are not wildcards).</param>
    public static object Get(PSCmdlet cmdlet, string path)
    {
        var items = cmdlet.SessionState.InvokeProvider.Item.Get(new[] { path }, true, true);
        return items.Count > 0 ? items[0] : new FileInfo(path);
    }
}
