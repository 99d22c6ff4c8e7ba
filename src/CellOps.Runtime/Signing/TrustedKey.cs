using System.Security.Cryptography;

namespace CellOps.Runtime.Signing;

/// <summary>A public key that a trust policy accepts signatures from, until <see cref="NotAfter"/> where set.</summary>
public sealed class TrustedKey
{
    private readonly byte[] _publicKeyInfo;

    private TrustedKey(byte[] publicKeyInfo, string source, DateTimeOffset? notAfter)
    {
        _publicKeyInfo = publicKeyInfo;
        KeyId = KeyFingerprint.Of(publicKeyInfo);
        Source = source;
        NotAfter = notAfter;
    }

    /// <summary>SHA-256 of the key's SubjectPublicKeyInfo, lowercase hex.</summary>
    public string KeyId { get; }

    /// <summary>Where the key came from: its PEM file, or the policy entry that holds it inline.</summary>
    public string Source { get; }

    /// <summary>The last moment signatures by this key are accepted; null for no limit.</summary>
    public DateTimeOffset? NotAfter { get; }

    /// <summary>Reads a P-256 public key from PEM text (<c>BEGIN PUBLIC KEY</c>).</summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <param name="notAfter">The last moment it is trusted; null for no limit.</param>
    /// <exception cref="ArgumentException">The text holds no P-256 public key.</exception>
    public static TrustedKey FromPem(string pem, string source, DateTimeOffset? notAfter = null)
    {
        ArgumentNullException.ThrowIfNull(pem);
        ArgumentNullException.ThrowIfNull(source);
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"{source} holds no ECDSA public key in PEM form (BEGIN PUBLIC KEY): {e.Message.TrimEnd('.')}.", nameof(pem), e);
        }
        if (!PackageSignatureAlgorithm.IsP256(key))
            throw new ArgumentException($"{source} is an ECDSA key on another curve; CellOps accepts P-256 keys ({PackageSignatureAlgorithm.Name}).", nameof(pem));
        return new TrustedKey(key.ExportSubjectPublicKeyInfo(), source, notAfter);
    }

    /// <summary>Reads a public key PEM file.</summary>
    /// <exception cref="SigningKeyException">The file is missing, unreadable or holds no P-256 public key.</exception>
    public static TrustedKey Load(string path, DateTimeOffset? notAfter = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        try
        {
            return FromPem(SigningKey.ReadPem(full, "public key"), full, notAfter);
        }
        catch (ArgumentException e)
        {
            throw new SigningKeyException(full, e.Message, e);
        }
    }

    /// <summary>Whether the key is past its <see cref="NotAfter"/> at <paramref name="now"/>.</summary>
    public bool IsExpired(DateTimeOffset now) => NotAfter is { } limit && now > limit;
}
