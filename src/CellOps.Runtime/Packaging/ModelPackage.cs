using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace CellOps.Runtime.Packaging;

/// <summary>
/// An opened, verified model package. <see cref="Open"/> checks the whole file before returning, so
/// everything read from an instance is what the manifest describes.
/// </summary>
/// <remarks>Holds the file open until disposed. Not safe for use from several threads at once.</remarks>
public sealed class ModelPackage : IDisposable
{
    // A manifest is a few kilobytes; a bigger one is not something CellOps wrote.
    private const long MaxManifestBytes = 16 * 1024 * 1024;

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;
    private bool _disposed;

    private ModelPackage(string path, ZipArchive zip, ModelManifest manifest, Dictionary<string, ZipArchiveEntry> entries)
    {
        Path = path;
        _zip = zip;
        Manifest = manifest;
        _entries = entries;
    }

    /// <summary>The verified manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The package file, as a full path.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens and verifies a package: it must be a zip with a readable <c>manifest.json</c> of a known
    /// format, written by an SDK compatible with <paramref name="hostSdkVersion"/> (see
    /// <see cref="CellOps.Sdk.SdkVersion.CanLoad"/>), with only safe entry names, every listed entry
    /// present with its SHA-256, and nothing unlisted.
    /// </summary>
    /// <param name="path">The <c>.cellmodel</c> file.</param>
    /// <param name="hostSdkVersion">The SDK version of the reading host.</param>
    /// <exception cref="ModelPackageException">The package cannot be used; <see cref="ModelPackageException.Failure"/> says why.</exception>
    public static ModelPackage Open(string path, Version hostSdkVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(hostSdkVersion);
        var full = System.IO.Path.GetFullPath(path);
        var shown = System.IO.Path.GetFileName(full);
        if (!File.Exists(full)) throw new ModelPackageException(ModelPackageFailure.NotFound, full, $"Model package '{full}' does not exist.");

        FileStream file;
        try
        {
            file = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelPackageException(ModelPackageFailure.NotFound, full, $"{shown} cannot be opened: {e.Message}", e);
        }

        ZipArchive? zip = null;
        try
        {
            zip = OpenZip(file, full, shown);
            var entries = SafeEntries(zip, full, shown);
            CheckSizes(entries.Values, full, shown);
            var manifest = ReadManifest(entries, full, shown);
            CheckCompatible(manifest, hostSdkVersion, full, shown);
            VerifyEntries(manifest, entries, full, shown);
            entries.Remove(PackageEntryNames.Manifest);
            return new ModelPackage(full, zip, manifest, entries);
        }
        catch
        {
            if (zip is not null) zip.Dispose();
            else file.Dispose();
            throw;
        }
    }

    /// <summary>The bytes of a listed entry, verified against its SHA-256 again as they are read.</summary>
    /// <exception cref="ModelPackageException"><see cref="ModelPackageFailure.MissingEntry"/> for a name the manifest does not list;
    /// <see cref="ModelPackageFailure.Tampered"/> when the file changed since it was opened.</exception>
    public byte[] ReadEntry(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(name);
        if (!_entries.TryGetValue(name, out var entry))
        {
            throw new ModelPackageException(ModelPackageFailure.MissingEntry, Path,
                $"{System.IO.Path.GetFileName(Path)} has no entry '{name}'. It has: {string.Join(", ", _entries.Keys.Order(StringComparer.Ordinal))}.");
        }
        // Open refused larger entries already; this guards the allocation below on its own.
        if (entry.Length > PackageLimits.MaxEntryBytes) throw TooLarge(Path, System.IO.Path.GetFileName(Path), entry);

        var bytes = new byte[entry.Length];
        try
        {
            using var stream = entry.Open();
            stream.ReadExactly(bytes);
            if (stream.ReadByte() != -1) throw new InvalidDataException("The entry is longer than its recorded size.");
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw Damaged(Path, name, e);
        }
        // Re-checked because the file may have been rewritten in place since Open (Linux does not lock it).
        if (!HashMatches(SHA256.HashData(bytes), Manifest.Entries[name])) throw Modified(Path, name);
        return bytes;
    }

    /// <summary>
    /// Extracts <c>manifest.json</c> and every listed entry under <paramref name="folder"/> (created
    /// where missing; files there are replaced), verifying each entry's SHA-256 as it is written.
    /// </summary>
    /// <exception cref="ModelPackageException"><see cref="ModelPackageFailure.UnsafeEntry"/> for a name resolving outside the folder;
    /// <see cref="ModelPackageFailure.Tampered"/> when the file changed since it was opened.</exception>
    public void ExtractTo(string folder)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var names = _entries.Keys.Order(StringComparer.Ordinal).Prepend(PackageEntryNames.Manifest).ToList();
        var targets = new List<string>(names.Count);
        // Every target is resolved before anything is written, so a bad name leaves the folder untouched.
        foreach (var name in names)
        {
            try
            {
                targets.Add(PackageEntryNames.ResolveUnder(folder, name));
            }
            catch (ArgumentException e)
            {
                throw new ModelPackageException(ModelPackageFailure.UnsafeEntry, Path,
                    $"{System.IO.Path.GetFileName(Path)} has an entry that would be written outside '{folder}': {e.Message}", e);
            }
        }
        Directory.CreateDirectory(folder);
        for (var i = 0; i < names.Count; i++)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(targets[i])!);
            if (names[i] == PackageEntryNames.Manifest)
            {
                File.WriteAllBytes(targets[i], ManifestJson.Serialize(Manifest));
                continue;
            }
            ExtractEntry(names[i], targets[i]);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _zip.Dispose();
    }

    private void ExtractEntry(string name, string target)
    {
        byte[] hash;
        try
        {
            using var source = _entries[name].Open();
            using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None);
            hash = Hash(source, output).Hash;
        }
        catch (InvalidDataException e)
        {
            File.Delete(target);
            throw Damaged(Path, name, e);
        }
        if (!HashMatches(hash, Manifest.Entries[name]))
        {
            File.Delete(target);
            throw Modified(Path, name);
        }
    }

    private static ZipArchive OpenZip(FileStream file, string full, string shown)
    {
        // A zip starts with a local file header; one that starts right but has no readable central
        // directory at its end was cut short.
        var startsLikeZip = StartsLikeZip(file);
        try
        {
            return new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw startsLikeZip
                ? new ModelPackageException(ModelPackageFailure.Truncated, full,
                    $"{shown} is incomplete: the file ends before its table of contents (was a copy or download interrupted?).", e)
                : new ModelPackageException(ModelPackageFailure.NotAPackage, full,
                    $"{shown} is not a model package: it is not a zip file.", e);
        }
    }

    private static bool StartsLikeZip(FileStream file)
    {
        Span<byte> head = stackalloc byte[4];
        var read = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4;
    }

    private static Dictionary<string, ZipArchiveEntry> SafeEntries(ZipArchive zip, string full, string shown)
    {
        var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            foreach (var entry in zip.Entries)
            {
                var problem = PackageEntryNames.Problem(entry.FullName);
                if (problem is not null)
                    throw new ModelPackageException(ModelPackageFailure.UnsafeEntry, full, $"{shown} has an unsafe entry name '{entry.FullName}': it {problem}.");
                // Two entries of one name could let a verified copy stand in for an unverified one.
                if (!seen.Add(entry.FullName))
                    throw new ModelPackageException(ModelPackageFailure.UnsafeEntry, full, $"{shown} has the entry '{entry.FullName}' twice.");
                entries[entry.FullName] = entry;
            }
        }
        catch (InvalidDataException e)
        {
            throw new ModelPackageException(ModelPackageFailure.Truncated, full, $"{shown} is damaged: its table of contents cannot be read.", e);
        }
        return entries;
    }

    // What the zip's directory claims is checked before any entry is read: hashing a claimed 2 GB entry takes
    // seconds, and reading one allocates its claimed size.
    private static void CheckSizes(IEnumerable<ZipArchiveEntry> entries, string full, string shown)
    {
        foreach (var entry in entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            if (entry.Length > PackageLimits.MaxEntryBytes) throw TooLarge(full, shown, entry);
            // Tiny entries can expand further in relative terms (a deflate stream has a few bytes of overhead).
            if (entry.Length > 64 * 1024 && entry.Length > entry.CompressedLength * PackageLimits.MaxExpansion)
            {
                throw new ModelPackageException(ModelPackageFailure.Tampered, full,
                    $"{shown} is damaged: its table of contents says {entry.FullName} holds {entry.Length:N0} bytes in {entry.CompressedLength:N0} compressed bytes, " +
                    $"more than {PackageLimits.MaxExpansion} times as many, which no zip compression gives.");
            }
        }
    }

    private static ModelPackageException TooLarge(string full, string shown, ZipArchiveEntry entry) =>
        new(ModelPackageFailure.TooLarge, full,
            $"{shown} cannot be used: its entry {entry.FullName} is {entry.Length:N0} bytes ({entry.Length / (1024.0 * 1024 * 1024):0.0} GiB) once decompressed, " +
            $"more than the {PackageLimits.MaxEntryBytes / (1024 * 1024):N0} MiB CellOps reads from a package.");

    private static ModelManifest ReadManifest(Dictionary<string, ZipArchiveEntry> entries, string full, string shown)
    {
        if (!entries.TryGetValue(PackageEntryNames.Manifest, out var entry))
            throw new ModelPackageException(ModelPackageFailure.NotAPackage, full, $"{shown} is not a model package: it has no {PackageEntryNames.Manifest}.");
        if (entry.Length > MaxManifestBytes)
            throw new ModelPackageException(ModelPackageFailure.NotAPackage, full, $"{shown} is not a model package: its {PackageEntryNames.Manifest} is implausibly large.");
        ModelManifest manifest;
        try
        {
            using var stream = entry.Open();
            manifest = ManifestJson.Deserialize(stream);
        }
        catch (JsonException e)
        {
            throw new ModelPackageException(ModelPackageFailure.NotAPackage, full, $"{shown} has a {PackageEntryNames.Manifest} that cannot be read: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw Damaged(full, PackageEntryNames.Manifest, e);
        }
        var problem = ManifestJson.Problem(manifest);
        if (problem is null)
        {
            try { manifest.ToInputSpec(); }
            catch (ArgumentException e) { problem = "has an invalid normalisation: " + e.Message.TrimEnd('.'); }
        }
        if (problem is not null)
            throw new ModelPackageException(ModelPackageFailure.NotAPackage, full, $"{shown} has a {PackageEntryNames.Manifest} that {problem}.");
        return manifest;
    }

    private static void CheckCompatible(ModelManifest manifest, Version host, string full, string shown)
    {
        if (manifest.FormatVersion != ModelManifest.CurrentFormatVersion)
        {
            throw new ModelPackageException(ModelPackageFailure.Incompatible, full,
                $"{shown} uses package format {manifest.FormatVersion}; this version of CellOps reads format {ModelManifest.CurrentFormatVersion}.");
        }
        if (!SdkVersionText.TryParse(manifest.SdkVersion, out var written))
        {
            throw new ModelPackageException(ModelPackageFailure.NotAPackage, full,
                $"{shown} has a {PackageEntryNames.Manifest} whose sdkVersion '{manifest.SdkVersion}' is not a version.");
        }
        if (!CellOps.Sdk.SdkVersion.CanLoad(written, host))
        {
            throw new ModelPackageException(ModelPackageFailure.Incompatible, full,
                $"{shown} was written by CellOps SDK {manifest.SdkVersion}, which this host (SDK {host.ToString(3)}) cannot read; retrain the model or use a matching CellOps.");
        }
    }

    private static void VerifyEntries(ModelManifest manifest, Dictionary<string, ZipArchiveEntry> entries, string full, string shown)
    {
        foreach (var name in manifest.Entries.Keys.Order(StringComparer.Ordinal))
        {
            var problem = PackageEntryNames.Problem(name)
                ?? (string.Equals(name, PackageEntryNames.Manifest, StringComparison.OrdinalIgnoreCase) ? "is reserved for the manifest" : null);
            if (problem is not null)
                throw new ModelPackageException(ModelPackageFailure.UnsafeEntry, full, $"{shown} lists an unsafe entry name '{name}': it {problem}.");
            if (!entries.ContainsKey(name))
                throw new ModelPackageException(ModelPackageFailure.MissingEntry, full, $"{shown} is missing {name}, which its manifest lists.");
        }
        foreach (var name in entries.Keys.Order(StringComparer.Ordinal))
        {
            if (name != PackageEntryNames.Manifest && !manifest.Entries.ContainsKey(name))
                throw new ModelPackageException(ModelPackageFailure.Tampered, full, $"{shown} has been modified: it contains {name}, which its manifest does not list.");
        }
        foreach (var (name, expected) in manifest.Entries.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            byte[] actual;
            long length;
            try
            {
                using var stream = entries[name].Open();
                (actual, length) = Hash(stream, Stream.Null);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                throw Damaged(full, name, e);
            }
            if (!HashMatches(actual, expected)) throw Modified(full, name);
            // The recorded size is what ReadEntry allocates; a zip's directory can claim any size.
            if (length != entries[name].Length)
                throw Damaged(full, name, new InvalidDataException($"The zip directory records {entries[name].Length} bytes, the data has {length}."));
        }
    }

    /// <summary>SHA-256 and length of a stream read once, copying it to <paramref name="copy"/> on the way.</summary>
    private static (byte[] Hash, long Length) Hash(Stream source, Stream copy)
    {
        using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long length = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            hasher.AppendData(buffer, 0, read);
            copy.Write(buffer, 0, read);
            length += read;
        }
        return (hasher.GetHashAndReset(), length);
    }

    private static bool HashMatches(byte[] actual, string expectedHex) =>
        string.Equals(Convert.ToHexString(actual), expectedHex, StringComparison.OrdinalIgnoreCase);

    private static ModelPackageException Modified(string full, string name) =>
        new(ModelPackageFailure.Tampered, full,
            $"{System.IO.Path.GetFileName(full)} has been modified: {name} does not match its SHA-256 in the manifest.");

    // Undecodable data inside an entry: the bytes changed after writing, whether by a disk or a person.
    private static ModelPackageException Damaged(string full, string name, Exception inner) =>
        new(ModelPackageFailure.Tampered, full,
            $"{System.IO.Path.GetFileName(full)} is damaged: {name} cannot be decompressed ({inner.Message.TrimEnd('.')}).", inner);
}
