using System.Security.Cryptography;

namespace CellOps.Runtime.Weights;

/// <summary>
/// Reads network weights saved outside CellOps: a PyTorch state dict (<c>torch.save(model.state_dict(), path)</c>,
/// the zip format of PyTorch ≥ 1.6, or a training checkpoint that wraps one) or a safetensors file.
/// The format is recognised from the content, not the extension. Reading never runs code from the
/// file: a PyTorch pickle that names anything but the tensor machinery is refused.
/// </summary>
public static class WeightFile
{
    /// <summary>Reads every tensor of <paramref name="path"/> onto the CPU, floating types as float32, integer buffers as int64.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="UnsafeWeightFileException">A PyTorch file that refers to a function or class (a pickled model, or something hostile).</exception>
    /// <exception cref="WeightFileException">A damaged, truncated, legacy or unknown file, or one holding unsupported tensor types.</exception>
    public static ImportedWeights Read(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        string name = System.IO.Path.GetFileName(full);
        if (!File.Exists(full)) throw new FileNotFoundException($"No weight file at {full}.", full);
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        string sha256 = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        try
        {
            var format = Detect(stream);
            stream.Position = 0;
            if (format == WeightFormat.PyTorchZip)
            {
                var (tensors, container) = TorchZipReader.Read(stream, full);
                return new ImportedWeights(name, format, sha256, tensors, container, new Dictionary<string, string>());
            }
            var (stTensors, metadata) = SafetensorsReader.Read(stream);
            return new ImportedWeights(name, format, sha256, stTensors, null, metadata);
        }
        catch (WeightFileException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new WeightFileException(full, $"{name} cannot be read as network weights: {e.Message}", e);
        }
    }

    private static WeightFormat Detect(Stream stream)
    {
        var head = new byte[264];
        stream.Position = 0;
        int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        // Safetensors first: its length prefix can begin with any bytes (a 640-byte header starts 0x80 0x02, as a pickle does).
        if (n >= 9 && head[8] == '{') return WeightFormat.Safetensors;
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6)))
            return WeightFormat.PyTorchZip;
        bool pickle = n >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5;
        bool tar = n >= 262 && head.AsSpan(257, 5).SequenceEqual("ustar"u8);
        if (pickle || tar)
            throw new InvalidDataException(
                "it is in PyTorch's legacy format (before 1.6, a bare pickle), which CellOps does not read; load it in PyTorch ≥ 1.6 " +
                "and save it again with torch.save(model.state_dict(), path), whose default is the zip format");
        throw new InvalidDataException("it is neither a PyTorch zip file (torch.save) nor a safetensors file");
    }
}
