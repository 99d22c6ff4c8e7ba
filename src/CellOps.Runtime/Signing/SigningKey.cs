using System.Security.Cryptography;
using CellOps.Imaging.Formats;

namespace CellOps.Runtime.Signing;

/// <summary>
/// A lab's private signing key: ECDSA P-256, kept as an unencrypted PKCS#8 PEM file (<c>BEGIN PRIVATE
/// KEY</c>) that only its owner can read; the public half is a SubjectPublicKeyInfo PEM (<c>BEGIN PUBLIC KEY</c>).
/// </summary>
public sealed class SigningKey : IDisposable
{
    // A PEM key is a few hundred bytes; anything far bigger is not a key file.
    private const long MaxPemBytes = 64 * 1024;

    private readonly ECDsa _key;

    private SigningKey(ECDsa key)
    {
        _key = key;
        KeyId = KeyFingerprint.Of(key);
    }

    /// <summary>SHA-256 of the public key's SubjectPublicKeyInfo, lowercase hex.</summary>
    public string KeyId { get; }

    /// <summary>A new random P-256 key.</summary>
    public static SigningKey Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Reads a private key PEM file (PKCS#8, or SEC1 <c>BEGIN EC PRIVATE KEY</c>).</summary>
    /// <exception cref="SigningKeyException">The file is missing, unreadable, not a private key PEM, or not P-256.</exception>
    public static SigningKey Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        string pem = ReadPem(full, "private key");
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            // ImportFromPem accepts a public key too; signing needs the private half.
            key.ExportECPrivateKey();
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new SigningKeyException(full, $"{full} is not an ECDSA private key in PEM form (BEGIN PRIVATE KEY): {e.Message.TrimEnd('.')}. Make one with New-CellSigningKey.", e);
        }
        if (!PackageSignatureAlgorithm.IsP256(key))
        {
            key.Dispose();
            throw new SigningKeyException(full, $"{full} is an ECDSA key on another curve; CellOps signs with P-256 ({PackageSignatureAlgorithm.Name}).");
        }
        return new SigningKey(key);
    }

    /// <summary>
    /// Writes the private key to <paramref name="privatePath"/> (mode 0600 on Unix) and the public key to
    /// <paramref name="publicPath"/>, each atomically.
    /// </summary>
    /// <exception cref="IOException">A file could not be written; an earlier file there is intact.</exception>
    public void Save(string privatePath, string publicPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(privatePath);
        ArgumentException.ThrowIfNullOrEmpty(publicPath);
        WriteOwnerOnly(Path.GetFullPath(privatePath), _key.ExportPkcs8PrivateKeyPem() + "\n");
        AtomicFile.WriteText(Path.GetFullPath(publicPath), PublicKeyPem + "\n");
    }

    /// <summary>The public key as a SubjectPublicKeyInfo PEM (<c>BEGIN PUBLIC KEY</c>).</summary>
    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>The public key's SubjectPublicKeyInfo (DER).</summary>
    public byte[] PublicKeyInfo() => _key.ExportSubjectPublicKeyInfo();

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    internal byte[] Sign(byte[] message) => PackageSignatureAlgorithm.Sign(_key, message);

    internal static string ReadPem(string full, string what)
    {
        try
        {
            var info = new FileInfo(full);
            if (!info.Exists) throw new SigningKeyException(full, $"The {what} file {full} does not exist.");
            if (info.Length > MaxPemBytes) throw new SigningKeyException(full, $"{full} is too large to be a {what} PEM file.");
            return File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SigningKeyException(full, $"The {what} file {full} cannot be read: {e.Message}", e);
        }
    }

    // Created 0600 from the start, not chmod-ed after, so no other user can open it in between.
    private static void WriteOwnerOnly(string full, string text)
    {
        var temp = AtomicFile.TemporaryPathFor(full);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var file = new FileStream(temp, options))
            {
                file.Write(new System.Text.UTF8Encoding(false).GetBytes(text));
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
