using System.IO.Compression;
using System.Security.Cryptography;
using CellOps.Imaging.Formats;

namespace CellOps.Runtime.Packaging;

/// <summary>Writes model packages (<c>.cellmodel</c>): one zip holding <c>manifest.json</c> and the listed entries.</summary>
public static class ModelPackageWriter
{
    // Entries carry a fixed timestamp where the manifest's is out of zip range, so equal inputs give equal bytes.
    private static readonly DateTimeOffset FallbackTimestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Writes a package atomically: into a temporary file in the same folder, then renamed over
    /// <paramref name="path"/>. On any failure the temporary file is removed and a file already at
    /// <paramref name="path"/> is left as it was.
    /// </summary>
    /// <param name="path">The package file to create or replace; its folder must exist.</param>
    /// <param name="manifest">The manifest; its <see cref="ModelManifest.Entries"/> is replaced by the SHA-256 of <paramref name="entries"/>.</param>
    /// <param name="entries">Entry name (relative, forward slashes) to bytes; written in ordinal name order.</param>
    /// <exception cref="ArgumentException">An unsafe, reserved or duplicate (ignoring case) entry name, or a null entry.</exception>
    public static void Write(string path, ModelManifest manifest, IReadOnlyDictionary<string, byte[]> entries)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(entries);
        var names = CheckedNames(entries);

        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names) hashes[name] = Convert.ToHexString(SHA256.HashData(entries[name])).ToLowerInvariant();
        var manifestBytes = ManifestJson.Serialize(manifest.WithEntries(hashes));

        var full = Path.GetFullPath(path);
        // Same folder, so the final rename never crosses file systems and stays atomic.
        var temp = AtomicFile.TemporaryPathFor(full);
        var stamp = manifest.CreatedUtc.Year is >= 1980 and <= 2107 ? manifest.CreatedUtc : FallbackTimestamp;
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                {
                    AddEntry(zip, PackageEntryNames.Manifest, manifestBytes, stamp);
                    foreach (var name in names) AddEntry(zip, name, entries[name], stamp);
                }
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static List<string> CheckedNames(IReadOnlyDictionary<string, byte[]> entries)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, bytes) in entries)
        {
            var problem = PackageEntryNames.Problem(name);
            if (problem is not null) throw new ArgumentException($"Entry name '{name}' {problem}.", nameof(entries));
            if (string.Equals(name, PackageEntryNames.Manifest, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"Entry name '{name}' is reserved for the manifest.", nameof(entries));
            if (string.Equals(name, PackageEntryNames.Signature, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"Entry name '{name}' is reserved for the package signature.", nameof(entries));
            if (bytes is null) throw new ArgumentException($"Entry '{name}' has no bytes.", nameof(entries));
            // Names differing only in case would overwrite each other when extracted on Windows or macOS.
            if (!seen.Add(name)) throw new ArgumentException($"Entry name '{name}' occurs twice (ignoring case).", nameof(entries));
        }
        var names = seen.Order(StringComparer.Ordinal).ToList();
        // A file and a folder of the same name cannot both be extracted.
        foreach (var name in names)
        {
            for (var slash = name.IndexOf('/'); slash >= 0; slash = name.IndexOf('/', slash + 1))
            {
                if (seen.Contains(name[..slash]))
                    throw new ArgumentException($"Entry name '{name[..slash]}' is both an entry and the folder of '{name}'.", nameof(entries));
            }
        }
        return names;
    }

    private static void AddEntry(ZipArchive zip, string name, byte[] bytes, DateTimeOffset stamp)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = stamp;
        using var stream = entry.Open();
        stream.Write(bytes);
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
