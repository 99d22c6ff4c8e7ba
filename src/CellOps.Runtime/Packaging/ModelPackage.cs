using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace CellOps.Runtime.Packaging;

/// <summary>
/// An opened, verified model package. <see cref="Open"/> checks everything before it returns: the
/// zip, the manifest, the format and SDK versions, every entry's name and SHA-256, and that nothing
/// was added. Only then can entries be read.
/// </summary>
public sealed class ModelPackage : IDisposable
{
    private readonly FileStream _file;
    private readonly ZipArchive _zip;

    private ModelPackage(string path, FileStream file, ZipArchive zip, ModelManifest manifest)
    {
        Path = path;
        _file = file;
        _zip = zip;
        Manifest = manifest;
    }

    /// <summary>The package file.</summary>
    public string Path { get; }

    /// <summary>The verified manifest.</summary>
    public ModelManifest Manifest { get; }

    private string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>Opens and verifies a package.</summary>
    /// <param name="path">The .cellmodel file.</param>
    /// <param name="hostSdkVersion">The CellOps.Sdk version of this host: the package's must have the same major
    /// version (and, before 1.0, the same minor) and must not be newer.</param>
    /// <exception cref="ModelPackageException">The package is missing, damaged, tampered with or incompatible.</exception>
    public static ModelPackage Open(string path, Version hostSdkVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(hostSdkVersion);
        string name = System.IO.Path.GetFileName(path);
        if (!File.Exists(path)) throw new ModelPackageException(ModelPackageFailure.NotFound, path, $"There is no model package at {path}.");

        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelPackageException(ModelPackageFailure.NotFound, path, $"{name} cannot be opened: {ex.Message}", ex);
        }

        ZipArchive? zip = null;
        try
        {
            try
            {
                zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            }
            catch (InvalidDataException ex)
            {
                throw LooksLikeZip(file)
                    ? new ModelPackageException(ModelPackageFailure.Truncated, path, $"{name} is truncated or damaged: its zip directory cannot be read.", ex)
                    : new ModelPackageException(ModelPackageFailure.NotAPackage, path, $"{name} is not a model package (not a zip file).", ex);
            }
            var manifest = ReadManifest(zip, path);
            CheckCompatible(manifest, hostSdkVersion, path);
            Verify(zip, manifest, path);
            return new ModelPackage(path, file, zip, manifest);
        }
        catch
        {
            zip?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>The bytes of one entry.</summary>
    /// <exception cref="ModelPackageException">No such entry.</exception>
    public byte[] ReadEntry(string name)
    {
        if (!Manifest.Entries.ContainsKey(name))
            throw new ModelPackageException(ModelPackageFailure.MissingEntry, Path, $"{FileName} has no entry '{name}'.");
        var entry = _zip.GetEntry(name)!;
        using var stream = entry.Open();
        using var copy = new MemoryStream(checked((int)entry.Length));
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Writes every entry (and the manifest) under <paramref name="folder"/>.</summary>
    /// <exception cref="ModelPackageException">An entry would land outside the folder.</exception>
    public void ExtractTo(string folder)
    {
        string root = System.IO.Path.GetFullPath(folder);
        string prefix = root.EndsWith(System.IO.Path.DirectorySeparatorChar) ? root : root + System.IO.Path.DirectorySeparatorChar;
        foreach (var entry in _zip.Entries)
        {
            string target = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, entry.FullName));
            if (!EntryNames.IsSafe(entry.FullName) || !target.StartsWith(prefix, StringComparison.Ordinal))
                throw new ModelPackageException(ModelPackageFailure.UnsafeEntry, Path, $"{FileName} has an entry '{entry.FullName}' that would be written outside {root}.");
        }
        foreach (var entry in _zip.Entries)
        {
            string target = System.IO.Path.Combine(root, entry.FullName);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _zip.Dispose();
        _file.Dispose();
    }

    private static ModelManifest ReadManifest(ZipArchive zip, string path)
    {
        string name = System.IO.Path.GetFileName(path);
        var entry = zip.GetEntry(EntryNames.Manifest)
            ?? throw new ModelPackageException(ModelPackageFailure.NotAPackage, path, $"{name} is not a model package: it has no {EntryNames.Manifest}.");
        try
        {
            using var stream = entry.Open();
            return JsonSerializer.Deserialize<ModelManifest>(stream, PackageJson.Options)
                ?? throw new ModelPackageException(ModelPackageFailure.NotAPackage, path, $"{name} has an empty manifest.");
        }
        catch (JsonException ex)
        {
            throw new ModelPackageException(ModelPackageFailure.NotAPackage, path, $"{name} has a manifest that cannot be read: {ex.Message}", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new ModelPackageException(ModelPackageFailure.Truncated, path, $"{name} is truncated or damaged: its manifest cannot be decompressed.", ex);
        }
    }

    private static void CheckCompatible(ModelManifest manifest, Version host, string path)
    {
        string name = System.IO.Path.GetFileName(path);
        if (manifest.FormatVersion > ModelManifest.CurrentFormatVersion || manifest.FormatVersion < 1)
        {
            throw new ModelPackageException(ModelPackageFailure.Incompatible, path,
                $"{name} uses package format {manifest.FormatVersion}; this CellOps reads format {ModelManifest.CurrentFormatVersion}.");
        }
        if (!Version.TryParse(manifest.SdkVersion, out var written))
        {
            throw new ModelPackageException(ModelPackageFailure.NotAPackage, path, $"{name} records no valid SDK version ('{manifest.SdkVersion}').");
        }
        bool sameLine = written.Major == host.Major && (host.Major > 0 || written.Minor == host.Minor);
        bool notNewer = written.Major < host.Major || (written.Major == host.Major && written.Minor <= host.Minor);
        if (!sameLine || !notNewer)
        {
            throw new ModelPackageException(ModelPackageFailure.Incompatible, path,
                $"{name} was written by CellOps SDK {written.ToString(3)}; this CellOps has SDK {host.ToString(3)}, which cannot read it. Retrain the model or use a matching CellOps.");
        }
    }

    private static void Verify(ZipArchive zip, ModelManifest manifest, string path)
    {
        string name = System.IO.Path.GetFileName(path);
        foreach (var entry in zip.Entries)
        {
            if (!EntryNames.IsSafe(entry.FullName))
                throw new ModelPackageException(ModelPackageFailure.UnsafeEntry, path, $"{name} has an unsafe entry name '{entry.FullName}'.");
            if (entry.FullName != EntryNames.Manifest && !manifest.Entries.ContainsKey(entry.FullName))
                throw new ModelPackageException(ModelPackageFailure.Tampered, path, $"{name} has been modified: '{entry.FullName}' is not listed in its manifest.");
        }
        foreach (var (entryName, expected) in manifest.Entries)
        {
            if (!EntryNames.IsSafe(entryName))
                throw new ModelPackageException(ModelPackageFailure.UnsafeEntry, path, $"{name} lists an unsafe entry name '{entryName}'.");
            var entry = zip.GetEntry(entryName)
                ?? throw new ModelPackageException(ModelPackageFailure.MissingEntry, path, $"{name} is incomplete: '{entryName}' is missing.");
            string actual;
            try
            {
                using var stream = entry.Open();
                actual = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
            }
            catch (InvalidDataException ex)
            {
                throw new ModelPackageException(ModelPackageFailure.Truncated, path, $"{name} is truncated or damaged: '{entryName}' cannot be decompressed.", ex);
            }
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                throw new ModelPackageException(ModelPackageFailure.Tampered, path, $"{name} has been modified: '{entryName}' does not match its SHA-256 in the manifest.");
        }
    }

    private static bool LooksLikeZip(FileStream file)
    {
        Span<byte> head = stackalloc byte[4];
        file.Position = 0;
        return file.Read(head) == 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4;
    }
}
