using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace CellOps.Runtime.Packaging;

/// <summary>Writes model packages: one zip with <c>manifest.json</c> and the given entries.</summary>
public static class ModelPackageWriter
{
    /// <summary>
    /// Writes a package atomically: into a temporary file beside <paramref name="path"/>, renamed over it
    /// only when complete, so a failure leaves any earlier file at the path as it was. The manifest's
    /// <see cref="ModelManifest.Entries"/> is filled with each entry's SHA-256.
    /// </summary>
    /// <exception cref="ArgumentException">An entry name that is not a safe relative name, or the manifest's own name.</exception>
    public static void Write(string path, ModelManifest manifest, IReadOnlyDictionary<string, byte[]> entries)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var name in entries.Keys)
        {
            if (!EntryNames.IsSafe(name)) throw new ArgumentException($"'{name}' is not a safe package entry name (relative, forward slashes, no '..').", nameof(entries));
            if (name == EntryNames.Manifest) throw new ArgumentException($"'{EntryNames.Manifest}' is written by the package writer itself.", nameof(entries));
        }

        var names = entries.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var hashes = names.ToDictionary(n => n, n => Convert.ToHexString(SHA256.HashData(entries[n])).ToLowerInvariant(), StringComparer.Ordinal);
        var complete = manifest with { Entries = hashes };
        byte[] manifestBytes = JsonSerializer.SerializeToUtf8Bytes(complete, PackageJson.Options);

        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                var stamp = manifest.CreatedUtc == default ? new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) : manifest.CreatedUtc;
                AddEntry(zip, EntryNames.Manifest, manifestBytes, stamp);
                foreach (var name in names) AddEntry(zip, name, entries[name], stamp);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    private static void AddEntry(ZipArchive zip, string name, byte[] bytes, DateTimeOffset stamp)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = stamp;
        using var stream = entry.Open();
        stream.Write(bytes);
    }
}
