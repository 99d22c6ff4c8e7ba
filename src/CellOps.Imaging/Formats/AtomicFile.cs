namespace CellOps.Imaging.Formats;

/// <summary>Writes a whole file under a temporary name beside the target and then moves it into place.</summary>
public static class AtomicFile
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Swept = new(StringComparer.Ordinal);

    /// <summary>
    /// A temporary path in the target's folder, hidden, unique, and on the same volume so the move is a
    /// rename. Its name carries the writing process's id, so that temporaries left by a process that was
    /// killed mid-write (SIGKILL runs no cleanup) are recognised: the first write of a process into a
    /// folder removes them.
    /// </summary>
    public static string TemporaryPathFor(string path)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (Swept.TryAdd(folder, true)) RemoveAbandoned(folder);
        return Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Removes the temporaries in <paramref name="folder"/> whose writing process is gone; a live process's are never touched.</summary>
    public static void RemoveAbandoned(string folder)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists(folder)) return;
        try
        {
            foreach (string temp in Directory.EnumerateFiles(folder, ".*.tmp"))
            {
                // .<name>.<pid>.<32 hex digits>.tmp
                string[] parts = Path.GetFileName(temp).Split('.');
                if (parts.Length < 5 || parts[^2].Length != 32 || !int.TryParse(parts[^3], out int pid) || Directory.Exists($"/proc/{pid}")) continue;
                try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An unreadable folder: the write itself will say what is wrong.
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, replacing any file there only once all are written.</summary>
    /// <exception cref="IOException">The file could not be written; any earlier file is intact.</exception>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        string temp = TemporaryPathFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, Path.GetFullPath(path), overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Writes text (UTF-8, no byte-order mark) atomically.</summary>
    public static void WriteText(string path, string text) => Write(path, new System.Text.UTF8Encoding(false).GetBytes(text));
}
