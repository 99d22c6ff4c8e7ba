using System.Runtime.InteropServices;

namespace CellOps.PluginHost.Discovery;

/// <summary>
/// Whether the code in a plugin folder can be trusted to be what its owner put there: the rule code
/// search paths follow. A folder, or a file in it, that another user can write (world-writable) or
/// that belongs to another user (not this user, not root) could be swapped for anyone's code, which
/// would then run in this session with this user's rights. Such folders are refused unless named in
/// <see cref="EnvironmentVariable"/>, the explicit way to allow one.
/// </summary>
public static class PluginFolderTrust
{
    /// <summary>Folders (separated by <see cref="Path.PathSeparator"/>) whose plugins load despite these checks.</summary>
    public const string EnvironmentVariable = "CELLOPS_TRUSTED_PLUGIN_PATH";

    /// <summary>Why <paramref name="folder"/>'s plugin code cannot be trusted, or null where it can.</summary>
    /// <param name="folder">The plugin folder (holding <c>plugin.json</c>).</param>
    /// <param name="searchFolder">The search folder it was found in (itself, or its parent).</param>
    public static string? Problem(string folder, string searchFolder)
    {
        if (!OperatingSystem.IsLinux() || IsAllowed(folder) || IsAllowed(searchFolder)) return null;
        var paths = new List<string> { searchFolder };
        if (!string.Equals(folder, searchFolder, StringComparison.Ordinal)) paths.Add(folder);
        try
        {
            paths.AddRange(Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // The manifest reader reports an unreadable folder itself.
        }

        uint self = GetEffectiveUserId();
        foreach (string path in paths)
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & UnixFileMode.OtherWrite) != 0)
            {
                return $"'{path}' is writable by every user, so anyone could replace the plugin's code; " +
                       $"remove that permission (chmod o-w), or add the folder to {EnvironmentVariable} to load it anyway.";
            }
            if (OwnerOf(path) is uint owner && owner != self && owner != 0)
            {
                return $"'{path}' belongs to another user (uid {owner}), who could replace the plugin's code; " +
                       $"take ownership of it, or add the folder to {EnvironmentVariable} to load it anyway.";
            }
        }
        return null;
    }

    private static bool IsAllowed(string folder)
    {
        string? allowed = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(allowed)) return false;
        return allowed.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(Path.IsPathFullyQualified)
            .Any(a => string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(folder), StringComparison.Ordinal));
    }

    // .NET reports a file's mode but not its owner; stat(2) does. The offset of st_uid is that of
    // glibc's struct stat on x86-64, the only platform CellOps' native libraries exist for.
    private static uint? OwnerOf(string path)
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64) return null;
        var buffer = new byte[256];
        return Stat(path, buffer) == 0 ? BitConverter.ToUInt32(buffer, 28) : null;
    }

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();
}
