namespace CellOps.Imaging.Formats;

/// <summary>Writes a whole file under a temporary name beside the target and then moves it into place.</summary>
public static class AtomicFile
{
    /// <summary>A temporary path in the target's folder, hidden, unique, and on the same volume so the move is a rename.</summary>
    public static string TemporaryPathFor(string path)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        return Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
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
