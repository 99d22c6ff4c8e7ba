namespace CellOps.Imaging.Formats;

/// <summary>
/// The files one item of an export produces (a micrograph's probabilities, stain and overlay), claimed
/// before any is written and then kept or removed together.
/// </summary>
/// <remarks>
/// <para>Without overwrite each file is first created empty with an exclusive create. Checking for a
/// file and writing it later leaves a window in which two processes exporting to one folder each
/// replace the other's files; with the exclusive create the second process gets
/// <see cref="OutputExistsException"/>. Every claim takes its files in the same order, so the first
/// file decides a race for the whole set. The writers then replace the claimed files atomically
/// (<see cref="AtomicFile"/>).</para>
/// <para>Until <see cref="Commit"/>, disposing removes every file of the set that this write created or
/// replaced, so a failure part-way (a full disk on the third file) leaves none of the set rather than
/// two files of three; files of an earlier run that were not yet replaced are left as they were.</para>
/// </remarks>
public sealed class OutputSet : IDisposable
{
    private readonly IReadOnlyList<string> _files;
    private readonly HashSet<string> _placeholders;
    private readonly Dictionary<string, DateTime> _before;
    private bool _committed;

    private OutputSet(IReadOnlyList<string> files, HashSet<string> placeholders, Dictionary<string, DateTime> before)
    {
        _files = files;
        _placeholders = placeholders;
        _before = before;
    }

    /// <summary>The files, in the order they are claimed and written.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Claims <paramref name="files"/>, creating their folders.</summary>
    /// <param name="files">Full paths, in the order every claim of them takes them.</param>
    /// <param name="overwrite">Existing files may be replaced; nothing is created up front.</param>
    /// <exception cref="OutputExistsException">Without <paramref name="overwrite"/>, a file is there already
    /// (made by an earlier run or, a moment ago, by another process); nothing of the set was kept.</exception>
    /// <exception cref="IOException">A folder or file could not be created.</exception>
    public static OutputSet Claim(IReadOnlyList<string> files, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) throw new ArgumentException("An output set needs at least one file.", nameof(files));
        foreach (string folder in files.Select(f => Path.GetDirectoryName(Path.GetFullPath(f))!).Distinct(StringComparer.Ordinal))
        {
            Directory.CreateDirectory(folder);
        }
        var placeholders = new HashSet<string>(StringComparer.Ordinal);
        var before = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        try
        {
            foreach (string file in files)
            {
                if (!overwrite)
                {
                    CreateEmpty(file);
                    placeholders.Add(file);
                }
                else if (File.Exists(file))
                {
                    before[file] = File.GetLastWriteTimeUtc(file);
                }
            }
        }
        catch
        {
            foreach (string placeholder in placeholders) TryDelete(placeholder);
            throw;
        }
        return new OutputSet(files, placeholders, before);
    }

    /// <summary>The first file of the set not yet written: the one a failure was writing.</summary>
    public string Pending => _files.FirstOrDefault(f => !Written(f)) ?? _files[^1];

    /// <summary>Keeps the files: every one of them was written.</summary>
    public void Commit() => _committed = true;

    /// <summary>Without <see cref="Commit"/>, removes the files this write created or replaced.</summary>
    public void Dispose()
    {
        if (_committed) return;
        _committed = true;
        foreach (string file in _files)
        {
            if (_placeholders.Contains(file) || Written(file)) TryDelete(file);
        }
    }

    private bool Written(string file)
    {
        if (!File.Exists(file)) return false;
        if (_placeholders.Contains(file)) return new FileInfo(file).Length > 0;
        return !_before.TryGetValue(file, out var time) || File.GetLastWriteTimeUtc(file) != time;
    }

    private static void CreateEmpty(string file)
    {
        try
        {
            using (new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None)) { }
        }
        catch (IOException ex) when (File.Exists(file))
        {
            throw new OutputExistsException(file, ex);
        }
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
