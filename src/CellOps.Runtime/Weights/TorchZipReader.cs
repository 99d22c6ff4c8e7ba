using System.IO.Compression;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Weights;

/// <summary>
/// Reads a <c>torch.save</c> zip file (PyTorch ≥ 1.6): <c>&lt;root&gt;/data.pkl</c> describes the tensors,
/// <c>&lt;root&gt;/data/&lt;key&gt;</c> holds each storage's raw little-endian bytes. Every tensor's shape,
/// strides and offset are checked against its storage entry before anything is allocated, and each
/// storage is streamed into tensor memory once, however many tensors view it.
/// </summary>
internal static class TorchZipReader
{
    // The pickle of a state dict is a few hundred bytes per tensor.
    private const long MaxPickleBytes = 64L << 20;

    public static (IReadOnlyList<ImportedTensor> Tensors, string? Container) Read(Stream file, string path)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"it is not a complete zip archive (truncated or damaged: {e.Message})", e);
        }
        using (archive)
        {
            string root = Root(archive);
            CheckByteOrder(archive, root);
            var pickle = ReadPickle(archive.GetEntry(root + "/data.pkl")!);
            var (tensors, container) = StateDictSelection.Select(RestrictedUnpickler.Load(pickle, path), Path.GetFileName(path));
            var storages = CheckLayouts(archive, root, tensors);
            return (Materialise(archive, root, tensors, storages), container);
        }
    }

    private static string Root(ZipArchive archive)
    {
        var roots = archive.Entries
            .Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.IndexOf('/') == e.FullName.Length - "/data.pkl".Length)
            .Select(e => e.FullName[..^"/data.pkl".Length])
            .ToList();
        return roots.Count switch
        {
            1 => roots[0],
            0 => throw new InvalidDataException("it is a zip archive but not a torch.save file (no <name>/data.pkl inside)"),
            _ => throw new InvalidDataException($"it holds {roots.Count} torch.save archives ({string.Join(", ", roots)}), not one"),
        };
    }

    private static void CheckByteOrder(ZipArchive archive, string root)
    {
        // PyTorch ≥ 2.1 records the byte order of the storages; older files are little-endian.
        var entry = archive.GetEntry(root + "/byteorder");
        if (entry is null) return;
        if (entry.Length > 16) throw new InvalidDataException("its byteorder record is not 'little' or 'big'");
        using var reader = new StreamReader(entry.Open());
        string order = reader.ReadToEnd().Trim();
        if (order != "little")
            throw new InvalidDataException($"its storages are '{order}'-endian; CellOps reads little-endian files (save it again on a little-endian machine)");
    }

    private static byte[] ReadPickle(ZipArchiveEntry entry)
    {
        if (entry.Length > MaxPickleBytes)
            throw new InvalidDataException($"its data.pkl is {entry.Length} bytes, more than a state dict's description needs ({MaxPickleBytes} at most)");
        var bytes = new byte[entry.Length];
        using var stream = entry.Open();
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Each tensor fits its storage, each storage's entry holds exactly its elements; returns the entries by storage key.</summary>
    private static Dictionary<string, ZipArchiveEntry> CheckLayouts(ZipArchive archive, string root, IReadOnlyList<(string Name, TensorRef Tensor)> tensors)
    {
        var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var (name, t) in tensors)
        {
            var storage = t.Storage;
            if (!WeightDTypes.IsReadable(storage.Type)) throw new InvalidDataException(WeightDTypes.Unsupported(name, storage.Type));
            StridedExtent.Check(name, t.Size, t.Stride, t.Offset, storage.Numel);
            if (entries.ContainsKey(storage.Key)) continue;
            var entry = archive.GetEntry($"{root}/data/{storage.Key}")
                ?? throw new InvalidDataException($"tensor '{name}' uses storage {storage.Key}, which the archive lacks (truncated or damaged)");
            long expected;
            try { expected = checked(storage.Numel * WeightDTypes.ElementSize(storage.Type)); }
            catch (OverflowException) { throw new InvalidDataException($"storage {storage.Key} of tensor '{name}' claims {storage.Numel} elements, too many to address"); }
            if (entry.Length != expected)
                throw new InvalidDataException(
                    $"storage {storage.Key} of tensor '{name}' should hold {storage.Numel} {WeightDTypes.Describe(storage.Type)} elements ({expected} bytes) but its entry has {entry.Length} bytes");
            entries[storage.Key] = entry;
        }
        return entries;
    }

    private static IReadOnlyList<ImportedTensor> Materialise(ZipArchive archive, string root,
        IReadOnlyList<(string Name, TensorRef Tensor)> tensors, Dictionary<string, ZipArchiveEntry> entries)
    {
        var results = new ImportedTensor?[tensors.Count];
        try
        {
            foreach (var group in Enumerable.Range(0, tensors.Count).GroupBy(i => tensors[i].Tensor.Storage.Key))
            {
                using var scope = torch.NewDisposeScope();
                var storage = tensors[group.First()].Tensor.Storage;
                Tensor whole;
                using (var stream = entries[storage.Key].Open())
                {
                    try { whole = TensorStreaming.Read(stream, storage.Type, storage.Numel); }
                    catch (EndOfStreamException e) { throw new InvalidDataException($"storage {storage.Key} ends early (truncated or damaged)", e); }
                }
                foreach (int i in group)
                {
                    var (name, t) = tensors[i];
                    using var view = whole.as_strided(t.Size, t.Stride, t.Offset);
                    var copy = torch.empty(t.Size, WeightDTypes.ImportedType(storage.Type));
                    copy.copy_(view);
                    results[i] = new ImportedTensor(name, copy.DetachFromDisposeScope(), storage.Type);
                }
            }
            return results.Select(r => r!).ToList();
        }
        catch
        {
            foreach (var r in results) r?.Tensor.Dispose();
            throw;
        }
    }
}
