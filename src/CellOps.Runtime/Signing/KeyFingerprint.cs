using System.Security.Cryptography;

namespace CellOps.Runtime.Signing;

/// <summary>The key id CellOps shows and records for a public key: the SHA-256 of its SubjectPublicKeyInfo.</summary>
public static class KeyFingerprint
{
    /// <summary>Lowercase hex SHA-256 of <paramref name="subjectPublicKeyInfo"/> (DER).</summary>
    public static string Of(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        Convert.ToHexString(SHA256.HashData(subjectPublicKeyInfo)).ToLowerInvariant();

    /// <summary>The key id of <paramref name="key"/>'s public half.</summary>
    public static string Of(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Of(key.ExportSubjectPublicKeyInfo());
    }
}
