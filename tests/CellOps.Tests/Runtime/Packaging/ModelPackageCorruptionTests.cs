using CellOps.Runtime.Packaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Packaging;

public class ModelPackageCorruptionTests
{
    [Fact]
    public void Any_cut_or_flipped_byte_gives_a_package_error_and_never_a_raw_zip_error()
    {
        using var temp = new TempFolder();
        var original = File.ReadAllBytes(PackageSamples.Write(temp.Path, name: "original.cellmodel"));
        var path = temp.File("damaged.cellmodel");
        var random = new Random(3);

        var damaged = new List<byte[]>();
        for (var length = 0; length < original.Length; length += 211) damaged.Add(original[..length]);
        for (var i = 0; i < 300; i++)
        {
            var copy = (byte[])original.Clone();
            copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
            damaged.Add(copy);
        }
        // The manifest, the central directory and the end record sit near the ends: hit every byte there.
        for (var i = 0; i < 200; i++)
        {
            var head = (byte[])original.Clone();
            head[i] ^= 0xFF;
            var tail = (byte[])original.Clone();
            tail[^(i + 1)] ^= 0xFF;
            damaged.Add(head);
            damaged.Add(tail);
        }

        foreach (var bytes in damaged)
        {
            File.WriteAllBytes(path, bytes);
            try
            {
                using var package = ModelPackage.Open(path, PackageSamples.Host);
                // A flip in bytes nothing reads (a timestamp, padding) may leave a valid package; its entries must still verify.
                foreach (var name in package.Manifest.Entries.Keys) package.ReadEntry(name);
            }
            catch (ModelPackageException)
            {
            }
        }
    }
}
