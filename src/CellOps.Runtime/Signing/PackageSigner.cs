using System.IO.Compression;
using CellOps.Imaging.Formats;
using CellOps.Runtime.Packaging;

namespace CellOps.Runtime.Signing;

/// <summary>Signs model packages: adds (or replaces) the <c>signature/signature.json</c> entry.</summary>
public static class PackageSigner
{
    /// <summary>The longest signer name recorded.</summary>
    public const int MaxSignerLength = 256;

    /// <summary>
    /// Signs the package at <paramref name="path"/> in place, atomically: a copy beside it is verified,
    /// signed and renamed over the original, so the file is either the old package or the signed one.
    /// A signature already there is replaced.
    /// </summary>
    /// <param name="path">The <c>.cellmodel</c> file.</param>
    /// <param name="key">The private key to sign with.</param>
    /// <param name="signer">Who signs, as recorded (a name or a comment).</param>
    /// <param name="now">The signing time recorded (kept to whole seconds, UTC).</param>
    /// <exception cref="ModelPackageException">The file is not a valid package: nothing damaged or tampered with gets signed.</exception>
    /// <exception cref="ArgumentException">The signer name is longer than <see cref="MaxSignerLength"/>.</exception>
    /// <exception cref="IOException">The package could not be rewritten; the original is intact.</exception>
    public static void Sign(string path, SigningKey key, string signer, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(signer);
        if (signer.Length > MaxSignerLength) throw new ArgumentException($"The signer name has {signer.Length} characters; at most {MaxSignerLength} are recorded.", nameof(signer));
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new ModelPackageException(ModelPackageFailure.NotFound, full, $"Model package '{full}' does not exist.");
        var temp = AtomicFile.TemporaryPathFor(full);
        try
        {
            // Everything below reads the private copy, so what is verified is what is signed.
            File.Copy(full, temp);
            using (ModelPackage.Open(temp, CellOps.Sdk.SdkVersion.Current)) { }
            byte[] signature;
            using (var read = ZipFile.OpenRead(temp))
            {
                signature = Signed(key, Unsigned(key, signer, now), PackageDigest.Entries(read)).ToJson();
            }
            using (var file = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                // Update mode copies the untouched entries' compressed bytes as they are.
                using (var zip = new ZipArchive(file, ZipArchiveMode.Update, leaveOpen: true))
                {
                    zip.GetEntry(PackageEntryNames.Signature)?.Delete();
                    var entry = zip.CreateEntry(PackageEntryNames.Signature, CompressionLevel.Optimal);
                    // Zip timestamps cover 1980 to 2107 only.
                    if (now.UtcDateTime.Year is >= 1980 and <= 2107) entry.LastWriteTime = now.ToUniversalTime();
                    using var stream = entry.Open();
                    stream.Write(signature);
                }
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (ModelPackageException e)
        {
            TryDelete(temp);
            // The checks ran on the copy; the caller knows the package by its own name.
            throw new ModelPackageException(e.Failure, full, e.Message.Replace(Path.GetFileName(temp), Path.GetFileName(full), StringComparison.Ordinal), e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static SignatureRecord Unsigned(SigningKey key, string signer, DateTimeOffset now) => new()
    {
        Format = SignatureRecord.CurrentFormat,
        Algorithm = PackageSignatureAlgorithm.Name,
        KeyId = key.KeyId,
        PublicKey = Convert.ToBase64String(key.PublicKeyInfo()),
        Signer = signer,
        SignedUtc = new DateTimeOffset(now.UtcDateTime.Ticks - now.UtcDateTime.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero),
    };

    private static SignatureRecord Signed(SigningKey key, SignatureRecord unsigned, IReadOnlyList<PackageDigest.EntryDigest> entries) =>
        unsigned with { Signature = Convert.ToBase64String(key.Sign(PackageDigest.Message(unsigned, entries))) };

    private static void TryDelete(string file)
    {
        try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
