namespace CellOps.Imaging.Formats;

/// <summary>Writes a whole file under a temporary name beside the target and then moves it into place.</summary>
public static class AtomicFile
{
    /// <summary>
    /// A temporary path in the target's folder, hidden, unique, and on the same volume so the move is a
    /// rename. Its name carries the writing process's id, so that temporaries of the same target left by
    /// a process that was killed mid-write (SIGKILL runs no cleanup) are removed here, by the next write.
    /// </summary>
    public static string TemporaryPathFor(string path)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        string name = Path.GetFileName(full);
        RemoveAbandoned(folder, name);
        return Path.Combine(folder, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
    }

    // Temporaries of this target whose process is gone; a live process's are never touched.
    private static void RemoveAbandoned(string folder, string name)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists(folder)) return;
        string prefix = $".{name}.";
        try
        {
            foreach (string temp in Directory.EnumerateFiles(folder, prefix + "*.tmp"))
            {
                string[] parts = Path.GetFileName(temp)[prefix.Length..].Split('.');
                if (parts.Length != 3 || !int.TryParse(parts[0], out int pid) || Directory.Exists($"/proc/{pid}")) continue;
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
